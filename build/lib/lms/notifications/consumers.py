"""``/ws/notifications/``: the signed-in person's own notification stream (the bell)."""

from __future__ import annotations

from typing import Any

from ..live import LiveConsumer, LiveItem
from . import selectors
from .live import BELL_EVENT, CURSOR_ID, inbox_group, replay_bell


class NotificationsConsumer(LiveConsumer):
    """Relays the person's bell whenever their inbox changes; replays it on ``resume``.

    The stream is the socket user's own: there is no id in the path to forge. Access (an
    active, signed-in account) is decided at connect and re-checked by ``lms.live``.
    """

    relay_types = frozenset({BELL_EVENT})
    cursor_dom_id = CURSOR_ID
    max_message_bytes = 256

    def stream_group(self) -> str:
        return inbox_group(self.user.pk)

    def authorize(self, user: Any) -> str:
        return selectors.access_inbox(user=user)

    def replay(self, user: Any, after: int, limit: int) -> list[LiveItem]:
        return replay_bell(user.pk, after)
