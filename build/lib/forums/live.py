"""Forums' live streams: fragments for pushes and replays, and the events services publish.

A topic page watches ``forums.topic.<pk>`` (posts); a forum page watches
``forums.forum.<pk>`` (topic rows). Fragments are out-of-band swaps for htmx's ``ws``
extension: a new post is appended to its list, a changed one replaces itself, a post hidden
from the viewer is deleted; a topic row is removed and put back at the top of the list.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from lms.live import LiveItem, publish_lazy
from lms.people import User

from .events import POST_CHANGED, TOPIC_CHANGED, PostChanged, TopicChanged
from .models import Post, Topic
from .selectors import MEMBER, MODERATOR, Viewer, viewer_for

AUDIENCES = (MEMBER, MODERATOR)


def topic_group(pk: int) -> str:
    return f"forums.topic.{pk}"


def forum_group(pk: int) -> str:
    return f"forums.forum.{pk}"


def render_post(post: Post, viewer: Viewer, *, new: bool) -> str:
    """The out-of-band fragment that brings one post up to date on a topic page."""
    visible = viewer.is_moderator or not (post.hidden or (post.parent and post.parent.hidden))
    return render_to_string(
        "forums/partials/_post_oob.html",
        {"p": post, "viewer": viewer, "new": new, "visible": visible, "topic": post.topic},
    )


def render_topic_row(topic: Topic, viewer: Viewer, *, unread: bool) -> str:
    """The out-of-band fragment that moves a topic's row to the top of a forum page."""
    visible = viewer.is_moderator or not topic.hidden
    return render_to_string(
        "forums/partials/_topic_oob.html",
        {"t": topic, "viewer": viewer, "visible": visible, "unread": unread},
    )


def _load_post(pk: int) -> Post | None:
    return (
        Post.objects.select_related("topic", "topic__forum", "author", "parent")
        .filter(pk=pk)
        .first()
    )


def push_post(post: Post) -> None:
    """After commit, send the post's current state to its topic's open pages."""
    post_id, topic_id = post.pk, post.topic_id

    def build() -> PostChanged | None:
        current = _load_post(post_id)
        if current is None:
            return None
        topic = current.topic
        new = current.created_seq == current.seq
        personal = [pk for pk in (current.author_id, topic.author_id) if pk is not None]
        return {
            "type": POST_CHANGED,
            "stream": topic_group(topic_id),
            "seq": current.seq,
            "html": {a: render_post(current, Viewer(None, a), new=new) for a in AUDIENCES},
            "personal_for": personal,
            "post_id": post_id,
            "topic_id": topic_id,
        }

    publish_lazy(topic_group(topic_id), build)


def push_topic(topic: Topic, *, actor: User | None = None) -> None:
    """After commit, send the topic's row to its forum's open pages."""
    topic_id, forum_id = topic.pk, topic.forum_id
    actor_id = actor.pk if actor is not None else None

    def build() -> TopicChanged | None:
        current = Topic.objects.select_related("author", "forum").filter(pk=topic_id).first()
        if current is None:
            return None
        return {
            "type": TOPIC_CHANGED,
            "stream": forum_group(forum_id),
            "seq": current.forum_seq,
            "html": {a: render_topic_row(current, Viewer(None, a), unread=True) for a in AUDIENCES},
            "personal_for": [actor_id] if actor_id else [],
            "topic_id": topic_id,
            "forum_id": forum_id,
        }

    publish_lazy(forum_group(forum_id), build)


def replay_topic(user: User, role: str, topic_id: int, after: int, limit: int) -> list[LiveItem]:
    """The topic's posts changed after ``after``, oldest change first, rendered for ``user``."""
    posts = list(
        Post.objects.filter(topic_id=topic_id, seq__gt=after)
        .select_related("topic", "topic__forum", "author", "parent")
        .order_by("seq")[:limit]
    )
    viewer = viewer_for(user, role, posts)
    return [
        {"seq": p.seq, "html": render_post(p, viewer, new=p.created_seq > after)} for p in posts
    ]


def replay_forum(user: User, role: str, forum_id: int, after: int, limit: int) -> list[LiveItem]:
    """The forum's topics changed after ``after``, oldest change first, rendered for ``user``."""
    from .models import ReadMarker

    topics = list(
        Topic.objects.filter(forum_id=forum_id, forum_seq__gt=after)
        .select_related("author", "forum")
        .order_by("forum_seq")[:limit]
    )
    read = dict(
        ReadMarker.objects.filter(user=user, topic__in=topics).values_list(
            "topic_id", "last_post_id"
        )
    )
    viewer = Viewer(user.pk, role)
    return [
        {
            "seq": t.forum_seq,
            "html": render_topic_row(t, viewer, unread=t.last_post_id_seen > read.get(t.pk, 0)),
        }
        for t in topics
    ]
