"""Query budgets of the evidence lists do not grow with data (QUALITY.md P2)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from evidence.models import ReviewAssignment, Submission, SubmissionVersion
from lms.models import Standard

PARTICIPANT_LIST_BUDGET = 5
REVIEW_QUEUE_BUDGET = 3


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def _submissions(world, n: int) -> list[SubmissionVersion]:
    """``n`` submitted versions of the participant, each claiming two standards, assigned to
    the world's reviewer (half of them reviewed)."""
    participant, reviewer = world.users["participant"], world.users["reviewer"]
    standards = list(Standard.objects.filter(number__in=[1, 2]))
    made = Submission.objects.bulk_create(
        [Submission(participant=participant, cohort=world.cohort, title=f"Evidence {i}",
                    status="submitted") for i in range(n)]
    )  # fmt: skip
    Submission.standards.through.objects.bulk_create(
        [Submission.standards.through(submission=s, standard=st) for s in made for st in standards]
    )
    versions = SubmissionVersion.objects.bulk_create(
        [SubmissionVersion(submission=s, number=1, content={}, content_hash="0" * 64,
                           submitted_at=s.created_at) for s in made]
    )  # fmt: skip
    SubmissionVersion.standards.through.objects.bulk_create(
        [SubmissionVersion.standards.through(submissionversion=v, standard=st)
         for v in versions for st in standards]
    )  # fmt: skip
    ReviewAssignment.objects.bulk_create(
        [ReviewAssignment(version=v, reviewer=reviewer,
                          decision="accepted" if i % 2 else "",
                          completed_at=v.submitted_at if i % 2 else None)
         for i, v in enumerate(versions)]
    )  # fmt: skip
    return versions


def test_participant_list_and_review_queue_same_queries_for_5_and_500(world):
    participant = world.client_for("participant")
    reviewer = world.client_for("reviewer")
    participant.get("/evidence/")
    reviewer.get("/evidence/review/")
    _submissions(world, 5)
    small = (_count(participant, "/evidence/"), _count(reviewer, "/evidence/review/"))
    _submissions(world, 495)
    assert Submission.objects.count() == 500
    large = (_count(participant, "/evidence/"), _count(reviewer, "/evidence/review/"))
    assert small == large, (small, large)
    assert small[0] <= PARTICIPANT_LIST_BUDGET and small[1] <= REVIEW_QUEUE_BUDGET


def test_blind_review_queue_same_queries(world):
    """Blind or not, the queue's query count does not change."""
    reviewer = world.client_for("reviewer")
    _submissions(world, 5)
    reviewer.get("/evidence/review/")
    before = _count(reviewer, "/evidence/review/")
    Submission.objects.update(blind=True)
    assert _count(reviewer, "/evidence/review/") == before


SUBMISSION_PAGE_BUDGET = 16


def test_submission_page_same_queries_for_few_and_many_artefacts_and_versions(world):
    from evidence import services
    from evidence.models import Artefact, SubmissionVersion

    from .helpers import make_submitted

    participant = world.users["participant"]
    client = world.client_for("participant")

    def grow(version, n: int) -> None:
        submission = version.submission
        Artefact.objects.bulk_create(
            [Artefact(submission=submission, kind="student", url=f"https://x.example/{i}")
             for i in range(n)]
        )  # fmt: skip
        start = submission.versions.count() + 1
        SubmissionVersion.objects.bulk_create(
            [SubmissionVersion(submission=submission, number=start + i, content={},
                               content_hash="1" * 64, submitted_at=version.submitted_at,
                               outcome="revise") for i in range(n)]
        )  # fmt: skip

    small = make_submitted(participant)
    large = make_submitted(participant)
    grow(small, 1)  # both end on a decided version: same page, different sizes
    grow(large, 40)
    for version in (small, large):
        services.request_attestation(
            actor=participant, submission_id=version.submission_id, relationship="client",
            name="C", email="c@x.example",
        )  # fmt: skip
    client.get(f"/evidence/{small.submission_id}/")
    counts = [_count(client, f"/evidence/{v.submission_id}/") for v in (small, large)]
    assert counts[0] == counts[1] <= SUBMISSION_PAGE_BUDGET, counts


def test_staff_assign_through_the_page_and_see_what_waits(world):
    from .helpers import make_submitted

    version = make_submitted(world.users["other_participant"], (2,))
    version.assignments.all().delete()
    editor = world.client_for("editor")
    queue = editor.get("/evidence/review/").content.decode()
    assert "Waiting for a reviewer" in queue and version.submission.title in queue
    page = editor.get(f"/evidence/{version.submission_id}/").content.decode()
    assert "Review assignment" in page and world.users["reviewer"].get_full_name() in page
    reviewer = world.users["reviewer"]
    response = editor.post(
        f"/evidence/{version.submission_id}/assign/",
        {"reviewer": reviewer.pk, "blind": "on", "status": "accepted"},
    )
    assert response.status_code == 302
    assignment = version.assignments.get()
    assert assignment.reviewer == reviewer and assignment.assigned_by == world.users["editor"]
    version.submission.refresh_from_db()
    assert version.submission.blind and version.submission.status == "submitted"
