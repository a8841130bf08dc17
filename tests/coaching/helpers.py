"""Builders for coaching tests (also used by tests/policy/coaching.py and the benchmarks)."""

from coaching import services
from coaching.models import FeedbackThread
from lms.models import Reflection, User
from lms.selectors import participant_enrolment_for

from ..evidence.helpers import make_draft


def make_thread(participant: User) -> FeedbackThread:
    """A thread on a new draft of ``participant`` (with every kind documented)."""
    draft = make_draft(participant)
    return services.open_submission_thread(actor=participant, submission_id=draft.pk)


def make_reflection_thread(participant: User, module) -> FeedbackThread:
    enrolment = participant_enrolment_for(participant)
    reflection = Reflection.objects.create(
        user=participant, module=module, cohort=enrolment.cohort, text="I learnt a lot."
    )
    return services.open_reflection_thread(actor=participant, reflection_id=reflection.pk)
