"""Durable side effects: record in the cause's transaction, run after commit, retry, park.

Usage from any app's service::

    from lms.outbox import enqueue, enqueue_email, handler

    @handler("forums.mention")            # in a module imported by AppConfig.ready()
    def send_mention(payload: dict) -> None: ...   # raise to fail (it is retried)

    enqueue(kind="forums.mention", key=f"post:{post.pk}:user:{user.pk}", payload={...})
    enqueue_email(key=f"invitation:{invitation.pk}:sent:1", to=[email], subject=..., text=...)

Never put a secret in an item (a password-reset token, a signed invitation or attestation
link): items are listed in the admin and kept in backups. Record the ids and let the handler
make the link when it sends, as ``lms.password_reset`` and ``lms.resend_invitation`` do.

Rules (QUALITY.md, reliability): the item is written inside the caller's transaction; the
first attempt is scheduled with ``on_commit``; a broker that cannot be reached only delays
the attempt (the periodic sweep picks it up); attempts are counted and an item that keeps
failing is parked with its error, visible in the admin, where staff can retry it. Handlers
must be idempotent per item: a crash after the handler ran but before the item was marked
done runs it again.
"""

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .conf import conf
from .models import OutboxItem

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], None]
_HANDLERS: dict[str, Handler] = {}
# Long effects (a roster import) that the embedded profile runs in a thread, not inline.
_LONG: set[str] = set()

#: How long one attempt may hold an item before another worker may take it over.
LEASE = timedelta(minutes=5)


def max_attempts() -> int:
    return int(conf.LAUNCH_OUTBOX_MAX_ATTEMPTS)


def handler(kind: str, *, long: bool = False) -> Callable[[Handler], Handler]:
    """Register the function that carries out items of ``kind``.

    ``long`` effects run in a background thread when Celery is eager and
    ``LAUNCH_OUTBOX_EAGER_THREADS`` is on (the embedded profile's stand-in for a worker), so the
    request that caused them returns at once and the page can show progress.
    """

    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        if long:
            _LONG.add(kind)
        return func

    return register


def enqueue(*, kind: str, key: str, payload: dict[str, Any]) -> None:
    """Record a side effect in the current transaction; a repeat of (kind, key) is ignored.

    After commit the first attempt is handed to Celery (run inline when Celery is eager).
    """
    if kind not in _HANDLERS:
        raise LookupError(f"no outbox handler registered for {kind!r}")
    created = OutboxItem.objects.bulk_create(
        [OutboxItem(kind=kind, key=key[:255], payload=payload)], ignore_conflicts=True
    )
    if created:
        transaction.on_commit(lambda: _dispatch(kind, key[:255]))


def enqueue_email(
    *, key: str, to: list[str], subject: str, text: str, html: str | None = None
) -> None:
    """Record an email to send after commit (retried until delivered, parked if it cannot be)."""
    enqueue(
        kind="lms.email",
        key=key,
        payload={"to": to, "subject": subject, "text": text, "html": html},
    )


def _dispatch(kind: str, key: str) -> None:
    from .tasks import run_outbox_item_task

    item_id = OutboxItem.objects.filter(kind=kind, key=key).values_list("pk", flat=True).first()
    if item_id is None:
        return
    if kind in _LONG and settings.CELERY_TASK_ALWAYS_EAGER and _eager_threads():
        threading.Thread(target=_run_in_thread, args=(item_id,), daemon=True).start()
        return
    try:
        run_outbox_item_task.delay(item_id)
    except Exception:  # the broker is unreachable: the sweep will run it
        logger.warning("outbox: could not hand item %s to the broker; the sweep will", item_id)


def _eager_threads() -> bool:
    return bool(conf.LAUNCH_OUTBOX_EAGER_THREADS)


def _run_in_thread(item_id: int) -> None:
    try:
        run_item(item_id)
    finally:
        connection.close()


def run_item(item_id: int) -> bool:
    """Attempt one item if it is due and no one else holds it. True when it is done."""
    now = timezone.now()
    claimed = OutboxItem.objects.filter(
        pk=item_id, status=OutboxItem.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    if not claimed:
        return False
    item = OutboxItem.objects.get(pk=item_id)
    try:
        _HANDLERS[item.kind](item.payload)
    except Exception as exc:
        _record_failure(item, exc)
        return False
    OutboxItem.objects.filter(pk=item_id).update(
        status=OutboxItem.Status.DONE, done_at=timezone.now(), last_error=""
    )
    return True


def _record_failure(item: OutboxItem, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if item.attempts >= max_attempts():
        logger.error("outbox: parking %s %s after %s attempts", item.kind, item.pk, item.attempts)
        OutboxItem.objects.filter(pk=item.pk).update(
            status=OutboxItem.Status.PARKED, last_error=error
        )
        return
    # Back off: 30 s, 2 min, 8 min, ... capped at an hour.
    delay = min(timedelta(seconds=30 * 4 ** (item.attempts - 1)), timedelta(hours=1))
    logger.warning("outbox: %s %s failed (%s); retry in %s", item.kind, item.pk, error, delay)
    OutboxItem.objects.filter(pk=item.pk).update(
        next_attempt_at=timezone.now() + delay, last_error=error
    )


def due_item_ids(limit: int = 500) -> list[int]:
    return list(
        OutboxItem.objects.filter(
            status=OutboxItem.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def retry_parked(*, item_ids: list[int]) -> int:
    """Put parked items back in the queue (staff, from the admin). Returns how many."""
    return OutboxItem.objects.filter(pk__in=item_ids, status=OutboxItem.Status.PARKED).update(
        status=OutboxItem.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


def send_email_now(*, to: list[str], subject: str, text: str, html: str | None = None) -> None:
    """Send one email at once (from a handler: the outbox retries it when this raises)."""
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@handler("lms.email")
def _send_email(payload: dict[str, Any]) -> None:
    send_email_now(
        to=payload["to"],
        subject=payload["subject"],
        text=payload["text"],
        html=payload.get("html"),
    )
