"""Writes of forums. Each service takes the acting user, checks through the selectors, writes
inside ``transaction.atomic`` and pushes (``lms.live``) or enqueues email (``lms.outbox``)
only after commit."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.links import absolute_url
from lms.live import ACCESS_CHANGED, allocate_seq, publish
from lms.models import Cohort, Enrolment, Standard
from lms.people import User
from lms.selectors import CURRENT
from lms.services import record_audit_event

from . import selectors
from .live import push_post, push_topic, topic_group
from .models import (
    DigestPreference,
    Forum,
    HelpfulMark,
    Mention,
    Post,
    ReadMarker,
    Report,
    Subscription,
    Topic,
)
from .rendering import find_mentions, plain_text, render_markdown
from .selectors import MODERATOR

logger = logging.getLogger(__name__)


# --- forums that exist for every cohort and programme -------------------------------------


def ensure_forums(*, cohort: Cohort) -> None:
    """Create (idempotently) the cohort's forum, its programme's ten standard forums and
    the network forum. Called when a cohort is saved and by the demo seeding."""
    Forum.objects.get_or_create(
        kind=Forum.Kind.COHORT,
        cohort=cohort,
        defaults={"title": _("%(cohort)s forum") % {"cohort": cohort.name}, "position": 1},
    )
    ensure_programme_forums(programme_id=cohort.programme_id)


def ensure_programme_forums(*, programme_id: int) -> None:
    """One forum per standard for the programme, and the network forum (idempotent)."""
    existing = set(
        Forum.objects.filter(kind=Forum.Kind.STANDARD, programme_id=programme_id).values_list(
            "standard_id", flat=True
        )
    )
    missing = [s for s in Standard.objects.order_by("number") if s.pk not in existing]
    Forum.objects.bulk_create(
        [
            Forum(
                kind=Forum.Kind.STANDARD,
                programme_id=programme_id,
                standard=s,
                title=_("Standard %(number)s: %(name)s") % {"number": s.number, "name": s.name},
                description=s.description,
                position=10 + s.number,
            )
            for s in missing
        ],
        ignore_conflicts=True,
    )
    Forum.objects.get_or_create(
        kind=Forum.Kind.NETWORK,
        defaults={
            "title": _("SIS Network"),
            "description": _("All participants, alumni and coaches of LAUNCH!"),
            "position": 0,
        },
    )


# --- helpers ----------------------------------------------------------------------------------


def _clean_text(value: str, limit: int, what: str) -> str:
    value = value.replace("\x00", "").strip()
    if not value:
        raise ValidationError(_("%(what)s cannot be empty.") % {"what": what})
    if len(value) > limit:
        raise ValidationError(
            _("%(what)s is too long (at most %(limit)s characters).")
            % {"what": what, "limit": limit}
        )
    return value


def _display_name(user: User | None) -> str:
    if user is None:
        return _("Former member")
    return user.get_full_name() or user.email.split("@")[0]


def _mentioned_users(forum: Forum, markdown: str, author: User) -> dict[str, User]:
    """Members of ``forum`` named by ``@handle`` (the local part of their email)."""
    handles = sorted(find_mentions(markdown))[:20]
    if not handles:
        return {}
    matches = Q()
    for handle in handles:
        matches |= Q(email__istartswith=f"{handle}@")
    candidates = User.objects.filter(matches, is_active=True).exclude(pk=author.pk)[:50]
    found: dict[str, User] = {}
    for user in candidates:
        handle = user.email.split("@")[0].lower()
        if handle in handles and selectors.forum_role(user, forum) is not None:
            found[handle] = user
    return found


def _render(forum: Forum, markdown: str, author: User) -> tuple[str, dict[str, User]]:
    mentioned = _mentioned_users(forum, markdown, author)
    names = {handle: _display_name(user) for handle, user in mentioned.items()}
    return render_markdown(markdown, names), mentioned


def _notify_mentions(post: Post, mentioned: dict[str, User]) -> None:
    """Record each mention once and email the person (through the outbox, after commit)."""
    from lms.outbox import enqueue_email

    for user in mentioned.values():
        try:
            with transaction.atomic():
                Mention.objects.create(post=post, user=user)
        except IntegrityError:
            continue  # already mentioned in this post (an edit): no second email
        context = {
            "recipient": user,
            "author_name": _display_name(post.author),
            "topic": post.topic,
            "excerpt": plain_text(post.body_markdown),
            "url": absolute_url(reverse("forums:topic", args=[post.topic_id]) + f"#post-{post.pk}"),
        }
        enqueue_email(
            key=f"forums.mention:{post.pk}:{user.pk}",
            to=[user.email],
            subject=_("%(name)s mentioned you in “%(topic)s”")
            % {"name": context["author_name"], "topic": post.topic.title},
            text=render_to_string("forums/email/mention.txt", context),
            html=render_to_string("forums/email/mention.html", context),
        )
        from lms.notifications.services import notify

        notify(
            actor=post.author,
            recipient_id=user.pk,
            kind="mention",
            key=f"forums.mention:{post.pk}",
            title=_("You were mentioned in “%(topic)s”") % {"topic": post.topic.title},
            url=reverse("forums:topic", args=[post.topic_id]) + f"#post-{post.pk}",
        )


def _require_member(actor: User, forum: Forum) -> str:
    role = selectors.forum_role(actor, forum)
    if role is None:
        raise selectors.AccessDenied("forum", forum.pk)
    return role


def _follow(user: User, topic: Topic) -> None:
    Subscription.objects.get_or_create(user=user, topic=topic)


def _bump_topic(topic: Topic) -> None:
    """Give the topic a new place in its forum's stream (the row moves on open pages)."""
    topic.forum_seq = allocate_seq(Forum, topic.forum_id)
    Topic.objects.filter(pk=topic.pk).update(forum_seq=topic.forum_seq)


def _bump_post(post: Post) -> None:
    """Give the post a new place in its topic's stream (it updates on open pages)."""
    post.seq = allocate_seq(Topic, post.topic_id)
    Post.objects.filter(pk=post.pk).update(seq=post.seq)


# --- topics and posts --------------------------------------------------------------------------


@transaction.atomic
def create_topic(
    *, actor: User, forum_id: int, title: str, body: str, kind: str = Topic.Kind.DISCUSSION
) -> Topic:
    """Open a topic with its first post; the author follows it. Pushes the new row."""
    forum, _role = selectors.access_forum(user=actor, pk=forum_id)
    title = _clean_text(title, Topic.TITLE_MAX, _("The title"))
    body = _clean_text(body, Post.BODY_MAX, _("The post"))
    if kind not in Topic.Kind.values:
        raise ValidationError(_("Unknown kind of topic."))
    now = timezone.now()
    topic = Topic.objects.create(
        forum=forum, kind=kind, title=title, author=actor, last_post_at=now
    )
    topic.forum = forum
    _create_post(actor=actor, topic=topic, body=body, parent=None)
    _follow(actor, topic)
    topic.refresh_from_db()
    topic.forum_created_seq = topic.forum_seq
    Topic.objects.filter(pk=topic.pk).update(forum_created_seq=topic.forum_seq)
    return topic


def _create_post(*, actor: User, topic: Topic, body: str, parent: Post | None) -> Post:
    html, mentioned = _render(topic.forum, body, actor)
    seq = allocate_seq(Topic, topic.pk)
    post = Post.objects.create(
        topic=topic,
        parent=parent,
        author=actor,
        body_markdown=body,
        body_html=html,
        seq=seq,
        created_seq=seq,
    )
    now = timezone.now()
    Topic.objects.filter(pk=topic.pk).update(
        post_count=F("post_count") + 1, last_post_at=now, last_post_id_seen=post.pk
    )
    topic.last_post_id_seen = post.pk
    _bump_topic(topic)
    _notify_mentions(post, mentioned)
    ReadMarker.objects.update_or_create(topic=topic, user=actor, defaults={"last_post_id": post.pk})
    push_post(post)
    push_topic(topic, actor=actor)
    return post


@transaction.atomic
def post_reply(*, actor: User, topic_id: int, body: str, parent_id: int | None = None) -> Post:
    """Add a post to a topic (or a reply under a top-level post); the author follows it.

    Refused (``PermissionDenied``) when the topic is locked, unless the actor moderates it.
    """
    topic, role = selectors.access_topic(user=actor, pk=topic_id)
    if topic.locked and role != MODERATOR:
        raise PermissionDenied(_("This topic is locked."))
    body = _clean_text(body, Post.BODY_MAX, _("The post"))
    parent = None
    if parent_id is not None:
        parent = (
            selectors.visible_posts(role).filter(pk=parent_id, topic=topic, deleted=False).first()
        )
        if parent is None:
            raise selectors.AccessDenied("post", parent_id)
        if parent.parent_id is not None:
            parent = parent.parent  # one level of nesting: answer the thread's top post
    post = _create_post(actor=actor, topic=topic, body=body, parent=parent)
    _follow(actor, topic)
    return post


@transaction.atomic
def edit_post(*, actor: User, post_id: int, body: str) -> Post:
    """Change one's own post within the edit window; marks it edited."""
    post, role = selectors.access_post(user=actor, pk=post_id)
    viewer = selectors.Viewer(actor.pk, role)
    if not viewer.can_edit(post):
        raise PermissionDenied(_("This post can no longer be edited."))
    body = _clean_text(body, Post.BODY_MAX, _("The post"))
    html, mentioned = _render(post.topic.forum, body, actor)
    post.body_markdown, post.body_html, post.edited_at = body, html, timezone.now()
    post.save(update_fields=["body_markdown", "body_html", "edited_at"])
    _bump_post(post)
    _notify_mentions(post, mentioned)
    push_post(post)
    return post


@transaction.atomic
def delete_post(*, actor: User, post_id: int) -> Post:
    """Delete one's own post: the text is removed, a placeholder keeps replies in place."""
    post, role = selectors.access_post(user=actor, pk=post_id)
    if not selectors.Viewer(actor.pk, role).can_delete(post):
        raise PermissionDenied(_("You can only delete your own posts."))
    post.deleted = True
    post.body_markdown = ""
    post.body_html = ""
    post.save(update_fields=["deleted", "body_markdown", "body_html"])
    if post.topic.accepted_post_id == post.pk:
        Topic.objects.filter(pk=post.topic_id).update(accepted_post=None)
    _bump_post(post)
    push_post(post)
    return post


@transaction.atomic
def accept_answer(*, actor: User, post_id: int) -> Topic:
    """Mark a reply as the accepted answer of a question (the asker or a moderator).
    Accepting the accepted answer again clears it."""
    post, role = selectors.access_post(user=actor, pk=post_id)
    if not selectors.Viewer(actor.pk, role).can_accept(post):
        raise PermissionDenied(_("Only the asker or a moderator can accept an answer."))
    topic = post.topic
    previous = topic.accepted_post_id
    topic.accepted_post_id = None if previous == post.pk else post.pk
    topic.save(update_fields=["accepted_post"])
    for changed in Post.objects.filter(pk__in=[pk for pk in (previous, post.pk) if pk]):
        _bump_post(changed)
        push_post(changed)
    _bump_topic(topic)
    push_topic(topic)
    return topic


@transaction.atomic
def toggle_helpful(*, actor: User, post_id: int) -> bool:
    """Mark (or unmark) someone else's post as helpful; returns whether it is now marked."""
    post, _role = selectors.access_post(user=actor, pk=post_id)
    if post.author_id == actor.pk or post.deleted:
        raise PermissionDenied(_("You cannot mark this post."))
    deleted, _rows = HelpfulMark.objects.filter(post=post, user=actor).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") - 1)
    else:
        HelpfulMark.objects.create(post=post, user=actor)
        Post.objects.filter(pk=post.pk).update(helpful_count=F("helpful_count") + 1)
    _bump_post(post)
    push_post(post)
    return not deleted


# --- reading, following, digests ---------------------------------------------------------------


def mark_topic_read(*, user: User, topic: Topic) -> None:
    """Remember that ``user`` has seen every post of ``topic`` so far."""
    if topic.last_post_id_seen == 0:
        return
    ReadMarker.objects.update_or_create(
        topic=topic, user=user, defaults={"last_post_id": topic.last_post_id_seen}
    )


@transaction.atomic
def set_following(
    *, actor: User, follow: bool, forum_id: int | None = None, topic_id: int | None = None
) -> bool:
    """Follow or stop following a forum or a topic the actor may see."""
    target: dict[str, Any]
    if topic_id is not None:
        topic, _role = selectors.access_topic(user=actor, pk=topic_id)
        target = {"topic": topic}
    elif forum_id is not None:
        forum, _role = selectors.access_forum(user=actor, pk=forum_id)
        target = {"forum": forum}
    else:
        raise ValueError("a forum or a topic is needed")
    if follow:
        Subscription.objects.get_or_create(user=actor, **target)
    else:
        Subscription.objects.filter(user=actor, **target).delete()
    return follow


@transaction.atomic
def set_digest_frequency(*, actor: User, frequency: str) -> DigestPreference:
    """Choose daily, weekly or no digest email."""
    if frequency not in DigestPreference.Frequency.values:
        raise ValidationError(_("Unknown frequency."))
    preference, _created = DigestPreference.objects.update_or_create(
        user=actor, defaults={"frequency": frequency}
    )
    return preference


DIGEST_PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
DIGEST_MAX_POSTS = 50


@dataclass
class DigestTopic:
    topic: Topic
    posts: list[Post]


def digest_for(*, user: User, since: datetime, until: datetime) -> list[DigestTopic]:
    """New visible posts by others between ``since`` and ``until`` in what ``user`` follows
    and may still see."""
    followed = Subscription.objects.filter(user=user)
    topic_ids = followed.filter(topic__isnull=False).values("topic_id")
    forum_ids = followed.filter(forum__isnull=False).values("forum_id")
    posts = (
        Post.objects.filter(Q(topic_id__in=topic_ids) | Q(topic__forum_id__in=forum_ids))
        .filter(created_at__gte=since, created_at__lt=until, deleted=False, hidden=False)
        .filter(topic__hidden=False)
        .exclude(parent__hidden=True)
        .exclude(author=user)
        .select_related("topic", "topic__forum", "author")
        .order_by("topic_id", "pk")[:DIGEST_MAX_POSTS]
    )
    grouped: dict[int, DigestTopic] = {}
    roles: dict[int, str | None] = {}
    for post in posts:
        forum = post.topic.forum
        if forum.pk not in roles:
            roles[forum.pk] = selectors.forum_role(user, forum)
        if roles[forum.pk] is None:
            continue
        grouped.setdefault(post.topic_id, DigestTopic(post.topic, [])).posts.append(post)
    return list(grouped.values())


def send_digest(*, user_id: int, frequency: str, now: datetime | None = None) -> bool:
    """Email ``user_id`` their digest if one is due; idempotent per user and period.

    Returns whether an email was enqueued (nothing new: no email).
    """
    from lms.outbox import enqueue_email

    now = now or timezone.now()
    period = DIGEST_PERIODS[frequency]
    with transaction.atomic():
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return False
        preference, _created = DigestPreference.objects.get_or_create(user=user)
        if preference.frequency != frequency:
            return False
        since = preference.last_sent_at or (now - period)
        if now - since < period * 0.9:
            return False  # already sent for this period
        topics = digest_for(user=user, since=since, until=now)
        preference.last_sent_at = now
        preference.save(update_fields=["last_sent_at"])
        if not topics:
            return False
        context = {
            "recipient": user,
            "recipient_name": _display_name(user),
            "topics": [
                {
                    "topic": d.topic,
                    "url": absolute_url("forums:topic", d.topic.pk),
                    "posts": [
                        {
                            "author": _display_name(p.author),
                            "excerpt": plain_text(p.body_markdown),
                        }
                        for p in d.posts
                    ],
                }
                for d in topics
            ],
            "frequency": frequency,
        }
        enqueue_email(
            key=f"forums.digest:{user.pk}:{frequency}:{now:%Y-%m-%d}",
            to=[user.email],
            subject=_("LAUNCH! forums: what's new in what you follow"),
            text=render_to_string("forums/email/digest.txt", context),
            html=render_to_string("forums/email/digest.html", context),
        )
        return True


def digest_recipients(*, frequency: str) -> list[int]:
    """Ids of users who follow something and chose ``frequency`` (daily is the default)."""
    followers = Subscription.objects.values("user_id").distinct()
    chosen = DigestPreference.objects.filter(frequency=frequency).values("user_id")
    others = DigestPreference.objects.values("user_id")
    users = User.objects.filter(is_active=True, pk__in=followers)
    if frequency == DigestPreference.Frequency.DAILY:
        users = users.filter(Q(pk__in=chosen) | ~Q(pk__in=others))
    else:
        users = users.filter(pk__in=chosen)
    return list(users.values_list("pk", flat=True))


def send_digests(*, frequency: str, now: datetime | None = None) -> int:
    """Send the due digests of ``frequency``; returns how many emails were enqueued."""
    now = now or timezone.now()
    return sum(
        send_digest(user_id=pk, frequency=frequency, now=now)
        for pk in digest_recipients(frequency=frequency)
    )


# --- moderation --------------------------------------------------------------------------------


@transaction.atomic
def report_post(*, actor: User, post_id: int, reason: str) -> Report:
    """Report a post to the forum's moderators (one open report per person and post)."""
    post, _role = selectors.access_post(user=actor, pk=post_id)
    reason = _clean_text(reason, 500, _("The reason"))
    report, _created = Report.objects.get_or_create(
        post=post, reporter=actor, resolved_at=None, defaults={"reason": reason}
    )
    return report


def _require_moderator(actor: User, forum: Forum) -> None:
    if selectors.forum_role(actor, forum) != MODERATOR:
        raise selectors.AccessDenied("forum", forum.pk)


POST_ACTIONS = ("hide", "unhide")
TOPIC_ACTIONS = ("pin", "unpin", "lock", "unlock", "hide", "unhide")


@transaction.atomic
def moderate_post(*, actor: User, post_id: int, action: str, reason: str) -> Post:
    """Hide or unhide a post (moderators only, with a reason); hidden posts disappear live.
    Hiding resolves the post's open reports."""
    post, role = selectors.access_post(user=actor, pk=post_id)
    if role != MODERATOR:
        raise selectors.AccessDenied("post", post_id)
    if action not in POST_ACTIONS:
        raise ValidationError(_("Unknown action."))
    reason = _clean_text(reason, 300, _("The reason"))
    post.hidden = action == "hide"
    post.hidden_reason = reason
    post.save(update_fields=["hidden", "hidden_reason"])
    if post.hidden:
        Report.objects.filter(post=post, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=actor
        )
    _bump_post(post)
    for reply in post.replies.all():  # replies go (and come back) with their post
        _bump_post(reply)
        push_post(reply)
    push_post(post)
    record_audit_event(
        action=f"forums.post.{action}", actor=actor, target=post, detail={"reason": reason}
    )
    return post


@transaction.atomic
def moderate_topic(*, actor: User, topic_id: int, action: str, reason: str) -> Topic:
    """Pin, unpin, lock, unlock, hide or unhide a topic (moderators only, with a reason)."""
    topic, role = selectors.access_topic(user=actor, pk=topic_id)
    if role != MODERATOR:
        raise selectors.AccessDenied("topic", topic_id)
    if action not in TOPIC_ACTIONS:
        raise ValidationError(_("Unknown action."))
    reason = _clean_text(reason, 300, _("The reason"))
    if action in ("pin", "unpin"):
        topic.pinned = action == "pin"
    elif action in ("lock", "unlock"):
        topic.locked = action == "lock"
    else:
        topic.hidden = action == "hide"
        topic.hidden_reason = reason
    topic.save(update_fields=["pinned", "locked", "hidden", "hidden_reason"])
    _bump_topic(topic)
    push_topic(topic)
    if action == "hide":  # open pages of the topic re-check access: members are closed out
        publish(topic_group(topic.pk), {"type": ACCESS_CHANGED})
    record_audit_event(
        action=f"forums.topic.{action}", actor=actor, target=topic, detail={"reason": reason}
    )
    return topic


@transaction.atomic
def resolve_report(*, actor: User, report_id: int) -> Report:
    """Close a report without hiding the post (moderators of its forum only)."""
    report = Report.objects.select_related("post__topic__forum").filter(pk=report_id).first()
    if report is None:
        raise selectors.AccessDenied("report", report_id)
    _require_moderator(actor, report.post.topic.forum)
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = actor
        report.save(update_fields=["resolved_at", "resolved_by"])
    return report


# --- evidence showcase --------------------------------------------------------------------------


@transaction.atomic
def share_to_standard_forum(
    *, actor: User, standard: Standard, title: str, summary_markdown: str, source_label: str
) -> Topic:
    """Share a participant's own summary of accepted evidence into the standard's forum.

    Only what the participant writes is shared (no evidence content is read here); the
    evidence app links to the page that calls this. Refused unless the actor is a current
    participant of a programme with that standard's forum.
    """
    is_participant = Enrolment.objects.filter(
        user=actor, role=Enrolment.Role.PARTICIPANT, status__in=CURRENT
    ).exists()
    forum = selectors.standard_forum_for(user=actor, standard=standard)
    if not is_participant or forum is None:
        raise PermissionDenied(_("Only participants can share to a standard's forum."))
    source_label = plain_text(source_label.replace("\x00", ""), 200)
    body = _clean_text(summary_markdown, Post.BODY_MAX - 300, _("The summary"))
    if source_label:
        body += "\n\n" + _("*Shared from:* %(source)s") % {"source": source_label}
    return create_topic(
        actor=actor, forum_id=forum.pk, title=title, body=body, kind=Topic.Kind.SHOWCASE
    )
