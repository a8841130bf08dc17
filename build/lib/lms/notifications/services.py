"""Writes of notifications: record one (``notify``), mark read, and the session fan-out.

Every function is atomic and leaves the inbox consistent: its row is locked, ``last_seq``
advances once per change and ``unread`` follows; after commit the cached bell is
invalidated and the new bell pushed to the person's open pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import CohortSession, Enrolment, Notification, NotificationInbox
from ..outbox import enqueue, handler
from ..people import User
from ..selectors import CURRENT
from . import selectors
from .live import push_bell

Kind = Notification.Kind

#: Recipients written per statement by a fan-out (a cohort's people).
CHUNK = 500


def _check_url(url: str) -> str:
    """Only paths of this site: a notification never links elsewhere (or to ``javascript:``)."""
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        raise ValidationError("notification links must be site paths")
    return url[:500]


def _changed(user_id: int) -> None:
    """After commit: forget the cached bell, then push the new one."""
    transaction.on_commit(partial(selectors.bump_bell_version, user_id), robust=True)
    push_bell(user_id)


def _lock(user_ids: list[int]) -> dict[int, int]:
    """Make sure the inboxes exist and lock them (in id order); their ``last_seq`` by id."""
    NotificationInbox.objects.bulk_create(
        [NotificationInbox(user_id=pk) for pk in user_ids], ignore_conflicts=True
    )
    rows = (
        NotificationInbox.objects.select_for_update()
        .filter(pk__in=user_ids)
        .order_by("pk")
        .values_list("pk", "last_seq")
    )
    return dict(rows)


def notify_many(
    *,
    actor: User | None,
    recipient_ids: Iterable[int | None],
    kind: str,
    key: str,
    title: str,
    url: str,
) -> int:
    """Tell each recipient (but not ``actor``) about the event ``key``; returns how many were
    told now. A recipient already told about ``key`` is skipped, so retrying the side effect
    that calls this records nothing twice. ``url`` must be a path of this site."""
    actor_id = actor.pk if actor is not None else None
    ids = sorted({pk for pk in recipient_ids if pk is not None and pk != actor_id})
    if not ids:
        return 0
    if kind not in Kind.values:
        raise ValidationError(f"unknown notification kind {kind!r}")
    url = _check_url(url)
    told = 0
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            seqs = _lock(chunk)
            known = set(
                Notification.objects.filter(key=key[:255], recipient_id__in=chunk).values_list(
                    "recipient_id", flat=True
                )
            )
            new = [pk for pk in chunk if pk not in known]
            if not new:
                continue
            NotificationInbox.objects.filter(pk__in=new).update(
                last_seq=F("last_seq") + 1, unread=F("unread") + 1
            )
            now = timezone.now()
            Notification.objects.bulk_create(
                [
                    Notification(
                        recipient_id=pk,
                        kind=kind,
                        key=key[:255],
                        title=title[:300],
                        url=url,
                        seq=seqs[pk] + 1,
                        created_at=now,
                    )
                    for pk in new
                ]
            )
            for pk in new:
                _changed(pk)
            told += len(new)
    return told


def notify(
    *, actor: User | None, recipient_id: int | None, kind: str, key: str, title: str, url: str
) -> bool:
    """Tell one person about the event ``key`` (once: see :func:`notify_many`). Call it
    inside the transaction that makes the event, or from its outbox effect."""
    told = notify_many(
        actor=actor, recipient_ids=[recipient_id], kind=kind, key=key, title=title, url=url
    )
    return told == 1


def _recount(user_id: int) -> None:
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).count()
    NotificationInbox.objects.filter(pk=user_id).update(unread=unread, last_seq=F("last_seq") + 1)
    _changed(user_id)


@transaction.atomic
def mark_read(*, actor: User, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read (someone else's is a 404)."""
    notification = selectors.access_notification(user=actor, pk=notification_id)
    if notification.read_at is None:
        _lock([actor.pk])
        now = timezone.now()
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        notification.read_at = now
        if updated:
            _recount(actor.pk)
    return notification


@transaction.atomic
def mark_all_read(*, actor: User) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    _lock([actor.pk])
    updated = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if updated:
        _recount(actor.pk)
    return updated


# --- sessions: the cohort's people, through the outbox -----------------------------------------

SESSION_CHANGES = ("created", "changed", "deleted")


def _session_title(what: str) -> str:
    if what == "created":
        return _("New session: %(title)s, %(when)s")
    if what == "changed":
        return _("Session changed: %(title)s, %(when)s")
    return _("Session cancelled: %(title)s, %(when)s")


def notify_session_change(*, actor: User, session: CohortSession, what: str) -> None:
    """Tell the cohort's people (after commit, through the outbox) that ``session`` was
    ``created``, ``changed`` or ``deleted`` (call before deleting it)."""
    if what not in SESSION_CHANGES:
        raise ValueError(what)
    event = uuid.uuid4().hex
    enqueue(
        kind="lms.notify_session",
        key=f"session:{session.pk}:{what}:{event}",
        payload={
            "event": event,
            "cohort_id": session.cohort_id,
            "session_id": session.pk,
            "what": what,
            "title": session.title,
            "starts_at": session.starts_at.isoformat(),
            "actor_id": actor.pk,
        },
    )


@handler("lms.notify_session")
def _notify_session(payload: dict[str, Any]) -> None:
    from datetime import datetime

    recipients = (
        Enrolment.objects.filter(cohort_id=payload["cohort_id"], status__in=CURRENT)
        .values_list("user_id", flat=True)
        .distinct()
    )
    starts = timezone.localtime(datetime.fromisoformat(payload["starts_at"]))
    when = formats.date_format(starts, "DATETIME_FORMAT")
    template = _session_title(payload["what"])
    actor = User.objects.filter(pk=payload.get("actor_id") or 0).first()
    notify_many(
        actor=actor,
        recipient_ids=list(recipients),
        kind=Kind.SESSION,
        key=f"lms.session:{payload['event']}",
        title=template % {"title": payload["title"], "when": when},
        url=reverse("lms:sessions"),
    )
