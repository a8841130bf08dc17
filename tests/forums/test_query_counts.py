"""Query budgets of forum pages that do not grow with data (QUALITY.md P2)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forums import services
from forums.models import HelpfulMark, Post, Topic

from .conftest import cohort_forum

pytestmark = pytest.mark.django_db

# session, user, topic+forum, role, count, page of posts, replies, marks, read marker,
# following, and the read-marker upsert (select, update/insert in a savepoint)
TOPIC_PAGE_BUDGET = 13
# session, user, forum, role, count, page of topics (with unread marks), following
FORUM_PAGE_BUDGET = 6


def _count(client, path: str) -> int:
    client.get(path)  # warm the caches (session, access context)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _add_posts(topic: Topic, authors: list, count: int) -> None:
    """``count`` more posts, every third a reply, some hidden, deleted, edited, marked."""
    start = topic.last_seq
    top = topic.posts.filter(parent__isnull=True).first()
    posts = [
        Post(
            topic=topic,
            parent=top if i % 3 == 0 else None,
            author=authors[i % len(authors)],
            body_markdown=f"post {i}",
            body_html=f"<p>post {i}</p>",
            seq=start + i + 1,
            created_seq=start + i + 1,
            hidden=i % 7 == 0,
            deleted=i % 11 == 0,
            edited_at=timezone.now() if i % 5 == 0 else None,
        )
        for i in range(count)
    ]
    Post.objects.bulk_create(posts)
    Topic.objects.filter(pk=topic.pk).update(last_seq=start + count)
    HelpfulMark.objects.bulk_create(
        [HelpfulMark(post=p, user=authors[0]) for p in Post.objects.filter(topic=topic)[:50:2]],
        ignore_conflicts=True,
    )


@pytest.mark.parametrize("role", ["participant", "coach"])
def test_topic_page_same_queries_for_5_and_500_posts(world, role, settings):
    settings.LAUNCH_FORUMS_POSTS_PER_PAGE = 1000  # everything on one page: the worst case
    authors = [world.users["participant"], world.users["coach"]]
    forum = cohort_forum(world.cohort)
    small = services.create_topic(actor=authors[0], forum_id=forum.pk, title="S", body="b")
    large = services.create_topic(actor=authors[0], forum_id=forum.pk, title="L", body="b")
    _add_posts(small, authors, 4)
    _add_posts(large, authors, 499)
    client = world.client_for(role)
    counts = (
        _count(client, f"/forums/topics/{small.pk}/"),
        _count(client, f"/forums/topics/{large.pk}/"),
    )
    assert counts[0] == counts[1] <= TOPIC_PAGE_BUDGET, counts


@pytest.mark.parametrize("role", ["participant", "editor"])
def test_forum_page_same_queries_for_5_and_500_topics(world, role):
    participant = world.users["participant"]
    small = cohort_forum(world.cohort)
    large = cohort_forum(world.other_cohort)
    for forum, count in ((small, 5), (large, 500)):
        Topic.objects.bulk_create(
            [
                Topic(
                    forum=forum,
                    title=f"topic {i}",
                    author=participant,
                    last_post_at=timezone.now(),
                    post_count=i,
                    pinned=i % 50 == 0,
                    locked=i % 7 == 0,
                    hidden=i % 13 == 0,
                    kind="question" if i % 2 else "discussion",
                )
                for i in range(count)
            ]
        )
    client = world.client_for(role)
    if role == "participant":  # a participant of both cohorts, to see both forums
        from tests.factories import enrol

        enrol(participant, world.other_cohort)
    counts = (_count(client, f"/forums/{small.pk}/"), _count(client, f"/forums/{large.pk}/"))
    assert counts[0] == counts[1] <= FORUM_PAGE_BUDGET, counts
