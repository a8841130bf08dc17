"""The evidence part of the demo world, and the badge.

Consistent with each person's stage in ``launch_demo.lms_demo``: Aisha has accepted evidence
for all ten standards, Tyrone for seven plus one awaiting the demo reviewer, Maria for three
plus one sent back for revision (reviewed blind: the demo reviewer's queue shows a blind and a
non-blind review), Sam a draft. Links stand in for files. Idempotent: a participant who
already has evidence is left alone.
"""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from evidence.badges.services import award_if_due
from evidence.models import (
    Artefact,
    EvidenceKind,
    ReviewAssignment,
    StandardScore,
    Submission,
    SubmissionVersion,
)
from evidence.services import _snapshot, content_hash
from lms.models import Cohort, RubricLevel, Standard, StandardProgress
from lms.people import User

NARRATIVES = {
    EvidenceKind.FACILITATION: "I facilitated four data dialogues with the leadership team, "
    "using the protocol from the module, and recorded the agreements in our plan.",
    EvidenceKind.EDUCATOR: "Walk-through notes show seven of nine teachers now open lessons "
    "with the agreed learning targets (up from two in September).",
    EvidenceKind.STUDENT: "Grade 7 benchmark results in mathematics rose from 48 % to 61 % "
    "proficient between the fall and winter windows.",
}


def _groups(numbers: list[int], size: int = 3) -> list[list[int]]:
    return [numbers[i : i + size] for i in range(0, len(numbers), size)]


def _make(
    user: User,
    cohort: Cohort,
    standards: list[Standard],
    title: str,
    status: str,
    reviewer: User | None,
    when: Any,
    *,
    blind: bool = False,
) -> Submission:
    submission = Submission.objects.create(
        participant=user,
        cohort=cohort,
        title=title,
        status=Submission.Status.DRAFT,
        blind=blind,
        **{f"narrative_{k}": v for k, v in NARRATIVES.items()},
    )
    submission.standards.set(standards)
    artefacts = [
        Artefact.objects.create(
            submission=submission,
            kind=kind,
            label=label,
            url=f"https://docs.example.org/{user.pk}/{submission.pk}/{kind}",
            uploaded_by=user,
        )
        for kind, label in (
            (EvidenceKind.FACILITATION, "Meeting agendas and notes"),
            (EvidenceKind.EDUCATOR, "Walk-through summary"),
            (EvidenceKind.STUDENT, "Benchmark results"),
        )
    ]
    if status == Submission.Status.DRAFT:
        return submission
    content = _snapshot(submission, artefacts, standards)
    version = SubmissionVersion.objects.create(
        submission=submission,
        number=1,
        content=content,
        content_hash=content_hash(content),
        submitted_at=when,
    )
    version.artefacts.set(artefacts)
    version.standards.set(standards)
    if reviewer is not None:
        assignment = ReviewAssignment.objects.create(version=version, reviewer=reviewer)
        if status != Submission.Status.SUBMITTED:
            accepted = status == Submission.Status.ACCEPTED
            assignment.decision = (
                ReviewAssignment.Decision.ACCEPTED if accepted else ReviewAssignment.Decision.REVISE
            )
            assignment.comment = (
                "Clear triangulation across all three kinds of data."
                if accepted
                else "Add student achievement data that shows change over time."
            )
            assignment.completed_at = when + timedelta(days=3)
            assignment.save()
            StandardScore.objects.bulk_create(
                [
                    StandardScore(
                        assignment=assignment,
                        standard=s,
                        level=(
                            (RubricLevel.PROFICIENT if s.number % 3 else RubricLevel.EXEMPLARY)
                            if accepted
                            else RubricLevel.DEVELOPING
                        ),
                        comment="",
                    )
                    for s in standards
                ]
            )
            version.outcome = (
                SubmissionVersion.Outcome.ACCEPTED if accepted else SubmissionVersion.Outcome.REVISE
            )
            version.decided_at = when + timedelta(days=3)
            version.save(update_fields=["outcome", "decided_at"])
    Submission.objects.filter(pk=submission.pk).update(status=status)
    return submission


@transaction.atomic
def seed_evidence(*, cohort: Cohort, users: dict[str, User]) -> None:
    standards = {s.number: s for s in Standard.objects.all()}
    reviewer = users.get("reviewer")
    now = timezone.now()
    for key in ("sam", "maria", "tyrone", "aisha"):
        user = users.get(key)
        if user is None or Submission.objects.filter(participant=user).exists():
            continue
        proficient = sorted(
            StandardProgress.objects.filter(user=user).values_list("standard__number", flat=True)
        )
        for i, group in enumerate(_groups(proficient)):
            chosen = [standards[n] for n in group]
            submission = _make(
                user,
                cohort,
                chosen,
                f"Evidence for standards {', '.join(str(n) for n in group)}",
                Submission.Status.ACCEPTED,
                reviewer,
                now - timedelta(days=40 - i * 5),
            )
            StandardProgress.objects.filter(user=user, standard__number__in=group).update(
                evidence_label=submission.title[:200], evidence_url=f"/evidence/{submission.pk}/"
            )
        following = len(proficient) + 1
        if key == "sam":
            _make(user, cohort, [standards[1]], "Root causes at Riverside",
                  Submission.Status.DRAFT, None, now)  # fmt: skip
        elif key == "maria" and following in standards:
            # Reviewed blind (the reviewer saw a pseudonym), so its title names no school.
            _make(user, cohort, [standards[following]], "A first planning cycle",
                  Submission.Status.REVISE, reviewer, now - timedelta(days=6),
                  blind=True)  # fmt: skip
        elif key == "tyrone" and following in standards:
            _make(user, cohort, [standards[following]], "Sustaining the Cedar Ridge routines",
                  Submission.Status.SUBMITTED, reviewer, now - timedelta(days=2))  # fmt: skip


def award_due_badges(*, users: dict[str, User]) -> None:
    """Whoever meets an achievement's criteria (the participant who completed everything)
    holds its badge. Idempotent (the outbox key and the unique constraint)."""
    for user in users.values():
        award_if_due(user_id=user.pk)
