"""Inactivity reminders: at most one email per person per ISO week, only to active people."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from lms.dashboard.reminders import reminder_key, send_inactivity_reminders
from lms.models import Cohort, Enrolment, ModuleProgress, OutboxItem, User
from lms.people import update_profile
from lms.tasks import send_inactivity_reminders_task

from ..factories import UserFactory, enrol

pytestmark = pytest.mark.django_db

# A Wednesday, so "two days later" stays in the same ISO week.
WEDNESDAY = timezone.make_aware(datetime(2026, 11, 18, 9, 0))


def _idle(world, *, days: int = 20, status: str = Enrolment.Status.ACTIVE, **names) -> User:
    user = UserFactory(**names)
    update_profile(user, last_activity_at=WEDNESDAY - timedelta(days=days))
    enrol(user, world.cohort, coach=world.users["coach"], status=status)
    return user


def _run(capture, now: datetime) -> int:
    with capture(execute=True):
        return send_inactivity_reminders(now=now)


def _emails() -> list[dict]:
    """The reminder emails recorded in the outbox (delivered inline only in the embedded
    profile; on scale-out a worker would send them, so the outbox is what both show)."""
    return [
        item.payload
        for item in OutboxItem.objects.filter(
            kind="lms.email", key__startswith="inactivity-reminder:"
        ).order_by("pk")
    ]


def test_one_email_per_week_a_second_the_next_week(world, django_capture_on_commit_callbacks):
    update_profile(world.users["participant"], last_activity_at=WEDNESDAY)
    idle = _idle(world, first_name="Ida")
    ModuleProgress.objects.create(user=idle, module=world.module, status="completed")

    _run(django_capture_on_commit_callbacks, WEDNESDAY)
    _run(django_capture_on_commit_callbacks, WEDNESDAY + timedelta(hours=1))
    _run(django_capture_on_commit_callbacks, WEDNESDAY + timedelta(days=2))
    assert [m["to"] for m in _emails()] == [[idle.email]]
    text = _emails()[0]["text"]
    assert "Hello Ida" in text and "20 days" in text
    assert "Your next module: Data dialogues" in text  # the first one not yet completed
    coach = world.users["coach"]
    assert coach.email in text and (coach.get_full_name() or coach.email) in text
    assert f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/learn/dashboard/" in text
    assert OutboxItem.objects.get().key == f"inactivity-reminder:{idle.pk}:2026-W47"
    if settings.CELERY_TASK_ALWAYS_EAGER:  # embedded: sent after commit (scale-out: a worker)
        assert [m.to for m in mail.outbox] == [[idle.email]]

    _run(django_capture_on_commit_callbacks, WEDNESDAY + timedelta(days=7))
    assert len(_emails()) == 2
    assert reminder_key(idle.pk, WEDNESDAY + timedelta(days=7)).endswith(":2026-W48")


def test_only_active_participants_of_running_cohorts_who_are_idle(
    world, django_capture_on_commit_callbacks
):
    update_profile(
        world.users["participant"], last_activity_at=WEDNESDAY - timedelta(days=13)
    )  # 13 days: not yet
    _idle(world, status=Enrolment.Status.WITHDRAWN)
    _idle(world, status=Enrolment.Status.COMPLETED)
    _idle(world, status=Enrolment.Status.INVITED)
    never = UserFactory()  # never active, enrolled 15 days ago: reminded
    enrolment = enrol(never, world.cohort)
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=WEDNESDAY - timedelta(days=15))
    fresh = UserFactory()  # never active, enrolled 3 days ago: not yet
    enrolment = enrol(fresh, world.cohort)
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=WEDNESDAY - timedelta(days=3))
    coach = _idle(world)  # a coach is not a participant
    Enrolment.objects.filter(user=coach).update(role=Enrolment.Role.COACH)
    finished = _idle(world)  # a participant of a cohort that has ended
    Cohort.objects.filter(pk=world.other_cohort.pk).update(status=Cohort.Status.COMPLETED)
    Enrolment.objects.filter(user=finished).update(cohort=world.other_cohort)

    _run(django_capture_on_commit_callbacks, WEDNESDAY)
    assert [m["to"] for m in _emails()] == [[never.email]]


def test_the_task_runs_the_service_and_is_on_the_beat_schedule(
    world, django_capture_on_commit_callbacks
):
    idle = _idle(world, days=40)
    with django_capture_on_commit_callbacks(execute=True):
        send_inactivity_reminders_task()
    with django_capture_on_commit_callbacks(execute=True):
        send_inactivity_reminders_task()  # delivered twice: still one email
    assert [m["to"] for m in _emails()] == [[idle.email]]
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "lms.send_inactivity_reminders" in entries
