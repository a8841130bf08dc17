"""Digests, mentions, reports and the moderation queue, locks and pins, the showcase."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forums import services
from forums.models import DigestPreference, Forum, Post, Report, Subscription, Topic
from lms.models import Standard

from .conftest import cohort_forum, deliver_outbox, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_digest_lists_new_posts_in_what_the_user_follows(world, run_on_commit):
    coach, participant = world.users["coach"], world.users["participant"]
    with run_on_commit():
        followed = make_topic(world, title="Followed topic")
        unfollowed_forum = Forum.objects.get(kind="network")
        other = services.create_topic(
            actor=participant, forum_id=unfollowed_forum.pk, title="Elsewhere", body="Not for coach"
        )
        Subscription.objects.create(user=coach, topic=followed)
        services.post_reply(actor=participant, topic_id=followed.pk, body="Fresh **news** here")
        hidden = services.post_reply(actor=participant, topic_id=followed.pk, body="Hidden one")
        services.moderate_post(actor=coach, post_id=hidden.pk, action="hide", reason="No")
        services.post_reply(actor=coach, topic_id=followed.pk, body="My own post")
    mail.outbox.clear()
    with run_on_commit():
        assert services.send_digests(frequency="daily") == 2  # the coach and the asker
    deliver_outbox()
    [message] = [m for m in mail.outbox if m.to == [coach.email]]
    assert "Followed topic" in message.body and "Fresh **news** here" in message.body
    assert "Hidden one" not in message.body and "My own post" not in message.body
    assert "Elsewhere" not in message.body and other.title not in message.alternatives[0][0]
    assert "Followed topic" in message.alternatives[0][0]
    # Idempotent for the period: a second run sends nothing.
    with run_on_commit():
        assert services.send_digests(frequency="daily") == 0
    # Weekly and none are respected.
    DigestPreference.objects.filter(user=coach).update(frequency="none", last_sent_at=None)
    with run_on_commit():
        assert services.send_digests(frequency="daily") == 0


def test_digest_task_and_beat_schedule(world, run_on_commit):
    from django.conf import settings

    from forums.tasks import send_digests_task

    entries = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "forums.send_digests" in entries
    with run_on_commit():
        topic = make_topic(world)
        Subscription.objects.create(user=world.users["coach"], topic=topic)
        DigestPreference.objects.create(user=world.users["coach"], frequency="weekly")
        services.post_reply(actor=world.users["participant"], topic_id=topic.pk, body="weekly")
    with run_on_commit():
        assert send_digests_task.apply(args=("weekly",)).get() == 1


def test_digest_leaves_out_forums_the_user_left(world, run_on_commit):
    coach = world.users["coach"]
    topic = make_topic(world)
    Subscription.objects.create(user=coach, topic=topic)
    services.post_reply(actor=world.users["participant"], topic_id=topic.pk, body="secret")
    world.users["coach"].enrolments.update(status="withdrawn")
    from lms.selectors import forget_access

    forget_access([coach.pk])
    assert (
        services.digest_for(
            user=coach, since=timezone.now() - timedelta(days=1), until=timezone.now()
        )
        == []
    )


def test_mentions_notify_members_once(world, run_on_commit):
    coach, outsider = world.users["coach"], world.users["other_participant"]
    handle = coach.email.split("@")[0]
    with run_on_commit():
        topic = make_topic(world, body=f"Hi @{handle} and @{outsider.email.split('@')[0]}")
    post = topic.posts.get()
    assert 'class="mention"' in post.body_html
    deliver_outbox()
    assert [m.to for m in mail.outbox] == [[coach.email]]  # the outsider is not a member
    with run_on_commit():
        services.edit_post(
            actor=world.users["participant"], post_id=post.pk, body=f"Edited, still @{handle}"
        )
    deliver_outbox()
    assert len(mail.outbox) == 1


def test_report_goes_to_the_queue_of_the_cohorts_moderators(world):
    topic = make_topic(world)
    post = topic.posts.get()
    reporter = world.client_for("participant")
    assert reporter.post(f"/forums/posts/{post.pk}/report/", {"reason": "Spam"}).status_code == 302
    assert Report.objects.filter(post=post).count() == 1
    coach = world.client_for("coach")
    assert "Spam" in coach.get("/forums/moderation/").content.decode()
    assert "Spam" not in world.client_for("other_coach").get("/forums/moderation/").content.decode()
    assert world.client_for("participant").get("/forums/moderation/").status_code == 404
    # Hiding resolves the report; the post disappears for members, stays for moderators.
    response = coach.post(
        f"/forums/posts/{post.pk}/moderate/", {"action": "hide", "reason": "Spam indeed"}
    )
    assert response.status_code == 302
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    member_page = world.client_for("participant").get(f"/forums/topics/{topic.pk}/")
    assert f'id="post-{post.pk}"' not in member_page.content.decode()
    assert "Spam indeed" in coach.get(f"/forums/topics/{topic.pk}/").content.decode()
    assert (
        world.client_for("participant").get(f"/forums/posts/{post.pk}/report/").status_code == 404
    )


def test_locked_topics_refuse_posts_and_hidden_topics_vanish(world):
    topic = make_topic(world)
    coach = world.client_for("coach")
    coach.post(f"/forums/topics/{topic.pk}/moderate/", {"action": "lock", "reason": "Done"})
    coach.post(f"/forums/topics/{topic.pk}/moderate/", {"action": "pin", "reason": "Useful"})
    topic.refresh_from_db()
    assert topic.locked and topic.pinned
    before = Post.objects.count()
    response = world.client_for("participant").post(
        f"/forums/topics/{topic.pk}/reply/", {"body": "late"}
    )
    assert response.status_code == 403 and Post.objects.count() == before
    coach.post(f"/forums/topics/{topic.pk}/moderate/", {"action": "hide", "reason": "Old"})
    participant = world.client_for("participant")
    assert participant.get(f"/forums/topics/{topic.pk}/").status_code == 404
    assert topic.title not in participant.get(f"/forums/{topic.forum_id}/").content.decode()
    assert coach.get(f"/forums/topics/{topic.pk}/").status_code == 200
    # A moderation without a reason changes nothing.
    coach.post(f"/forums/topics/{topic.pk}/moderate/", {"action": "unhide", "reason": ""})
    topic.refresh_from_db()
    assert topic.hidden


def test_participant_cannot_read_or_post_in_another_cohorts_forum(world):
    other_forum = cohort_forum(world.other_cohort)
    other_topic = make_topic(world, role="other_participant", cohort=world.other_cohort)
    client = world.client_for("participant")
    assert client.get(f"/forums/{other_forum.pk}/").status_code == 404
    assert client.get(f"/forums/topics/{other_topic.pk}/").status_code == 404
    before = (Topic.objects.count(), Post.objects.count())
    assert (
        client.post(
            f"/forums/{other_forum.pk}/topics/new/",
            {"title": "x", "kind": "discussion", "body": "y"},
        ).status_code
        == 404
    )
    assert client.post(f"/forums/topics/{other_topic.pk}/reply/", {"body": "x"}).status_code == 404
    post = other_topic.posts.get()
    own_topic = make_topic(world)
    # A forged parent from another cohort's topic is refused too.
    assert (
        client.post(
            f"/forums/topics/{own_topic.pk}/reply/", {"body": "x", "parent": post.pk}
        ).status_code
        == 404
    )
    assert (Topic.objects.count(), Post.objects.count()) == (before[0] + 1, before[1] + 1)


def test_showcase_shares_only_the_summary_into_the_standards_forum(world):
    standard = Standard.objects.get(number=3)
    client = world.client_for("participant")
    page = client.get(f"/forums/share/?standard={standard.pk}&source=Root-cause+analysis")
    assert page.status_code == 200 and "Root-cause analysis" in page.content.decode()
    response = client.post(
        "/forums/share/",
        {
            "standard": standard.pk,
            "title": "What our data dialogue taught us",
            "summary": "We looked at *three* kinds of data.",
            "source": "Evidence for standard 3",
            "cohort": world.other_cohort.pk,  # mass assignment: ignored
        },
    )
    topic = Topic.objects.get(title="What our data dialogue taught us")
    assert response.status_code == 302
    assert topic.kind == "showcase"
    assert topic.forum.kind == "standard" and topic.forum.standard == standard
    assert topic.forum.programme_id == world.programme.pk
    body = topic.posts.get().body_markdown
    assert "three" in body and "Evidence for standard 3" in body
    assert (
        world.client_for("coach").get(f"/forums/share/?standard={standard.pk}").status_code == 404
    )


def test_digest_settings_page(world):
    client = world.client_for("participant")
    client.post("/forums/settings/", {"frequency": "weekly"})
    assert DigestPreference.objects.get(user=world.users["participant"]).frequency == "weekly"
    client.post("/forums/settings/", {"frequency": "hourly"})
    assert DigestPreference.objects.get(user=world.users["participant"]).frequency == "weekly"


def test_views_survive_a_channel_layer_that_is_down(world, monkeypatch, run_on_commit, caplog):
    from channels.layers import get_channel_layer

    async def broken(group, message):
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(get_channel_layer(), "group_send", broken)
    topic = make_topic(world)
    with run_on_commit():
        response = world.client_for("coach").post(
            f"/forums/topics/{topic.pk}/reply/", {"body": "still saved"}
        )
    assert response.status_code == 302
    assert Post.objects.filter(body_markdown="still saved").exists()
    assert "clients will catch up" in caplog.text


def test_erasure_blanks_posts_and_keeps_threads(world):
    from lms.privacy import erase_person

    topic = make_topic(world, body="My personal story")
    reply = services.post_reply(actor=world.users["coach"], topic_id=topic.pk, body="Thanks")
    participant = world.users["participant"]
    Subscription.objects.get_or_create(user=participant, topic=topic)
    erase_person(actor=None, user=participant)
    opening = topic.posts.order_by("pk").first()
    assert opening.deleted and opening.body_markdown == "" and opening.author is None
    assert Topic.objects.get(pk=topic.pk).author is None
    assert Post.objects.get(pk=reply.pk).body_markdown == "Thanks"
    assert not Subscription.objects.filter(user=participant).exists()
