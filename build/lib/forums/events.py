"""Shapes of the group events forums sends (``lms.live.LiveEvent`` with forums' fields).

Groups: ``forums.topic.<pk>`` (the posts of an open topic page) and ``forums.forum.<pk>``
(the topic list of an open forum page). Each event's ``html`` has one rendered fragment per
audience (``"member"``, ``"moderator"``); ``personal_for`` lists users whose copy differs
(the author, the asker of a question) and who get a fresh render from the database.
"""

from typing import Final, Literal, NotRequired, TypedDict

POST_CHANGED: Final = "forums.post_changed"
TOPIC_CHANGED: Final = "forums.topic_changed"


class PostChanged(TypedDict):
    """A post was created, edited, deleted, hidden, unhidden, marked helpful or accepted."""

    type: Literal["forums.post_changed"]
    stream: str
    seq: int
    html: dict[str, str]
    personal_for: NotRequired[list[int]]
    post_id: int
    topic_id: int


class TopicChanged(TypedDict):
    """A topic was created, got a post, or was pinned, locked or hidden."""

    type: Literal["forums.topic_changed"]
    stream: str
    seq: int
    html: dict[str, str]
    personal_for: NotRequired[list[int]]
    topic_id: int
    forum_id: int
