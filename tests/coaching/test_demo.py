"""Coaching's part of ``seed_demo``: one thread between the demo coach and a participant, a
few messages and one open help request; seeding twice adds nothing."""

from io import StringIO

from django.core.management import call_command

from coaching import selectors
from coaching.models import FeedbackMessage, FeedbackThread, HelpRequest
from lms.models import User


def test_demo_thread_is_seeded_once(db):
    call_command("seed_demo", stdout=StringIO())
    assert FeedbackThread.objects.count() == 1
    thread = FeedbackThread.objects.get()
    assert FeedbackMessage.objects.filter(thread=thread).count() == 3
    assert HelpRequest.objects.filter(thread=thread, answered_at__isnull=True).count() == 1
    coach = User.objects.get(email="coach@launch.example")
    assert [r.thread_id for r in selectors.coach_queue(user=coach)] == [thread.pk]
    call_command("seed_demo", stdout=StringIO())
    assert FeedbackThread.objects.count() == 1
    assert FeedbackMessage.objects.count() == 3
