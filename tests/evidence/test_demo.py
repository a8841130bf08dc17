"""The evidence part of ``seed_demo``: consistent with each person's stage, idempotent."""

from io import StringIO

from django.core.management import call_command

from evidence.models import ReviewAssignment, Submission, SubmissionVersion
from lms.models import StandardProgress, User


def _counts():
    return tuple(m.objects.count() for m in (Submission, SubmissionVersion, ReviewAssignment))


def test_demo_evidence_matches_the_stages_and_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first

    def user(name: str) -> User:
        return User.objects.get(email=f"{name}@launch.example")

    aisha = user("aisha")
    accepted = SubmissionVersion.objects.filter(submission__participant=aisha, outcome="accepted")
    covered = {s.number for v in accepted for s in v.standards.all()}
    assert covered == set(range(1, 11))
    for progress in StandardProgress.objects.filter(user=aisha):
        assert progress.evidence_url.startswith("/evidence/")
    assert Submission.objects.filter(participant=user("sam"), status="draft").exists()
    waiting = ReviewAssignment.objects.get(completed_at__isnull=True)
    assert waiting.reviewer == user("reviewer")
    assert waiting.version.submission.participant == user("tyrone")
    assert Submission.objects.filter(participant=user("maria"), status="revise").exists()
    assert not Submission.objects.filter(participant=user("jordan")).exists()
