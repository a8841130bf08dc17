"""WebSocket consumers of coaching: an open feedback thread and a coach's open queue.

Both build on :class:`lms.live.LiveConsumer` (origin and user checked, inbound size and rate
limited, replay on ``resume``, relays re-check access, access changes close the socket).
A thread socket also accepts ``{"type": "here"}`` (once, after ``resume``: presence is
announced to the other sockets, which answer the newcomer directly), ``{"type": "typing"}``
(relayed, never stored) and
``{"type": "post", "body": "...", "anchor": ""}`` (stored through
:func:`coaching.services.post_message`; refused and closed for read-only viewers). Sockets
that announced themselves also say when they leave.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from typing import Any

from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.loader import render_to_string

from lms.live import CLOSE_POLICY, CLOSE_REFUSED, LiveConsumer, LiveItem

from . import selectors
from .live import (
    MESSAGE_EVENT,
    PRESENCE_EVENT,
    QUEUE_EVENT,
    TYPING_EVENT,
    queue_group,
    replay_queue,
    replay_thread,
    thread_group,
)

logger = logging.getLogger(__name__)

#: Seconds (plus up to as much again, random) before a socket records what it delivered.
READ_MARK_DELAY = 30.0
#: Seconds one access decision is shared by the sockets of a user and thread opening together
#: (forced re-checks, after an access change, always decide afresh).
ACCESS_SHARE_SECONDS = 1.0
_ACCESS_CACHE: dict[tuple[int, int], tuple[float, str | None, Any]] = {}

#: Seconds between two typing events relayed from one socket.
TYPING_INTERVAL = 2.0


class ThreadConsumer(LiveConsumer):
    """``/ws/coaching/threads/<thread_id>/``: the thread's messages, typing and presence."""

    relay_types = frozenset({MESSAGE_EVENT})
    cursor_dom_id = "live-cursor"
    max_message_bytes = 8192
    rate_limit = 20
    rate_window = 10.0

    def _pk(self) -> int:
        return int(self.scope["url_route"]["kwargs"]["thread_id"])

    def stream_group(self) -> str:
        return thread_group(self._pk())

    def authorize(self, user: Any) -> str:
        return selectors.access_thread(user=user, pk=self._pk()).role

    def replay(self, user: Any, after: int, limit: int) -> list[LiveItem]:
        return replay_thread(self._pk(), after, limit)

    # --- access checks shared by the sockets of one user in one process ---------------------

    async def _check_access(self) -> bool:
        """The access check, shared for ``ACCESS_SHARE_SECONDS`` by this process's sockets of
        the same user and thread (a thousand tabs opening at once cost one check each second,
        not a thousand)."""
        key = (self.user.pk, self._pk())
        cached = _ACCESS_CACHE.get(key)
        now = time.monotonic()
        if cached is not None and now - cached[0] < ACCESS_SHARE_SECONDS:
            _at, role, user = cached
            self.audience = role
            if role is None:
                return False
            self.user, self.checked_at = user, now
            return True
        allowed = await super()._check_access()
        if len(_ACCESS_CACHE) > 10_000:
            _ACCESS_CACHE.clear()
        _ACCESS_CACHE[key] = (now, self.audience if allowed else None, self.user)
        return allowed

    async def _still_allowed(self, force: bool) -> bool:
        if force:  # an access change: decide afresh, not from a shared answer
            _ACCESS_CACHE.pop((self.user.pk, self._pk()), None)
        return await super()._still_allowed(force)

    # --- read markers ------------------------------------------------------------------------

    def _mark(self, seq: int) -> None:
        from .services import touch_read_from_socket

        touch_read_from_socket(user_id=self.user.pk, thread_id=self._pk(), seq=seq)

    async def _maybe_mark_read(self, force: bool = False) -> None:
        """Record what this socket delivered: at once when ``force`` (disconnect), else once
        within ``READ_MARK_DELAY`` (+ jitter, so a thousand sockets do not write together)."""
        seq = getattr(self, "last_seq", None)
        if seq is None or seq <= getattr(self, "marked_seq", 0):
            return
        if not force:
            if getattr(self, "mark_task", None) is None:
                self.mark_task: asyncio.Task[None] | None = asyncio.ensure_future(
                    self._mark_later()
                )
            return
        task = getattr(self, "mark_task", None)
        if task is not None:
            task.cancel()
            self.mark_task = None
        await self._write_mark(seq)

    async def _mark_later(self) -> None:
        await asyncio.sleep(READ_MARK_DELAY * (1 + random.random()))
        self.mark_task = None
        if self.last_seq is not None and self.last_seq > getattr(self, "marked_seq", 0):
            await self._write_mark(self.last_seq)

    async def _write_mark(self, seq: int) -> None:
        self.marked_seq = seq
        try:
            await database_sync_to_async(self._mark)(seq)
        except Exception:  # a read marker is a convenience: never break delivery for it
            logger.warning("read marker for thread %s failed", self._pk(), exc_info=True)

    async def _catch_up(self) -> None:
        await super()._catch_up()
        await self._maybe_mark_read()

    async def _relay(self, event: Any) -> None:
        await super()._relay(event)
        await self._maybe_mark_read()

    # --- presence and typing (not stored) ----------------------------------------------------

    def _display_name(self) -> str:
        return str(self.user.get_full_name() or self.user.email.split("@")[0])

    async def _announce(self, state: str, *, to: str | None = None) -> None:
        """Tell the thread's other sockets (or one socket, ``to``) that this user is here or
        has left; best effort, never stored."""
        event = {
            "type": PRESENCE_EVENT,
            "user_id": self.user.pk,
            "role": self.audience,
            "name": self._display_name(),
            "state": state,
            "reply_to": None if to else self.channel_name,
        }
        try:
            if to:
                await self.channel_layer.send(to, event)
            else:
                await self.channel_layer.group_send(self.group, event)
        except Exception:  # presence is best effort
            logger.warning("presence for thread %s not sent", self._pk(), exc_info=True)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "announced", False):
            await self._announce("left")
        if getattr(self, "audience", None):
            await self._maybe_mark_read(force=True)
        await super().disconnect(code)

    async def coaching_presence(self, event: dict[str, Any]) -> None:
        if event.get("user_id") == self.user.pk or not getattr(self, "announced", False):
            return
        if event.get("state") == "here" and event.get("reply_to"):
            await self._announce("here", to=event["reply_to"])  # only to the newcomer
        html = render_to_string("coaching/partials/_presence.html", {"event": event})
        await self.send(text_data=html)

    async def coaching_request(self, event: dict[str, Any]) -> None:
        if self.last_seq is None:  # not resumed yet: its page shows the current state
            return
        await self.send(text_data=event["html"])

    async def coaching_typing(self, event: dict[str, Any]) -> None:
        if event.get("user_id") == self.user.pk or self.last_seq is None:
            return
        html = render_to_string("coaching/partials/_typing.html", {"event": event})
        await self.send(text_data=html)

    # --- inbound -------------------------------------------------------------------------------

    async def receive_other(self, content: dict[str, Any]) -> bool:
        kind = content.get("type")
        if kind == "here":  # the page announces itself once it has resumed
            if self.last_seq is None or getattr(self, "announced", False):
                return False
            self.announced = True
            await self._announce("here")
            return True
        if kind == "typing":
            if self.audience not in selectors.WRITERS:
                await self.close(code=CLOSE_REFUSED)
                return True
            now = time.monotonic()
            if now - getattr(self, "typed_at", 0.0) >= TYPING_INTERVAL:
                self.typed_at = now
                try:
                    await self.channel_layer.group_send(
                        self.group,
                        {
                            "type": TYPING_EVENT,
                            "user_id": self.user.pk,
                            "name": self._display_name(),
                        },
                    )
                except Exception:  # typing is best effort
                    logger.warning("typing for thread %s not sent", self._pk(), exc_info=True)
            return True
        if kind == "post":
            body, anchor = content.get("body"), content.get("anchor", "")
            if not isinstance(body, str) or not isinstance(anchor, str):
                return False
            try:
                await database_sync_to_async(self._post)(body, anchor)
            except Http404:
                await self.close(code=CLOSE_REFUSED)
            except ValidationError:
                await self.close(code=CLOSE_POLICY)
            return True
        return False

    def _post(self, body: str, anchor: str) -> None:
        from .services import post_message

        post_message(actor=self.user, thread_id=self._pk(), body=body, anchor=anchor)


class CoachQueueConsumer(LiveConsumer):
    """``/ws/coaching/queue/``: the signed-in coach's queue, re-rendered whenever it changes."""

    relay_types = frozenset({QUEUE_EVENT})
    cursor_dom_id = "queue-cursor"

    def stream_group(self) -> str:
        return queue_group(self.user.pk)

    def authorize(self, user: Any) -> str:
        if not selectors.is_coach(user):
            raise Http404("queue")
        return "coach"

    def replay(self, user: Any, after: int, limit: int) -> list[LiveItem]:
        return replay_queue(user, after)
