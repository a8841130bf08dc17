"""Permission-aware reads of evidence. ``access_*`` returns what the user may see or raises
:class:`lms.exceptions.AccessDenied` (a 404: existence is not revealed).

Who sees what:

* the participant: their own submissions, drafts, versions and artefacts;
* their assigned coach (``Enrolment.coach``) in the cohort where the submission was made,
  while both the participant's and the coach's own enrolments there are current: the same,
  read only, drafts included;
* programme staff: everything, read only;
* a reviewer: only the versions assigned to them (never drafts), anonymised when blind,
  while they hold a current reviewer enrolment in a cohort of the submission's programme;
* everyone else, coordinators included: nothing.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from lms import selectors as lms_selectors
from lms.exceptions import AccessDenied
from lms.models import Cohort, Enrolment, OrganisationMembership, Profile, Standard
from lms.people import User, school_of

from .models import (
    EVIDENCE_KINDS,
    Artefact,
    Attestation,
    EvidenceKind,
    ProgrammeEvidenceSettings,
    ReviewAssignment,
    StandardScore,
    Submission,
    SubmissionVersion,
)

CURRENT = lms_selectors.CURRENT
OWNER, COACH, STAFF, REVIEWER = "owner", "coach", "staff", "reviewer"


def evidence_settings(programme_id: int) -> ProgrammeEvidenceSettings:
    """The programme's evidence settings, or the defaults (not saved) when it has none."""
    found = ProgrammeEvidenceSettings.objects.filter(programme_id=programme_id).first()
    return found or ProgrammeEvidenceSettings(programme_id=programme_id)


def is_coach_of(*, user: User, participant_id: int, cohort_id: int) -> bool:
    """Whether ``user`` coaches the participant in the cohort (both enrolments current)."""
    return lms_selectors.coaches_participant(
        user=user, participant_id=participant_id, cohort_id=cohort_id
    )


def active_reviewer_q(user: User, programme_ref: str) -> Exists:
    """Whether ``user`` holds a current reviewer enrolment in a cohort of the programme that
    ``programme_ref`` names (an ``OuterRef`` path): a withdrawn reviewer reviews nothing."""
    return Exists(
        Enrolment.objects.filter(
            user_id=user.pk,
            role=Enrolment.Role.REVIEWER,
            status__in=CURRENT,
            cohort__programme_id=OuterRef(programme_ref),
        )
    )


def reviewer_assignments(user: User) -> QuerySet[ReviewAssignment]:
    """The user's review assignments on submissions of programmes they currently review."""
    if not user.is_authenticated:
        return ReviewAssignment.objects.none()
    return ReviewAssignment.objects.filter(
        active_reviewer_q(user, "version__submission__cohort__programme_id"), reviewer=user
    )


def _viewer_role(user: User, submission: Submission) -> str | None:
    """How ``user`` relates to ``submission`` (not counting review assignments)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if submission.participant_id == user.pk:
        return OWNER
    if lms_selectors.is_programme_staff(user):
        return STAFF
    if is_coach_of(
        user=user, participant_id=submission.participant_id, cohort_id=submission.cohort_id
    ):
        return COACH
    return None


@dataclass
class SubmissionAccess:
    submission: Submission
    role: str

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER


def access_submission(*, user: User, pk: int) -> SubmissionAccess:
    """The submission with the viewer's role: owner, coach or staff. Reviewers use versions."""
    submission = (
        Submission.objects.select_related("participant", "cohort", "cohort__organisation")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise AccessDenied("submission", pk)
    role = _viewer_role(user, submission)
    if role is None:
        raise AccessDenied("submission", pk)
    return SubmissionAccess(submission, role)


def access_own_submission(*, user: User, pk: int) -> Submission:
    """The participant's own submission (for writes)."""
    access = access_submission(user=user, pk=pk)
    if not access.is_owner:
        raise AccessDenied("submission", pk)
    return access.submission


@dataclass
class VersionAccess:
    version: SubmissionVersion
    role: str
    blind: bool
    assignment: ReviewAssignment | None = None


def access_version(*, user: User, submission_pk: int, number: int) -> VersionAccess:
    """A frozen version: for its owner, coach and staff, or a reviewer assigned to it."""
    version = (
        SubmissionVersion.objects.select_related(
            "submission", "submission__participant", "submission__cohort"
        )
        .filter(submission_id=submission_pk, number=number)
        .first()
    )
    if version is None or not user.is_authenticated:
        raise AccessDenied("version", f"{submission_pk}/{number}")
    role = _viewer_role(user, version.submission)
    if role is not None:
        return VersionAccess(version, role, blind=False)
    assignment = reviewer_assignments(user).filter(version=version).first()
    if assignment is None:
        raise AccessDenied("version", f"{submission_pk}/{number}")
    return VersionAccess(version, REVIEWER, blind=version.submission.blind, assignment=assignment)


@dataclass
class ArtefactAccess:
    artefact: Artefact
    role: str
    blind: bool


def access_artefact(*, user: User, pk: int) -> ArtefactAccess:
    """A file: for the submission's owner, coach and staff, or a reviewer of a version that
    contains it."""
    artefact = Artefact.objects.select_related("submission").filter(pk=pk, url="").first()
    if artefact is None or not user.is_authenticated:
        raise AccessDenied("artefact", pk)
    role = _viewer_role(user, artefact.submission)
    if role is not None:
        if role == OWNER or artefact.removed_at is None or artefact.versions.exists():
            return ArtefactAccess(artefact, role, blind=False)
        raise AccessDenied("artefact", pk)
    if reviewer_assignments(user).filter(version__artefacts=artefact).exists():
        return ArtefactAccess(artefact, REVIEWER, blind=artefact.submission.blind)
    raise AccessDenied("artefact", pk)


def access_assignment(*, user: User, pk: int) -> ReviewAssignment:
    """A reviewer's own assignment, with its version and submission."""
    assignment = (
        reviewer_assignments(user)
        .select_related("version", "version__submission")
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise AccessDenied("assignment", pk)
    return assignment


def access_submission_for_staff(*, user: User, pk: int) -> Submission:
    if not lms_selectors.is_programme_staff(user):
        raise AccessDenied("submission", pk)
    return access_submission(user=user, pk=pk).submission


# --- lists -------------------------------------------------------------------------------------


def _listed(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    return (
        qs.select_related("participant", "cohort")
        .prefetch_related(Prefetch("standards", queryset=Standard.objects.order_by("number")))
        .annotate(version_count=Count("versions", distinct=True))
    )


def submissions_for_participant(*, user: User) -> list[Submission]:
    """The participant's submissions, newest first (a fixed number of queries)."""
    return list(_listed(Submission.objects.filter(participant=user)))


def submissions_for_coach(*, user: User) -> list[Submission]:
    """Submissions (drafts included) of the participants this user coaches."""
    pairs = [(e.user_id, e.cohort_id) for e in lms_selectors.coached_participants(user=user)]
    if not pairs:
        return []
    condition = Q()
    for participant_id, cohort_id in pairs:
        condition |= Q(participant_id=participant_id, cohort_id=cohort_id)
    return list(_listed(Submission.objects.filter(condition)))


def review_queue(*, user: User) -> dict[str, Any]:
    """The reviewer's assignments (open first) and, for staff, versions without a reviewer."""
    assignments = list(
        reviewer_assignments(user)
        .select_related("version", "version__submission", "version__submission__participant")
        .prefetch_related(
            Prefetch("version__standards", queryset=Standard.objects.order_by("number"))
        )
        .order_by(F("completed_at").desc(nulls_first=True), "-assigned_at")
    )
    unassigned: list[SubmissionVersion] = []
    if lms_selectors.is_programme_staff(user):
        unassigned = list(
            SubmissionVersion.objects.filter(
                outcome=SubmissionVersion.Outcome.PENDING, assignments__isnull=True
            )
            .select_related("submission", "submission__participant")
            .prefetch_related(Prefetch("standards", queryset=Standard.objects.order_by("number")))
            .order_by("submitted_at")
        )
    return {
        "open": [a for a in assignments if a.is_open],
        "done": [a for a in assignments if not a.is_open],
        "unassigned": unassigned,
    }


# --- what a page shows -------------------------------------------------------------------------


@dataclass
class KindState:
    kind: str
    label: str
    narrative: str
    artefacts: list[Artefact]
    required: bool

    @property
    def has_narrative(self) -> bool:
        return bool(self.narrative.strip())

    @property
    def documented(self) -> bool:
        """What counts (here, on the page, and at submit): the narrative is written AND at
        least one file or link of this kind is attached."""
        return self.has_narrative and bool(self.artefacts)


@dataclass
class Completeness:
    kinds: list[KindState]
    has_title: bool
    has_standards: bool
    missing: list[str] = field(default_factory=list)

    @property
    def documented_count(self) -> int:
        return sum(1 for k in self.kinds if k.required and k.documented)

    @property
    def required_count(self) -> int:
        return sum(1 for k in self.kinds if k.required)

    @property
    def ready(self) -> bool:
        return self.has_title and self.has_standards and not self.missing


def completeness(
    submission: Submission, artefacts: list[Artefact], standard_ids: list[int]
) -> Completeness:
    """Which kinds of data are documented (a narrative and at least one artefact) and what is
    still missing before the submission may be submitted."""
    required = evidence_settings(submission.cohort.programme_id).kinds
    labels = dict(EvidenceKind.choices)
    kinds = [
        KindState(
            kind=kind,
            label=str(labels[kind]),
            narrative=submission.narrative(kind),
            artefacts=[a for a in artefacts if a.kind == kind],
            required=kind in required,
        )
        for kind in EVIDENCE_KINDS
    ]
    state = Completeness(
        kinds=kinds, has_title=bool(submission.title.strip()), has_standards=bool(standard_ids)
    )
    state.missing = [k.label for k in kinds if k.required and not k.documented]
    return state


def current_artefacts(submission: Submission) -> list[Artefact]:
    return list(submission.artefacts.filter(removed_at__isnull=True))


def submission_page(*, access: SubmissionAccess) -> dict[str, Any]:
    """Everything the submission page shows, in a fixed number of queries."""
    submission = access.submission
    artefacts = current_artefacts(submission)
    standard_ids = list(submission.standards.values_list("pk", flat=True))
    versions = list(submission.versions.order_by("-number"))
    latest = versions[0] if versions else None
    outcome_scores: list[StandardScore] = []
    outcome_comment = ""
    if latest is not None and latest.outcome != SubmissionVersion.Outcome.PENDING:
        final = final_assignment(latest)
        if final is not None:
            outcome_scores = list(final.scores.select_related("standard"))
            outcome_comment = final.comment
    attestations = list(
        Attestation.objects.filter(version__submission=submission).select_related("version")
    )
    return {
        "submission": submission,
        "role": access.role,
        "artefacts": artefacts,
        "standard_ids": standard_ids,
        "completeness": completeness(submission, artefacts, standard_ids),
        "versions": versions,
        "latest": latest,
        "outcome_scores": outcome_scores,
        "outcome_comment": outcome_comment,
        "attestations": attestations,
    }


def final_assignment(version: SubmissionVersion) -> ReviewAssignment | None:
    """The review whose decision stands: the adjudicator's, else the first completed one."""
    done = [a for a in version.assignments.all() if a.completed_at is not None]
    for assignment in done:
        if assignment.role == ReviewAssignment.Role.ADJUDICATOR:
            return assignment
    return done[0] if done else None


def version_sections(version: SubmissionVersion, artefacts: list[Artefact]) -> list[KindState]:
    """The version's narratives and artefacts per kind of data, as frozen."""
    narratives = version.content.get("narratives", {})
    labels = dict(EvidenceKind.choices)
    return [
        KindState(
            kind=kind,
            label=str(labels[kind]),
            narrative=str(narratives.get(kind, "")),
            artefacts=[a for a in artefacts if a.kind == kind],
            required=True,
        )
        for kind in EVIDENCE_KINDS
    ]


def version_page(*, access: VersionAccess) -> dict[str, Any]:
    version = access.version
    artefacts = list(version.artefacts.all())
    return {
        "version": version,
        "submission": version.submission,
        "role": access.role,
        "blind": access.blind,
        "title": version.content.get("title", ""),
        "sections": version_sections(version, artefacts),
        "standards": list(version.standards.order_by("number")),
        "attestations": list(version.attestations.exclude(status=Attestation.Status.REQUESTED)),
    }


# --- reviewers ---------------------------------------------------------------------------------


def participant_organisation_ids(submission: Submission) -> set[int]:
    """The organisations the participant belongs to (their cohorts' organisations)."""
    return set(
        Enrolment.objects.filter(user_id=submission.participant_id, status__in=CURRENT)
        .exclude(cohort__organisation__isnull=True)
        .values_list("cohort__organisation_id", flat=True)
    )


def conflicted_reviewer_ids(submission: Submission, candidate_ids: list[int]) -> set[int]:
    """Candidates who work in the participant's organisation (coordinators, coaches,
    participants of its cohorts, or the same school name), the participant and their coach."""
    orgs = participant_organisation_ids(submission)
    conflicted = {submission.participant_id}
    if orgs:
        conflicted |= set(
            OrganisationMembership.objects.filter(
                organisation_id__in=orgs, user_id__in=candidate_ids
            ).values_list("user_id", flat=True)
        )
        conflicted |= set(
            Enrolment.objects.filter(
                cohort__organisation_id__in=orgs, user_id__in=candidate_ids, status__in=CURRENT
            )
            .exclude(role=Enrolment.Role.REVIEWER)
            .values_list("user_id", flat=True)
        )
    conflicted |= set(
        Enrolment.objects.filter(
            user_id=submission.participant_id, coach_id__in=candidate_ids
        ).values_list("coach_id", flat=True)
    )
    school = school_of(submission.participant).strip().lower()
    org_names = {
        name.lower()
        for name in Cohort.objects.filter(organisation_id__in=orgs)
        .values_list("organisation__name", flat=True)
        .distinct()
    }
    for user_id, user_school in Profile.objects.filter(pk__in=candidate_ids).values_list(
        "pk", "school"
    ):
        s = (user_school or "").strip().lower()
        if s and (s == school or s in org_names):
            conflicted.add(user_id)
    return conflicted


def eligible_reviewers(*, submission: Submission, version: SubmissionVersion) -> list[User]:
    """Reviewers of the programme without a conflict of interest and not yet on this version,
    the least busy first."""
    pool = list(
        User.objects.filter(
            is_active=True,
            enrolments__role=Enrolment.Role.REVIEWER,
            enrolments__status__in=CURRENT,
            enrolments__cohort__programme_id=submission.cohort.programme_id,
        )
        .exclude(evidence_assignments__version=version)
        .annotate(
            open_count=Count(
                "evidence_assignments",
                filter=Q(evidence_assignments__completed_at__isnull=True),
                distinct=True,
            )
        )
        .distinct()
        .order_by("open_count", "pk")
    )
    conflicted = conflicted_reviewer_ids(submission, [u.pk for u in pool])
    return [u for u in pool if u.pk not in conflicted]
