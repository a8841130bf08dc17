"""WebSocket consumers of forums: an open topic page and an open forum page.

Both are thin: :class:`lms.live.LiveConsumer` checks the user, validates inbound messages,
replays on resume and relays pushes; these only name the stream, ask the selector and
render the replay (``forums.live``).
"""

from typing import Any

from lms.live import LiveConsumer, LiveItem

from . import selectors
from .events import POST_CHANGED, TOPIC_CHANGED
from .live import forum_group, replay_forum, replay_topic, topic_group


class TopicConsumer(LiveConsumer):
    """``/ws/forums/topics/<topic_id>/``: posts of a topic as they change."""

    relay_types = frozenset({POST_CHANGED})

    def _pk(self) -> int:
        return int(self.scope["url_route"]["kwargs"]["topic_id"])

    def stream_group(self) -> str:
        return topic_group(self._pk())

    def authorize(self, user: Any) -> str:
        _topic, role = selectors.access_topic(user=user, pk=self._pk())
        return role

    def replay(self, user: Any, after: int, limit: int) -> list[LiveItem]:
        return replay_topic(user, self.audience or selectors.MEMBER, self._pk(), after, limit)


class ForumConsumer(LiveConsumer):
    """``/ws/forums/<forum_id>/``: topic rows of a forum as they change."""

    relay_types = frozenset({TOPIC_CHANGED})

    def _pk(self) -> int:
        return int(self.scope["url_route"]["kwargs"]["forum_id"])

    def stream_group(self) -> str:
        return forum_group(self._pk())

    def authorize(self, user: Any) -> str:
        _forum, role = selectors.access_forum(user=user, pk=self._pk())
        return role

    def replay(self, user: Any, after: int, limit: int) -> list[LiveItem]:
        return replay_forum(user, self.audience or selectors.MEMBER, self._pk(), after, limit)
