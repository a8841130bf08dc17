"""Live delivery over WebSockets: the database is the record, the socket only a notification.

Shared by the apps that push HTML to open pages (forums now, coaching's feedback threads
later). The rules (QUALITY.md, "Reliability"):

* **Store first.** Every live item is a row (a post, a message...) that carries a per-stream
  sequence id (``seq``), allocated inside the writing transaction with :func:`allocate_seq`.
  A stream is one thing people watch: a topic, a forum listing, a feedback thread.
* **Push after commit.** Services call :func:`publish` (or :func:`publish_lazy`), which sends
  to the stream's channel group with ``transaction.on_commit``. If the channel layer is down
  (Redis unreachable) the write still succeeds: the failure is logged and nothing is raised.
* **Catch up on (re)connect.** A client sends ``{"type": "resume", "after": N}`` (the last
  ``seq`` it has seen, rendered into the page) when its socket opens; the consumer replays
  every item newer than ``N`` from the database, in order, then relays pushes. The consumer
  remembers the last ``seq`` it sent, so nothing is sent twice on one connection; a push that
  skips a ``seq`` (one was lost) makes it catch up from the database instead.
* **Access is re-checked.** :func:`notify_access_changed` (connected here to enrolment,
  membership and user saves) records an :class:`~lms.models.AccessChange` row in the changing
  transaction and, after commit, tells the per-user group ``lms.user.<id>`` (which every
  consumer joins): that user's sockets re-check their access at once. If that push is lost
  (Redis down), each process's :class:`AccessWatch` finds the row within
  ``ACCESS_POLL_SECONDS`` (one query a second per process, however many sockets are open), so
  a user removed from a cohort stops receiving within 5 s either way. As a safety net for
  changes nobody announced, every socket also re-checks every ``ACCESS_RECHECK_SECONDS``
  (spread at random, off the delivery path), joining its groups again and catching up (a
  Redis restarted under an open socket has forgotten its groups). Relaying a push never
  touches the database.
* **Inbound messages are validated.** Anonymous users are refused at the handshake (the
  origin is checked by ``AllowedHostsOriginValidator`` in ``config/asgi.py``); messages over
  ``max_message_bytes``, binary frames, bad JSON, unknown types and clients sending more than
  ``rate_limit`` messages per ``rate_window`` seconds are closed.

A stream's consumer subclasses :class:`LiveConsumer` and provides three hooks (each runs in
a thread with database access): ``authorize`` (the selector: may this user watch this
stream? returns the audience name used to pick a pushed fragment), ``replay`` (the items
after a ``seq``, rendered for this user) and ``stream_group``. Pushed events are
``LiveEvent`` dicts: ``html`` holds one rendered fragment per audience (e.g. ``"member"``,
``"moderator"``); users listed in ``personal_for`` (e.g. the author, whose copy has edit
controls) get a fresh render through ``replay`` instead.

The page side (htmx's ``ws`` extension) swaps each message in out-of-band; every message
ends with the stream's cursor element (``<div id="live-cursor" data-seq="N">``), which the
client script reads when it (re)connects to send ``resume``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
import weakref
from abc import ABCMeta, abstractmethod
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NotRequired, TypedDict

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from django.db import models, transaction
from django.db.models import F
from django.http import Http404
from django.utils.html import format_html

logger = logging.getLogger(__name__)

#: Event type sent to ``lms.user.<id>`` when that user's access may have changed.
ACCESS_CHANGED = "lms.access_changed"
#: Seconds between two polls of the access log by a process's :class:`AccessWatch`.
ACCESS_POLL_SECONDS = 1.0
#: How far back each poll looks (longer than any transaction that changes access).
ACCESS_POLL_WINDOW_SECONDS = 120.0
#: Mean seconds between the safety-net re-checks of one socket (each between 0.5x and 1.5x).
ACCESS_RECHECK_SECONDS = 60.0
#: Seconds a push may take before it is given up (the layer is down: clients catch up).
SEND_TIMEOUT_SECONDS = 2.0

# WebSocket close codes used by the consumers.
CLOSE_REFUSED = 4403
CLOSE_TOO_BIG = 1009
CLOSE_POLICY = 1008
CLOSE_FLOODING = 4429


class LiveEvent(TypedDict):
    """A pushed item: group event sent to a stream's group (``type`` is ``"<app>.<event>"``)."""

    type: str
    stream: str
    seq: int
    html: dict[str, str]
    personal_for: NotRequired[list[int]]


class AccessChangedEvent(TypedDict):
    """Sent to ``lms.user.<id>``: re-check access now."""

    type: str


class LiveItem(TypedDict):
    """One replayed item: its sequence id and the HTML rendered for the asking user."""

    seq: int
    html: str


def user_group(user_id: int) -> str:
    """The per-user group every live consumer joins (for access changes)."""
    return f"lms.user.{user_id}"


def allocate_seq(model: type[models.Model], pk: int, field: str = "last_seq") -> int:
    """Increment the stream counter ``field`` of row ``pk`` and return the new value.

    Call inside the writing transaction: the row stays locked until commit, so concurrent
    writers to one stream get distinct, increasing ids in commit order.
    """
    model._default_manager.filter(pk=pk).update(**{field: F(field) + 1})
    return int(model._default_manager.filter(pk=pk).values_list(field, flat=True).get())


#: Sends made from a thread whose event loop is running (``async_to_sync`` refuses there).
_LOOP_SENDER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-push")


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def send_now(group: str, event: dict[str, Any]) -> bool:
    """Send ``event`` to ``group`` now; False (logged, never raised) when the layer fails.

    Works from synchronous code (views, tasks, ``on_commit`` callbacks run in a thread), and
    from synchronous code running in a thread whose event loop is running (a sync callback
    on an ASGI server's loop, a test driving a browser): ``async_to_sync`` cannot run there,
    so the send is handed to a helper thread, and waited for, at most the send timeout.
    """
    layer = get_channel_layer()
    if layer is None:
        return False

    async def _send() -> None:
        await asyncio.wait_for(layer.group_send(group, event), SEND_TIMEOUT_SECONDS)

    try:
        if _running_loop() is None:
            async_to_sync(_send)()
        else:
            _LOOP_SENDER.submit(async_to_sync(_send)).result(timeout=SEND_TIMEOUT_SECONDS + 1)
    except Exception:  # the layer is down or slow: the record is safe, clients catch up
        logger.warning("live push to %s failed; clients will catch up", group, exc_info=True)
        return False
    return True


def publish(group: str, event: LiveEvent | dict[str, Any]) -> None:
    """Send ``event`` to ``group`` after the current transaction commits (never on rollback)."""
    payload = dict(event)
    transaction.on_commit(lambda: send_now(group, payload))


def publish_lazy(group: str, build: Any) -> None:
    """Like :func:`publish`, but ``build()`` makes the event after commit (e.g. renders the
    fragment from committed rows); a failure to build is logged, never raised."""

    def _run() -> None:
        try:
            event = build()
        except Exception:
            logger.exception("building the live event for %s failed", group)
            return
        if event is not None:
            send_now(group, dict(event))

    transaction.on_commit(_run)


def notify_access_changed(user_ids: Iterable[int | None]) -> None:
    """Make every live socket of these users re-check its access: recorded now (in the
    current transaction, for the processes' :class:`AccessWatch`) and pushed after commit."""
    from .models import AccessChange

    ids = sorted({pk for pk in user_ids if pk is not None})
    if not ids:
        return
    AccessChange.objects.bulk_create([AccessChange(user_id=pk) for pk in ids])
    for pk in ids:
        publish(user_group(pk), {"type": ACCESS_CHANGED})


def prune_access_changes(older_than_seconds: float = 3600.0) -> int:
    """Delete access-log rows no poll will read again; returns how many."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import AccessChange

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    deleted, _ = AccessChange.objects.filter(created_at__lt=cutoff).delete()
    return deleted


class AccessWatch:
    """One per event loop (an ASGI process): the open sockets by user, the access-log poll
    and the spread-out safety-net re-checks.

    While sockets are open it reads the access log once every ``ACCESS_POLL_SECONDS``, looking
    ``ACCESS_POLL_WINDOW_SECONDS`` back (rows are remembered, so each is acted on once even
    when transactions commit out of id order), and makes the named users' sockets re-check.
    It stops when the last socket closes.
    """

    def __init__(self) -> None:
        self.sockets: dict[int, set[LiveConsumer]] = {}
        self.seen: dict[int, float] = {}
        self.task: asyncio.Task[None] | None = None
        self.checks: set[asyncio.Future[Any]] = set()

    def add(self, consumer: LiveConsumer) -> None:
        self.sockets.setdefault(consumer.user.pk, set()).add(consumer)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())

    def discard(self, consumer: LiveConsumer) -> None:
        for user_id, consumers in list(self.sockets.items()):
            consumers.discard(consumer)
            if not consumers:
                del self.sockets[user_id]
        if not self.sockets and self.task is not None:
            self.task.cancel()
            self.task = None

    async def _run(self) -> None:
        while self.sockets:
            await asyncio.sleep(ACCESS_POLL_SECONDS)
            try:
                changed = await database_sync_to_async(self._poll)()
            except Exception:  # the database is away: try again next time
                logger.warning("polling the access log failed", exc_info=True)
                changed = set()
            now = time.monotonic()
            for user_id, consumers in list(self.sockets.items()):
                for consumer in list(consumers):
                    if user_id in changed:
                        self._spawn(consumer._still_allowed(force=True))
                    elif now >= consumer.recheck_due:
                        consumer.recheck_due = now + _recheck_interval()
                        self._spawn(consumer._refresh())

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self.checks.add(task)
        task.add_done_callback(self.checks.discard)

    def _poll(self) -> set[int]:
        from datetime import timedelta

        from django.utils import timezone

        from .models import AccessChange

        window = timedelta(seconds=ACCESS_POLL_WINDOW_SECONDS)
        rows = AccessChange.objects.filter(created_at__gte=timezone.now() - window)
        changed: set[int] = set()
        now = time.monotonic()
        for pk, user_id in rows.values_list("pk", "user_id"):
            if pk not in self.seen:
                self.seen[pk] = now
                changed.add(user_id)
        horizon = now - 2 * ACCESS_POLL_WINDOW_SECONDS
        self.seen = {pk: at for pk, at in self.seen.items() if at >= horizon}
        return changed


_WATCHES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AccessWatch] = (
    weakref.WeakKeyDictionary()
)


def access_watch() -> AccessWatch:
    """The running event loop's :class:`AccessWatch`."""
    loop = asyncio.get_running_loop()
    watch = _WATCHES.get(loop)
    if watch is None:
        watch = _WATCHES[loop] = AccessWatch()
    return watch


def _recheck_interval() -> float:
    return ACCESS_RECHECK_SECONDS * (0.5 + random.random())


def cursor_html(seq: int, dom_id: str = "live-cursor") -> str:
    """The cursor element each message ends with (the client reads it to resume)."""
    return format_html(
        '<div id="{}" hx-swap-oob="true" data-seq="{}" hidden></div>', dom_id, int(seq)
    )


class LiveConsumer(AsyncWebsocketConsumer, metaclass=ABCMeta):
    """Base consumer for one stream: check access, join, replay on resume, relay pushes.

    Subclasses set ``relay_types`` (the group event types they relay) and implement
    :meth:`stream_group`, :meth:`authorize` and :meth:`replay`.
    """

    relay_types: frozenset[str] = frozenset()
    cursor_dom_id = "live-cursor"
    max_message_bytes = 1024
    rate_limit = 20
    rate_window = 10.0
    replay_limit = 500

    # --- hooks for subclasses (run in a thread: database access allowed) --------------------

    @abstractmethod
    def stream_group(self) -> str:
        """The channel group of this socket's stream, e.g. ``"forums.topic.42"``."""

    @abstractmethod
    def authorize(self, user: Any) -> str:
        """The audience name (a key of pushed ``html``) if ``user`` may watch the stream;
        raise ``Http404`` (``lms.exceptions.AccessDenied``) when not."""

    @abstractmethod
    def replay(self, user: Any, after: int, limit: int) -> list[LiveItem]:
        """Items of the stream with ``seq > after``, oldest first, rendered for ``user``."""

    # --- connection ----------------------------------------------------------------------

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        self.last_seq: int | None = None
        self.audience: str | None = None
        self.checked_at = 0.0
        self.recheck_due = time.monotonic() + _recheck_interval()
        self.message_times: list[float] = []
        self.groups_joined: list[str] = []
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=CLOSE_REFUSED)
            return
        if not await self._check_access():
            await self.close(code=CLOSE_REFUSED)
            return
        self.group = await database_sync_to_async(self.stream_group)()
        for group in (self.group, user_group(self.user.pk)):
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()
        access_watch().add(self)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "groups_joined", None):
            access_watch().discard(self)
        for group in getattr(self, "groups_joined", []):
            try:
                await self.channel_layer.group_discard(group, self.channel_name)
            except Exception:  # the layer is down: its group memberships expire anyway
                logger.warning("group_discard failed for %s", group, exc_info=True)

    async def _check_access(self) -> bool:
        try:
            self.audience = await database_sync_to_async(self._authorize_fresh)()
        except Http404:
            self.audience = None
            return False
        self.checked_at = time.monotonic()
        return True

    def _authorize_fresh(self) -> str:
        # Reload the user: the scope's object is from the handshake and may be stale.
        from django.contrib.auth import get_user_model

        user = get_user_model()._default_manager.filter(pk=self.user.pk, is_active=True).first()
        if user is None:
            raise Http404("user")
        self.user = user
        return self.authorize(user)

    # --- inbound ----------------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if getattr(self, "flood_closed", False):
            return  # closed for flooding: the messages still queued are dropped, not closed again
        if bytes_data is not None or text_data is None:
            await self.close(code=CLOSE_POLICY)
            return
        if len(text_data.encode()) > self.max_message_bytes:
            await self.close(code=CLOSE_TOO_BIG)
            return
        now = time.monotonic()
        self.message_times = [t for t in self.message_times if now - t < self.rate_window]
        self.message_times.append(now)
        if len(self.message_times) > self.rate_limit:
            self.flood_closed = True
            await self.close(code=CLOSE_FLOODING)
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.close(code=CLOSE_POLICY)
            return
        if isinstance(content, dict) and content.get("type") != "resume":
            if not await self.receive_other(content):
                await self.close(code=CLOSE_POLICY)
            return
        after = content.get("after") if isinstance(content, dict) else None
        if (
            not isinstance(content, dict)
            or isinstance(after, bool)
            or not isinstance(after, int)
            or after < 0
        ):
            await self.close(code=CLOSE_POLICY)
            return
        await self._resume(after)

    async def receive_other(self, content: dict[str, Any]) -> bool:
        """Handle a validated inbound message other than ``resume`` (size and rate already
        checked). Return False to close the socket as a policy violation (the default: only
        ``resume`` is understood)."""
        return False

    async def _resume(self, after: int) -> None:
        """Replay from the database everything after ``after`` (or after what was sent)."""
        if self.last_seq is not None:
            after = max(after, self.last_seq)
        self.last_seq = after
        await self._catch_up()

    async def _catch_up(self) -> None:
        if self.last_seq is None:
            return
        if not await self._still_allowed(force=False):
            return
        items = await database_sync_to_async(self.replay)(
            self.user, self.last_seq, self.replay_limit
        )
        for item in items:
            if item["seq"] <= self.last_seq:
                continue
            self.last_seq = item["seq"]
            await self.send(text_data=item["html"] + cursor_html(item["seq"], self.cursor_dom_id))

    async def _still_allowed(self, force: bool) -> bool:
        """Unless ``force``, the standing decision (made at connect and kept up to date by the
        :class:`AccessWatch`); else decide afresh and close the socket when refused."""
        if not force:
            return self.audience is not None
        if await self._check_access():
            return True
        await self.close(code=CLOSE_REFUSED)
        return False

    async def _refresh(self) -> None:
        """The safety net, every ``ACCESS_RECHECK_SECONDS`` or so: decide access afresh, join
        the groups again (a restarted Redis has forgotten them, and then no push would come)
        and catch up from the database on anything the pushes missed."""
        if not await self._still_allowed(force=True):
            return
        try:
            for group in self.groups_joined:
                await self.channel_layer.group_add(group, self.channel_name)
        except Exception:  # the layer is down: the next refresh tries again
            logger.warning("re-joining live groups failed", exc_info=True)
            return
        await self._catch_up()

    # --- group events -----------------------------------------------------------------------

    async def dispatch(self, message: dict[str, Any]) -> None:
        kind = message.get("type", "")
        if kind == ACCESS_CHANGED:
            await self._still_allowed(force=True)
            return
        if kind in self.relay_types:
            await self._relay(message)  # type: ignore[arg-type]
            return
        await super().dispatch(message)

    async def _relay(self, event: LiveEvent) -> None:
        """Send a pushed item, or catch up from the database if it cannot be sent as is."""
        if self.last_seq is None:  # no resume yet: the client's resume will include it
            return
        seq = event["seq"]
        if seq <= self.last_seq:
            return  # already sent (a replay covered it)
        if not await self._still_allowed(force=False):
            return
        html = event["html"].get(self.audience or "")
        personal = self.user.pk in event.get("personal_for", [])
        if seq != self.last_seq + 1 or personal or html is None:
            await self._catch_up()
            return
        self.last_seq = seq
        await self.send(text_data=html + cursor_html(seq, self.cursor_dom_id))


def _connect_access_signals() -> None:
    """Enrolment and user changes tell that user's sockets to re-check access."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    from .models import Enrolment, OrganisationMembership

    def membership_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        notify_access_changed([instance.user_id])

    def user_changed(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
        if update_fields and set(update_fields) <= {"last_login"}:
            return  # a login, not a change of access
        notify_access_changed([instance.pk])

    for model in (Enrolment, OrganisationMembership):
        post_save.connect(
            membership_changed, sender=model, weak=False, dispatch_uid=f"live.{model}"
        )
        post_delete.connect(
            membership_changed, sender=model, weak=False, dispatch_uid=f"live.del.{model}"
        )
    user_model = get_user_model()
    post_save.connect(user_changed, sender=user_model, weak=False, dispatch_uid="live.user")
    post_delete.connect(user_changed, sender=user_model, weak=False, dispatch_uid="live.del.user")


_connect_access_signals()
