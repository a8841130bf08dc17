"""Pages and services of forums through HTTP: reading, posting, replies, edits, marks."""

import pytest
from django.urls import reverse

from forums import services
from forums.models import Forum, Post, Topic

from .conftest import cohort_forum, make_topic

pytestmark = pytest.mark.django_db


def test_cohort_standard_and_network_forums_exist(world):
    assert Forum.objects.filter(kind="cohort").count() == 2
    assert Forum.objects.filter(kind="standard", programme=world.programme).count() == 10
    assert Forum.objects.filter(kind="network").count() == 1


def test_index_lists_own_forums_only(world):
    response = world.client_for("participant").get("/forums/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cohort A forum" in body
    assert "Cohort B forum" not in body
    assert "SIS Network" in body


def test_post_topic_and_reply_without_javascript(world, forum):
    client = world.client_for("participant")
    response = client.post(
        f"/forums/{forum.pk}/topics/new/",
        {"title": "Data walls", "kind": "discussion", "body": "Do you use **data walls**?"},
    )
    topic = Topic.objects.get(title="Data walls")
    assert response.status_code == 302
    assert response["Location"] == f"/forums/topics/{topic.pk}/"
    assert (
        "?page=1#post-"
        in world.client_for("coach").post(f"/forums/topics/{topic.pk}/reply/", {"body": "x"})[
            "Location"
        ]
    )
    coach = world.client_for("coach")
    response = coach.post(f"/forums/topics/{topic.pk}/reply/", {"body": "Yes, every week."})
    assert response.status_code == 302
    page = client.get(f"/forums/topics/{topic.pk}/").content.decode()
    assert "<strong>data walls</strong>" in page
    assert "Yes, every week." in page
    first = topic.posts.order_by("pk").first()
    client.post(f"/forums/topics/{topic.pk}/reply/", {"body": "Nested answer", "parent": first.pk})
    reply = Post.objects.get(body_markdown="Nested answer")
    assert reply.parent_id == first.pk
    assert f'id="replies-{first.pk}"' in client.get(f"/forums/topics/{topic.pk}/").content.decode()


def test_reply_through_htmx_returns_fresh_form_and_the_post(world, topic):
    client = world.client_for("coach")
    response = client.post(
        f"/forums/topics/{topic.pk}/reply/",
        {"body": "Through htmx"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="reply"' in body and "Through htmx" in body
    assert 'hx-swap-oob="beforeend:#posts"' in body


def test_empty_reply_is_refused_and_changes_nothing(world, topic):
    client = world.client_for("participant")
    before = Post.objects.count()
    response = client.post(
        f"/forums/topics/{topic.pk}/reply/", {"body": "   "}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "message-error" in response.content.decode()
    assert Post.objects.count() == before


def test_edit_within_window_marks_edited(world, topic, settings):
    post = topic.posts.get()
    client = world.client_for("participant")
    response = client.post(f"/forums/posts/{post.pk}/edit/", {"body": "Changed text"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body_markdown == "Changed text" and post.edited_at is not None
    assert "edited" in client.get(f"/forums/topics/{topic.pk}/").content.decode()
    # Someone else cannot; nor can the author after the window.
    assert (
        world.client_for("coach").post(f"/forums/posts/{post.pk}/edit/", {"body": "x"}).status_code
        == 403
    )
    settings.LAUNCH_FORUMS_EDIT_WINDOW_MINUTES = 0
    assert client.post(f"/forums/posts/{post.pk}/edit/", {"body": "late"}).status_code == 403


def test_delete_own_post_leaves_placeholder(world, topic):
    reply = services.post_reply(actor=world.users["coach"], topic_id=topic.pk, body="Oops")
    assert (
        world.client_for("participant").post(f"/forums/posts/{reply.pk}/delete/").status_code == 403
    )
    assert world.client_for("coach").post(f"/forums/posts/{reply.pk}/delete/").status_code == 302
    reply.refresh_from_db()
    assert reply.deleted and reply.body_markdown == ""
    assert (
        "This post was deleted."
        in world.client_for("participant").get(f"/forums/topics/{topic.pk}/").content.decode()
    )


def test_question_accepted_by_asker_or_moderator_only(world):
    topic = make_topic(world, kind=Topic.Kind.QUESTION, title="How?")
    answer = services.post_reply(actor=world.users["coach"], topic_id=topic.pk, body="Like this")
    other = world.users["participant"]
    assert world.client_for("coach").post(f"/forums/posts/{answer.pk}/accept/").status_code == 302
    topic.refresh_from_db()
    assert topic.accepted_post_id == answer.pk  # the coach moderates the cohort forum
    services.accept_answer(actor=other, post_id=answer.pk)  # the asker toggles it off
    topic.refresh_from_db()
    assert topic.accepted_post_id is None
    services.accept_answer(actor=other, post_id=answer.pk)
    page = world.client_for("participant").get(f"/forums/topics/{topic.pk}/").content.decode()
    assert "Accepted answer" in page


def test_helpful_mark_toggles_and_counts(world, topic):
    post = topic.posts.get()
    client = world.client_for("coach")
    response = client.post(f"/forums/posts/{post.pk}/helpful/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    post.refresh_from_db()
    assert post.helpful_count == 1
    client.post(f"/forums/posts/{post.pk}/helpful/")
    post.refresh_from_db()
    assert post.helpful_count == 0
    # Not on one's own post.
    assert (
        world.client_for("participant").post(f"/forums/posts/{post.pk}/helpful/").status_code == 403
    )


def test_unread_marker_until_the_topic_is_opened(world, topic):
    client = world.client_for("coach")
    forum_url = f"/forums/{topic.forum_id}/"
    assert "unread" in client.get(forum_url).content.decode()
    client.get(f"/forums/topics/{topic.pk}/")
    assert "tag unread" not in client.get(forum_url).content.decode()
    services.post_reply(actor=world.users["participant"], topic_id=topic.pk, body="More")
    assert "tag unread" in client.get(forum_url).content.decode()


def test_pagination_of_posts_and_topics(world, topic, settings):
    settings.LAUNCH_FORUMS_POSTS_PER_PAGE = 2
    settings.LAUNCH_FORUMS_TOPICS_PER_PAGE = 2
    for i in range(4):
        services.post_reply(actor=world.users["coach"], topic_id=topic.pk, body=f"reply {i}")
        make_topic(world, title=f"Topic {i}")
    client = world.client_for("participant")
    page2 = client.get(f"/forums/topics/{topic.pk}/?page=2").content.decode()
    assert "reply 1" in page2 and "reply 3" not in page2
    assert "ws-connect" not in page2  # only the last page is live
    assert "ws-connect" in client.get(f"/forums/topics/{topic.pk}/?page=3").content.decode()
    listing = client.get(f"/forums/{topic.forum_id}/?page=2").content.decode()
    assert "Page 2 of 3" in listing


def test_search_finds_visible_posts_in_own_forums(world, topic):
    make_topic(world, cohort=world.other_cohort, role="other_participant", body="attendance secret")
    services.post_reply(
        actor=world.users["coach"], topic_id=topic.pk, body="Chronic attendance plans"
    )
    client = world.client_for("participant")
    body = client.get(reverse("forums:search"), {"q": "attendance"}).content.decode()
    assert "Chronic attendance plans" in body
    assert "attendance secret" not in body


def test_follow_and_unfollow(world, topic):
    client = world.client_for("coach")
    client.post(f"/forums/topics/{topic.pk}/follow/", {"follow": "on"})
    assert topic.subscriptions.filter(user=world.users["coach"]).exists()
    client.post(f"/forums/topics/{topic.pk}/follow/", {})
    assert not topic.subscriptions.filter(user=world.users["coach"]).exists()
    client.post(f"/forums/{topic.forum_id}/follow/", {"follow": "on"})
    assert cohort_forum(world.cohort).subscriptions.filter(user=world.users["coach"]).exists()


def test_staff_add_a_programme_forum_in_the_admin(world):
    client = world.client_for("superuser")
    response = client.post(
        "/admin/snippets/forums/forum/add/",
        {
            "title": "Leadership circle",
            "description": "",
            "programme": world.programme.pk,
            "position": 5,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    forum = Forum.objects.get(title="Leadership circle")
    assert forum.kind == "programme"
    assert world.client_for("participant").get(f"/forums/{forum.pk}/").status_code == 200
    assert world.client_for("other_coordinator").get(f"/forums/{forum.pk}/").status_code == 404
    assert world.client_for("participant").get("/admin/snippets/forums/forum/").status_code != 200


def test_posts_new_since_the_last_visit_are_marked(world, topic):
    client = world.client_for("coach")
    client.get(f"/forums/topics/{topic.pk}/")
    services.post_reply(actor=world.users["participant"], topic_id=topic.pk, body="Brand new")
    page = client.get(f"/forums/topics/{topic.pk}/").content.decode()
    assert page.count('class="tag unread"') == 1
    assert 'class="tag unread"' not in client.get(f"/forums/topics/{topic.pk}/").content.decode()
