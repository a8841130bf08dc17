"""Hostile Markdown and HTML in feedback messages, help requests and people's names, checked in
the thread page, the queue page, the htmx partial, pushed fragments, replays and the email."""

import pytest
from django.core import mail

from coaching import live, services
from coaching.rendering import render_markdown
from tests.forums.test_xss import CORPUS, HOSTILE_NAME, assert_no_raw_markup, assert_safe

from .conftest import deliver_outbox
from .helpers import make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def hostile(world, settings):
    settings.LAUNCH_COACHING_NOTIFY_WINDOW_SECONDS = 0
    participant, coach = world.users["participant"], world.users["coach"]
    for user in (participant, coach):
        user.first_name, user.last_name = HOSTILE_NAME
        user.save()
    thread = make_thread(participant)
    for payload in CORPUS:
        services.post_message(actor=coach, thread_id=thread.pk, body=payload, anchor="student")
        services.post_message(actor=participant, thread_id=thread.pk, body=payload)
    services.request_feedback(actor=participant, thread_id=thread.pk, topic=CORPUS[0])
    return world, thread


def test_renderer_keeps_only_the_small_subset():
    for payload in CORPUS:
        html = render_markdown(payload)
        assert_safe(html, payload)
        assert_no_raw_markup(html, payload)
    html = render_markdown("# Title\n\n[x](https://ok.example)")
    assert "<h1" not in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_pages_partials_pushes_and_email_are_safe(hostile):
    world, thread = hostile
    for role in ("participant", "coach", "editor"):
        client = world.client_for(role)
        page = client.get(f"/coaching/threads/{thread.pk}/").content.decode()
        assert_safe(page, f"thread page as {role}")
        assert "&lt;script&gt;" in page
        partial = client.get(f"/coaching/threads/{thread.pk}/", headers={"HX-Request": "true"})
        assert_safe(partial.content.decode(), f"thread partial as {role}")
        assert_safe(client.get("/coaching/").content.decode(), f"index as {role}")
    queue = world.client_for("coach").get("/coaching/queue/").content.decode()
    assert_safe(queue, "queue")
    posted = world.client_for("coach").post(
        f"/coaching/threads/{thread.pk}/post/",
        {"body": CORPUS[1], "anchor": "educator"},
        headers={"HX-Request": "true"},
    )
    assert_safe(posted.content.decode(), "htmx post result")
    for item in live.replay_thread(thread.pk, 0, 500):
        assert_safe(item["html"], "replayed fragment")
        assert_no_raw_markup(item["html"].replace("<li", "").replace("<div", ""), "replay")
    message = thread.messages.order_by("-seq").first()
    assert_safe(live.render_message_oob(message), "pushed fragment")
    assert_safe(live.render_queue_oob(list(thread.help_requests.all())), "queue push")
    mail.outbox.clear()
    assert services.send_due_notifications() >= 1
    deliver_outbox()
    assert mail.outbox
    for email in mail.outbox:
        html = email.alternatives[0][0] if email.alternatives else ""
        assert_safe(html, "email html")
