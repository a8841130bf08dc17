"""Permission-aware reads of forums. Every read on behalf of a user goes through here.

Who may see what:

* a cohort forum: the cohort's current participants and coaches; its coaches moderate;
* a standard forum or a programme forum: current participants and coaches of any cohort of
  the programme;
* the network forum: everyone who is or was (completed) a participant or a coach;
* programme staff (``lms.selectors.is_programme_staff``) see and moderate every forum.

``access_*`` raise :class:`lms.exceptions.AccessDenied` (a 404). Hidden topics and posts
are left out for everyone but moderators. Each function makes a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Case, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from lms.exceptions import AccessDenied
from lms.models import Enrolment, Standard
from lms.people import User
from lms.selectors import CURRENT, AnyUser, is_programme_staff, participant_enrolment_for

from .conf import conf
from .models import (
    DigestPreference,
    Forum,
    HelpfulMark,
    Post,
    ReadMarker,
    Report,
    Subscription,
    Topic,
)

MEMBER = "member"
MODERATOR = "moderator"
LEARNING_ROLES = (Enrolment.Role.PARTICIPANT, Enrolment.Role.COACH)


def topics_per_page() -> int:
    return int(conf.LAUNCH_FORUMS_TOPICS_PER_PAGE)


def posts_per_page() -> int:
    return int(conf.LAUNCH_FORUMS_POSTS_PER_PAGE)


def edit_window() -> timedelta:
    return timedelta(minutes=int(conf.LAUNCH_FORUMS_EDIT_WINDOW_MINUTES))


# --- who may see a forum ---------------------------------------------------------------------


def _signed_in(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def forum_role(user: AnyUser, forum: Forum) -> str | None:
    """``"moderator"``, ``"member"`` or None (may not see the forum). One query at most."""
    if not _signed_in(user):
        return None
    if is_programme_staff(user):
        return MODERATOR
    enrolments = Enrolment.objects.filter(user_id=user.pk or 0, role__in=LEARNING_ROLES)
    if forum.kind == Forum.Kind.COHORT:
        roles = set(
            enrolments.filter(cohort_id=forum.cohort_id or 0, status__in=CURRENT).values_list(
                "role", flat=True
            )
        )
        if Enrolment.Role.COACH in roles:
            return MODERATOR
        return MEMBER if roles else None
    if forum.kind in (Forum.Kind.STANDARD, Forum.Kind.PROGRAMME):
        allowed = enrolments.filter(
            cohort__programme_id=forum.programme_id, status__in=CURRENT
        ).exists()
        return MEMBER if allowed else None
    if forum.kind == Forum.Kind.NETWORK:
        return MEMBER if enrolments.filter(status__in=CURRENT).exists() else None
    return None


def forums_for_user(*, user: AnyUser) -> list[Forum]:
    """The forums the user may see, in display order (two queries)."""
    if not _signed_in(user):
        return []
    forums = Forum.objects.select_related("cohort", "standard")
    if is_programme_staff(user):
        return list(forums.order_by("kind", "position", "title"))
    rows = list(
        Enrolment.objects.filter(
            user_id=user.pk or 0, role__in=LEARNING_ROLES, status__in=CURRENT
        ).values_list("cohort_id", "cohort__programme_id")
    )
    if not rows:
        return []
    cohorts = {c for c, _ in rows}
    programmes = {p for _, p in rows}
    visible = (
        Q(kind=Forum.Kind.COHORT, cohort_id__in=cohorts)
        | Q(kind__in=[Forum.Kind.STANDARD, Forum.Kind.PROGRAMME], programme_id__in=programmes)
        | Q(kind=Forum.Kind.NETWORK)
    )
    return list(forums.filter(visible).order_by("kind", "position", "standard__number", "title"))


def access_forum(*, user: AnyUser, pk: int) -> tuple[Forum, str]:
    """The forum and the user's role in it; AccessDenied when they may not see it."""
    forum = Forum.objects.select_related("cohort", "standard").filter(pk=pk).first()
    if forum is None:
        raise AccessDenied("forum", pk)
    role = forum_role(user, forum)
    if role is None:
        raise AccessDenied("forum", pk)
    return forum, role


def access_topic(*, user: AnyUser, pk: int) -> tuple[Topic, str]:
    """The topic (with its forum) and the user's role; hidden topics only for moderators."""
    topic = Topic.objects.select_related("forum", "author").filter(pk=pk).first()
    if topic is None:
        raise AccessDenied("topic", pk)
    role = forum_role(user, topic.forum)
    if role is None or (topic.hidden and role != MODERATOR):
        raise AccessDenied("topic", pk)
    return topic, role


def access_post(*, user: AnyUser, pk: int) -> tuple[Post, str]:
    """The post (with topic, forum, author) and the user's role; hidden for moderators only."""
    post = (
        Post.objects.select_related("topic", "topic__forum", "author", "parent")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise AccessDenied("post", pk)
    role = forum_role(user, post.topic.forum)
    hidden = post.hidden or post.topic.hidden or (post.parent is not None and post.parent.hidden)
    if role is None or (hidden and role != MODERATOR):
        raise AccessDenied("post", pk)
    return post, role


def visible_posts(role: str) -> QuerySet[Post]:
    posts = Post.objects.all()
    if role != MODERATOR:
        posts = posts.filter(hidden=False).exclude(parent__hidden=True)
    return posts


def visible_topics(role: str) -> QuerySet[Topic]:
    topics = Topic.objects.all()
    if role != MODERATOR:
        topics = topics.filter(hidden=False)
    return topics


# --- what a viewer may do with a post -------------------------------------------------------


@dataclass
class Viewer:
    """Who a fragment is rendered for. ``user_id`` None: a neutral copy for live pushes."""

    user_id: int | None
    role: str
    helpful_ids: set[int] = field(default_factory=set)

    @property
    def is_moderator(self) -> bool:
        return self.role == MODERATOR

    def can_edit(self, post: Post) -> bool:
        return (
            self.user_id is not None
            and post.author_id == self.user_id
            and not post.deleted
            and not post.topic.locked
            and timezone.now() - post.created_at <= edit_window()
        )

    def can_delete(self, post: Post) -> bool:
        return self.user_id is not None and post.author_id == self.user_id and not post.deleted

    def can_accept(self, post: Post) -> bool:
        topic = post.topic
        return (
            topic.kind == Topic.Kind.QUESTION
            and post.parent_id is None
            and not post.deleted
            and post.author_id != topic.author_id
            and (
                self.is_moderator or (self.user_id is not None and topic.author_id == self.user_id)
            )
        )

    def is_own(self, post: Post) -> bool:
        return self.user_id is not None and post.author_id == self.user_id


def viewer_for(user: AnyUser, role: str, posts: list[Post] | None = None) -> Viewer:
    """The viewer, with the posts among ``posts`` they marked helpful (one query)."""
    marked: set[int] = set()
    if posts:
        marked = set(
            HelpfulMark.objects.filter(
                user_id=user.pk or 0, post__in=[p.pk for p in posts]
            ).values_list("post_id", flat=True)
        )
    return Viewer(user_id=user.pk or 0, role=role, helpful_ids=marked)


# --- pages ------------------------------------------------------------------------------------


@dataclass
class ForumPage:
    forum: Forum
    role: str
    page: Page
    following: bool


def forum_page(*, user: User, pk: int, page_number: Any = 1) -> ForumPage:
    """A forum's topics (pinned first, then newest activity), paginated, with unread marks."""
    forum, role = access_forum(user=user, pk=pk)
    read = ReadMarker.objects.filter(topic=OuterRef("pk"), user=user).values("last_post_id")[:1]
    topics = (
        visible_topics(role)
        .filter(forum=forum)
        .select_related("author")
        .annotate(
            unread=Case(
                When(last_post_id_seen__gt=Coalesce(Subquery(read), 0), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )
        .order_by("-pinned", "-last_post_at", "-pk")
    )
    page = Paginator(topics, topics_per_page()).get_page(page_number)
    following = Subscription.objects.filter(user=user, forum=forum).exists()
    return ForumPage(forum=forum, role=role, page=page, following=following)


@dataclass
class PostNode:
    post: Post
    replies: list[Post]


@dataclass
class TopicPage:
    topic: Topic
    role: str
    page: Page
    nodes: list[PostNode]
    viewer: Viewer
    following: bool
    is_last_page: bool
    read_up_to: int


def topic_page(*, user: User, pk: int, page_number: Any = 1) -> TopicPage:
    """A topic's top-level posts, paginated, each with its replies (fixed query count)."""
    topic, role = access_topic(user=user, pk=pk)
    posts = visible_posts(role).filter(topic=topic)
    top = posts.filter(parent__isnull=True).select_related("author").order_by("pk")
    paginator = Paginator(top, posts_per_page())
    if page_number == "last":
        page_number = paginator.num_pages
    page = paginator.get_page(page_number)
    page_posts = list(page.object_list)
    replies: dict[int, list[Post]] = {p.pk: [] for p in page_posts}
    for reply in posts.filter(parent__in=page_posts).select_related("author").order_by("pk"):
        replies[reply.parent_id].append(reply)  # type: ignore[index]
    all_posts = page_posts + [r for rs in replies.values() for r in rs]
    for post in all_posts:
        post.topic = topic  # the viewer's checks read the topic: no query per post
    marker = ReadMarker.objects.filter(topic=topic, user=user).values_list(
        "last_post_id", flat=True
    )
    return TopicPage(
        topic=topic,
        role=role,
        page=page,
        nodes=[PostNode(post=p, replies=replies[p.pk]) for p in page_posts],
        viewer=viewer_for(user, role, all_posts),
        following=Subscription.objects.filter(user=user, topic=topic).exists(),
        is_last_page=not page.has_next(),
        read_up_to=next(iter(marker), 0),
    )


def page_of_post(*, post: Post, role: str) -> int:
    """The page of its topic on which ``post`` (or, for a reply, its thread) is shown."""
    top_pk = post.parent_id or post.pk
    before = (
        visible_posts(role)
        .filter(topic_id=post.topic_id, parent__isnull=True, pk__lt=top_pk)
        .count()
    )
    return before // posts_per_page() + 1


def search_posts(*, user: User, query: str, limit: int = 50) -> list[Post]:
    """Visible posts matching ``query`` in the user's forums, best first.

    PostgreSQL: full-text search (``SearchVector``/``SearchQuery``, English configuration,
    GIN-indexed by migration 0002); SQLite: case-insensitive containment. Same interface.
    """
    query = query.strip()[:200]
    if not query:
        return []
    forums = forums_for_user(user=user)
    staff = is_programme_staff(user)
    forum_ids = [f.pk for f in forums]
    moderated = [f.pk for f in forums if staff or _moderates(user, f)]
    posts = (
        Post.objects.filter(topic__forum_id__in=forum_ids, deleted=False)
        .filter(Q(hidden=False, topic__hidden=False) | Q(topic__forum_id__in=moderated))
        .select_related("topic", "topic__forum", "author")
    )
    from django.db import connection

    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("body_markdown", config="english")
        search = SearchQuery(query, config="english", search_type="websearch")
        posts = (
            posts.annotate(document=vector, rank=SearchRank(vector, search))
            .filter(document=search)
            .order_by("-rank", "-pk")
        )
    else:
        posts = posts.filter(
            Q(body_markdown__icontains=query) | Q(topic__title__icontains=query)
        ).order_by("-pk")
    return list(posts[:limit])


def _moderates(user: User, forum: Forum) -> bool:
    if is_programme_staff(user):
        return True
    return forum.kind == Forum.Kind.COHORT and forum_role(user, forum) == MODERATOR


def moderation_queue(*, user: User) -> list[Report]:
    """Open reports on posts in forums the user moderates (staff: all; coaches: their
    cohorts' forums). Empty for everyone else."""
    reports = Report.objects.filter(resolved_at__isnull=True).select_related(
        "post", "post__topic", "post__topic__forum", "post__author", "reporter"
    )
    if is_programme_staff(user):
        return list(reports.order_by("created_at"))
    coached = Enrolment.objects.filter(
        user=user, role=Enrolment.Role.COACH, status__in=CURRENT
    ).values("cohort_id")
    return list(
        reports.filter(
            post__topic__forum__kind=Forum.Kind.COHORT, post__topic__forum__cohort_id__in=coached
        ).order_by("created_at")
    )


def is_moderator_anywhere(user: AnyUser) -> bool:
    if not _signed_in(user):
        return False
    if is_programme_staff(user):
        return True
    return Enrolment.objects.filter(
        user_id=user.pk or 0, role=Enrolment.Role.COACH, status__in=CURRENT
    ).exists()


def digest_preference(*, user: User) -> DigestPreference:
    """The user's digest setting (an unsaved default when they never chose)."""
    return DigestPreference.objects.filter(user=user).first() or DigestPreference(user=user)


def standard_forum_for(*, user: User, standard: Standard) -> Forum | None:
    """The standard's forum in the programme of the cohort the person chose as current, else
    in another programme they learn in (newest cohort first), if they may post there."""
    programme_ids = list(
        Enrolment.objects.filter(user=user, role__in=LEARNING_ROLES, status__in=CURRENT)
        .order_by("-cohort__starts_on")
        .values_list("cohort__programme_id", flat=True)
    )
    if not programme_ids:
        return None
    chosen = participant_enrolment_for(user)
    if chosen is not None and chosen.cohort.programme_id in programme_ids:
        programme_ids.remove(chosen.cohort.programme_id)
        programme_ids.insert(0, chosen.cohort.programme_id)
    forums = {
        f.programme_id: f
        for f in Forum.objects.filter(
            kind=Forum.Kind.STANDARD, standard=standard, programme_id__in=programme_ids
        ).order_by("pk")
    }
    return next((forums[p] for p in programme_ids if p in forums), None)


def is_participant(user: AnyUser) -> bool:
    """A current participant of some cohort (may share evidence summaries)."""
    if not _signed_in(user):
        return False
    return Enrolment.objects.filter(
        user_id=user.pk or 0, role=Enrolment.Role.PARTICIPANT, status__in=CURRENT
    ).exists()
