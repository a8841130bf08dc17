"""Coaching's part of the demo world: a thread between the demo coach and a participant with
a few messages and one open help request."""

from django.db import transaction

from coaching import services
from coaching.models import FeedbackThread
from evidence.models import Submission
from lms.models import Cohort, Enrolment, Reflection
from lms.people import User


def seed_coaching(*, cohort: Cohort, users: dict[str, User]) -> FeedbackThread | None:
    """Idempotent: does nothing when the demo thread already exists."""
    coach = users.get("coach")
    if coach is None:
        return None
    enrolments = Enrolment.objects.filter(
        cohort=cohort, coach=coach, role=Enrolment.Role.PARTICIPANT, status="active"
    ).select_related("user")
    for enrolment in enrolments:
        participant = enrolment.user
        if FeedbackThread.objects.filter(participant=participant, cohort=cohort).exists():
            return None
    for enrolment in enrolments:
        participant = enrolment.user
        submission = Submission.objects.filter(participant=participant, cohort=cohort).first()
        reflection = Reflection.objects.filter(user=participant).first()
        if submission is None and reflection is None:
            continue
        with transaction.atomic():
            if submission is not None:
                thread = services.open_submission_thread(
                    actor=participant, submission_id=submission.pk
                )
            else:
                assert reflection is not None
                thread = services.open_reflection_thread(
                    actor=participant, reflection_id=reflection.pk
                )
            services.post_message(
                actor=participant,
                thread_id=thread.pk,
                body="Here is my first draft. Is the *student achievement* part convincing?",
            )
            services.post_message(
                actor=coach,
                thread_id=thread.pk,
                body="Good start. Add **one chart** of the before/after scores.",
                anchor="student" if submission is not None else "",
            )
            services.post_message(
                actor=participant,
                thread_id=thread.pk,
                body="Thanks! I added it:\n\n- the chart\n- a short note on the sample",
            )
            services.request_feedback(
                actor=participant,
                thread_id=thread.pk,
                topic="Is the chart enough evidence for standard 3?",
            )
        return thread
    return None
