"""Someone not connected gets ONE email batching new feedback, after the window; nothing when
they have read it meanwhile (on the page or through a live socket)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from coaching import services
from coaching.models import PendingNotification
from coaching.tasks import send_due_notifications_task

from .conftest import deliver_outbox
from .helpers import make_reflection_thread, make_thread

pytestmark = pytest.mark.django_db


def later(minutes: int = 11):
    return timezone.now() + timedelta(minutes=minutes)


def test_one_email_batches_several_messages_and_threads(world):
    participant, coach = world.users["participant"], world.users["coach"]
    first = make_thread(participant)
    second = make_reflection_thread(participant, world.module)
    for body in ("One", "Two", "Three"):
        services.post_message(actor=coach, thread_id=first.pk, body=body)
    services.post_message(actor=coach, thread_id=second.pk, body="Four")
    mail.outbox.clear()
    assert services.send_due_notifications() == 0  # the window is not over yet
    assert services.send_due_notifications(now=later()) == 1
    deliver_outbox()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [participant.email]
    for body in ("One", "Two", "Three", "Four"):
        assert body in email.body
    assert f"/coaching/threads/{first.pk}/" in email.body
    assert services.send_due_notifications(now=later(30)) == 0  # sent once
    deliver_outbox()
    assert len(mail.outbox) == 1
    assert not PendingNotification.objects.exists()


def test_nothing_when_read_meanwhile(world):
    participant, coach = world.users["participant"], world.users["coach"]
    thread = make_thread(participant)
    services.post_message(actor=coach, thread_id=thread.pk, body="Read me")
    world.client_for("participant").get(f"/coaching/threads/{thread.pk}/")
    mail.outbox.clear()
    assert services.send_due_notifications(now=later()) == 0
    deliver_outbox()
    assert mail.outbox == []


def test_delivery_through_the_socket_counts_as_read(world):
    participant, coach = world.users["participant"], world.users["coach"]
    thread = make_thread(participant)
    message = services.post_message(actor=coach, thread_id=thread.pk, body="Live")
    services.touch_read_from_socket(user_id=participant.pk, thread_id=thread.pk, seq=message.seq)
    assert services.send_due_notifications(now=later()) == 0


def test_author_is_not_notified_and_coach_gets_participants_messages(world):
    participant, coach = world.users["participant"], world.users["coach"]
    thread = make_thread(participant)
    services.post_message(actor=participant, thread_id=thread.pk, body="Question")
    mail.outbox.clear()
    assert services.send_due_notifications(now=later()) == 1
    deliver_outbox()
    assert [m.to for m in mail.outbox] == [[coach.email]]


def test_task_runs_the_service(world, settings):
    settings.LAUNCH_COACHING_NOTIFY_WINDOW_SECONDS = 0
    thread = make_thread(world.users["participant"])
    services.post_message(actor=world.users["coach"], thread_id=thread.pk, body="x")
    assert send_due_notifications_task() == 1
