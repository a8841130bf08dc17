"""Issue #14, item 2: a withdrawn coach or reviewer keeps no access.

As reported: after the coordinator withdrew ``coach@``, the coach still read the
participants' evidence, downloaded their files and read and posted to their feedback
threads, because access trusted ``Enrolment.coach`` on the participant's row and never the
coach's own enrolment. The same for a withdrawn reviewer and their assignments.
"""

import pytest

from coaching.models import FeedbackThread
from evidence.models import ReviewAssignment
from lms.models import AccessChange, Enrolment

from ..coaching.helpers import make_thread
from ..evidence.helpers import make_submitted
from ..factories import UserFactory, enrol

# Outbox side effects (emails, import batches) run inline in both profiles.
pytestmark = pytest.mark.usefixtures("eager_celery")


def _withdraw(world, user, role: str):
    enrolment = Enrolment.objects.get(user=user, cohort=world.cohort, role=role)
    response = world.client_for("coordinator").post(
        f"/learn/cohorts/{world.cohort.pk}/people/{enrolment.pk}/status/", {"status": "withdrawn"}
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"
    return enrolment


def _coach_pages(world, thread: FeedbackThread) -> dict[str, int]:
    """What the coach can reach of the participant's work (status codes)."""
    client = world.client_for("coach")
    submission = thread.submission
    artefact = submission.artefacts.exclude(storage_name="").get()
    return {
        "evidence": client.get(f"/evidence/{submission.pk}/").status_code,
        "download": client.get(f"/evidence/files/{artefact.pk}/").status_code,
        "thread": client.get(f"/coaching/threads/{thread.pk}/").status_code,
        "post": client.post(
            f"/coaching/threads/{thread.pk}/post/", {"body": "Still here"}
        ).status_code,
        "queue": client.get("/coaching/queue/").status_code,
    }


@pytest.fixture
def thread(world):
    from evidence import services

    from ..evidence.helpers import pdf_upload

    found = make_thread(world.users["participant"])
    services.add_file_artefact(
        actor=world.users["participant"],
        submission_id=found.submission_id,
        kind="facilitation",
        upload=pdf_upload(),
    )
    return found


def test_withdrawn_coach_reads_and_posts_nothing(world, thread):
    before = _coach_pages(world, thread)
    assert before == {"evidence": 200, "download": 200, "thread": 200, "post": 302, "queue": 200}
    _withdraw(world, world.users["coach"], "coach")
    assert _coach_pages(world, thread) == dict.fromkeys(before, 404)
    assert thread.messages.count() == 1  # only the message posted before the withdrawal


def test_a_stale_coach_assignment_grants_nothing(world, thread):
    """Withdrawn without the coordinator's page (the Wagtail admin edits the row): the
    participant's ``Enrolment.coach`` still names the coach, yet access derives from the
    coach's own enrolment."""
    coach_enrolment = Enrolment.objects.get(user=world.users["coach"], role="coach")
    coach_enrolment.status = Enrolment.Status.WITHDRAWN
    coach_enrolment.save()
    participant = Enrolment.objects.get(user=world.users["participant"], cohort=world.cohort)
    assert participant.coach == world.users["coach"]
    assert set(_coach_pages(world, thread).values()) == {404}


def test_withdrawing_a_coach_hands_participants_to_the_only_other_coach(world):
    coach, second = world.users["coach"], UserFactory(email="second@a.example")
    enrol(second, world.cohort, Enrolment.Role.COACH)
    AccessChange.objects.all().delete()
    _withdraw(world, coach, "coach")
    participant = Enrolment.objects.get(user=world.users["participant"], cohort=world.cohort)
    assert participant.coach == second
    # The sockets of everyone whose access changed re-check it (they close within 5 s).
    changed = set(AccessChange.objects.values_list("user_id", flat=True))
    assert {coach.pk, second.pk, world.users["participant"].pk} <= changed


def test_withdrawing_a_coach_clears_the_assignment_when_no_single_successor(world):
    for email in ("b@a.example", "c@a.example"):
        enrol(UserFactory(email=email), world.cohort, Enrolment.Role.COACH)
    _withdraw(world, world.users["coach"], "coach")
    participant = Enrolment.objects.get(user=world.users["participant"], cohort=world.cohort)
    assert participant.coach is None


def test_withdrawn_reviewer_loses_assignments_and_they_go_to_another(world):
    reviewer = world.users["reviewer"]
    version = make_submitted(world.users["participant"])
    assignment = ReviewAssignment.objects.get(version=version)
    assert assignment.reviewer == reviewer
    artefact = version.artefacts.exclude(storage_name="").get()
    client = world.client_for("reviewer")
    pages = (
        f"/evidence/review/{assignment.pk}/",
        f"/evidence/{version.submission_id}/versions/{version.number}/",
        f"/evidence/files/{artefact.pk}/",
    )
    assert [client.get(p).status_code for p in pages] == [200, 200, 200]
    successor = UserFactory(email="next-reviewer@x.example")
    enrol(successor, world.other_cohort, Enrolment.Role.REVIEWER)

    _withdraw(world, reviewer, "reviewer")
    assert [client.get(p).status_code for p in pages] == [404, 404, 404]
    assert not ReviewAssignment.objects.filter(reviewer=reviewer, completed_at=None).exists()
    moved = ReviewAssignment.objects.get(version=version)
    assert moved.reviewer == successor and moved.role == assignment.role


def test_a_stale_review_assignment_grants_nothing(world):
    """A reviewer withdrawn in the admin keeps the assignment row, not the access."""
    version = make_submitted(world.users["participant"])
    assignment = ReviewAssignment.objects.get(version=version)
    enrolment = Enrolment.objects.get(user=world.users["reviewer"], role="reviewer")
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save()
    client = world.client_for("reviewer")
    assert client.get(f"/evidence/review/{assignment.pk}/").status_code == 404
    response = client.post(f"/evidence/review/{assignment.pk}/", {"decision": "accepted"})
    assert response.status_code == 404
    assert ReviewAssignment.objects.get(pk=assignment.pk).completed_at is None
