"""Writes of evidence. Each service takes the acting user, checks, writes atomically, and
schedules emails (outbox) and signals only after commit.

Forms never set ``status``, ``blind``, scores or reviewers directly: only these functions do,
from their own keyword arguments, so extra POST fields have nowhere to go.
"""

import hashlib
import json
import logging
from datetime import timedelta
from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms import selectors as lms_selectors
from lms.exceptions import AccessDenied
from lms.models import RubricLevel, Standard
from lms.people import User
from lms.services import record_audit_event, record_proficiency

from . import attestors, notifications, selectors, uploads
from .conf import conf
from .models import (
    EVIDENCE_KINDS,
    Artefact,
    Attestation,
    ReviewAssignment,
    StandardScore,
    Submission,
    SubmissionVersion,
)
from .signals import evidence_accepted, evidence_submitted, standard_proficient

logger = logging.getLogger(__name__)

#: Audit action for evidence looked at by someone other than its participant. (Not yet one
#: of ``lms.models.AuditAction``'s choices: stored as this value.)
EVIDENCE_VIEWED = "evidence.viewed"
ATTESTATION_SALT = "evidence.attestation"


class EvidenceError(ValueError):
    """A write that is not possible in the current state; the message is for the user."""


def attestation_max_age() -> int:
    return int(conf.LAUNCH_EVIDENCE_ATTESTATION_MAX_AGE)


def _standards(standard_ids: list[int]) -> list[Standard]:
    return list(Standard.objects.filter(pk__in=standard_ids).order_by("number"))


def record_evidence_view(
    *, actor: User, request: HttpRequest | None, target: models.Model, role: str
) -> None:
    """Audit a look at evidence by someone other than its participant (never its content)."""
    if role == selectors.OWNER:
        return
    record_audit_event(
        action=EVIDENCE_VIEWED, actor=actor, request=request, target=target, detail={"as": role}
    )


# --- drafts ------------------------------------------------------------------------------------


@transaction.atomic
def create_submission(*, actor: User, standard_ids: list[int], title: str = "") -> Submission:
    """Start a draft in the participant's current cohort, claiming ``standard_ids``."""
    enrolment = lms_selectors.participant_enrolment_for(actor)
    if enrolment is None:
        raise AccessDenied("submission")
    submission = Submission.objects.create(
        participant=actor,
        cohort=enrolment.cohort,
        title=title.strip()[: Submission.TITLE_MAX],
        blind=selectors.evidence_settings(enrolment.cohort.programme_id).blind_review,
    )
    submission.standards.set(_standards(standard_ids))
    return submission


@transaction.atomic
def save_draft(
    *,
    actor: User,
    submission_id: int,
    title: str,
    standard_ids: list[int],
    narratives: dict[str, str],
) -> Submission:
    """Save the participant's draft (title, claimed standards, the three narratives).

    Only the owner, only while it is a draft or sent back for revision.
    """
    submission = selectors.access_own_submission(user=actor, pk=submission_id)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.is_editable:
        raise EvidenceError(_("This submission is waiting for review and cannot be changed."))
    submission.title = title.replace("\x00", "").strip()[: Submission.TITLE_MAX]
    for kind in EVIDENCE_KINDS:
        text = narratives.get(kind, "").replace("\x00", "")
        setattr(submission, f"narrative_{kind}", text[: Submission.NARRATIVE_MAX])
    submission.save()
    submission.standards.set(_standards(standard_ids))
    return submission


def _editable_own(actor: User, submission_id: int) -> Submission:
    submission = selectors.access_own_submission(user=actor, pk=submission_id)
    if not submission.is_editable:
        raise EvidenceError(_("This submission is waiting for review and cannot be changed."))
    return submission


def stored_bytes(user: User) -> int:
    """How much the participant's files take in storage (files kept in versions included)."""
    total = Artefact.objects.filter(submission__participant=user).exclude(storage_name="")
    return int(total.aggregate(n=Sum("size"))["n"] or 0)


def add_file_artefact(
    *, actor: User, submission_id: int, kind: str, upload: UploadedFile, label: str = ""
) -> Artefact:
    """Check and store an uploaded file as an artefact of ``kind``.

    Raises :class:`uploads.UploadRefused` (nothing stored) for a refused file or a full quota.
    The file is saved under a generated name and the row written in one transaction; if the
    row cannot be written, the file is deleted again: no row without a file, no orphan file.
    """
    if kind not in EVIDENCE_KINDS:
        raise EvidenceError(_("Unknown kind of data."))
    submission = _editable_own(actor, submission_id)
    checked = uploads.check_file(upload)
    if stored_bytes(actor) + checked.size > uploads.quota_bytes():
        raise uploads.UploadRefused(
            _("Your storage quota (%(mb)s MB) is full: remove files you no longer need.")
            % {"mb": uploads.quota_bytes() // uploads.MB}
        )
    storage = uploads.private_storage()
    name = storage.save(uploads.generated_name(checked.extension), upload)
    try:
        with transaction.atomic():
            artefact = Artefact.objects.create(
                submission=submission,
                kind=kind,
                label=label.strip()[:200],
                storage_name=name,
                original_name=checked.display_name,
                content_type=checked.content_type,
                extension=checked.extension,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=actor,
            )
            Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now())
    except BaseException:
        storage.delete(name)
        raise
    return artefact


@transaction.atomic
def add_link_artefact(
    *, actor: User, submission_id: int, kind: str, url: str, label: str = ""
) -> Artefact:
    """Add a link (http or https only) as an artefact of ``kind``."""
    if kind not in EVIDENCE_KINDS:
        raise EvidenceError(_("Unknown kind of data."))
    if not url.lower().startswith(("https://", "http://")):
        raise EvidenceError(_("Links must start with https:// or http://."))
    submission = _editable_own(actor, submission_id)
    artefact = Artefact.objects.create(
        submission=submission,
        kind=kind,
        label=label.strip()[:200],
        url=url[:500],
        uploaded_by=actor,
    )
    Submission.objects.filter(pk=submission.pk).update(updated_at=timezone.now())
    return artefact


@transaction.atomic
def remove_artefact(*, actor: User, submission_id: int, artefact_id: int) -> None:
    """Take an artefact out of the draft. One frozen into a version is kept (and stays in that
    version); any other is deleted, its file after commit."""
    submission = _editable_own(actor, submission_id)
    artefact = Artefact.objects.filter(
        pk=artefact_id, submission=submission, removed_at__isnull=True
    ).first()
    if artefact is None:
        raise AccessDenied("artefact", artefact_id)
    if artefact.versions.exists():
        artefact.removed_at = timezone.now()
        artefact.save(update_fields=["removed_at"])
        return
    name = artefact.storage_name
    artefact.delete()
    if name:
        transaction.on_commit(partial(uploads.private_storage().delete, name))


# --- submitting --------------------------------------------------------------------------------


def content_hash(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _snapshot(submission: Submission, artefacts: list[Artefact], standards: list[Standard]) -> dict:
    return {
        "title": submission.title,
        "standards": [{"id": s.pk, "number": s.number, "name": s.name} for s in standards],
        "narratives": {kind: submission.narrative(kind) for kind in EVIDENCE_KINDS},
        "artefacts": [
            {
                "id": a.pk,
                "kind": a.kind,
                "label": a.label,
                "name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
                "url": a.url,
            }
            for a in artefacts
        ],
    }


@transaction.atomic
def submit_submission(*, actor: User, submission_id: int) -> SubmissionVersion:
    """Freeze the draft as a new immutable version with a content hash and send it to review.

    Refused (``EvidenceError``) while something required is missing. Assigns a reviewer when
    the programme assigns automatically; emails after commit; sends ``evidence_submitted``.
    """
    submission = _editable_own(actor, submission_id)
    submission = (
        Submission.objects.select_for_update().select_related("cohort").get(pk=submission.pk)
    )
    if not submission.is_editable:
        raise EvidenceError(_("This submission is waiting for review and cannot be changed."))
    artefacts = selectors.current_artefacts(submission)
    standards = list(submission.standards.order_by("number"))
    state = selectors.completeness(submission, artefacts, [s.pk for s in standards])
    if not state.ready:
        raise EvidenceError(_("Something required is still missing."))
    content = _snapshot(submission, artefacts, standards)
    number = submission.versions.count() + 1
    version = SubmissionVersion.objects.create(
        submission=submission,
        number=number,
        content=content,
        content_hash=content_hash(content),
        submitted_at=timezone.now(),
    )
    version.artefacts.set(artefacts)
    version.standards.set(standards)
    submission.status = Submission.Status.SUBMITTED
    submission.save(update_fields=["status", "updated_at"])
    notifications.submitted(version)
    settings_ = selectors.evidence_settings(submission.cohort.programme_id)
    if settings_.auto_assign:
        _auto_assign(version, ReviewAssignment.Role.PRIMARY)
        if settings_.second_reviewer:
            _auto_assign(version, ReviewAssignment.Role.SECOND)
    transaction.on_commit(partial(evidence_submitted.send, sender=Submission, version=version))
    return version


# --- assigning reviewers -----------------------------------------------------------------------


def _assign(
    version: SubmissionVersion, reviewer: User, role: str, by: User | None
) -> ReviewAssignment:
    assignment = ReviewAssignment.objects.create(
        version=version, reviewer=reviewer, role=role, assigned_by=by
    )
    notifications.assigned(assignment)
    return assignment


def _auto_assign(version: SubmissionVersion, role: str) -> ReviewAssignment | None:
    """The least busy eligible reviewer (never from the participant's organisation), or
    ``None`` when nobody is eligible (programme staff then assign one)."""
    candidates = selectors.eligible_reviewers(submission=version.submission, version=version)
    if not candidates:
        logger.info("evidence: no eligible reviewer for version %s", version.pk)
        return None
    return _assign(version, candidates[0], role, None)


@transaction.atomic
def assign_reviewer(
    *, actor: User, submission_id: int, reviewer_id: int, blind: bool | None = None
) -> ReviewAssignment:
    """Programme staff assign a reviewer to the latest pending version (and may switch blind
    review for this submission). The reviewer must be eligible (no conflict of interest)."""
    submission = selectors.access_submission_for_staff(user=actor, pk=submission_id)
    version = submission.versions.filter(outcome=SubmissionVersion.Outcome.PENDING).last()
    if version is None:
        raise EvidenceError(_("There is no version waiting for review."))
    eligible = {
        u.pk: u for u in selectors.eligible_reviewers(submission=submission, version=version)
    }
    reviewer = eligible.get(reviewer_id)
    if reviewer is None:
        raise EvidenceError(_("This reviewer cannot review this submission."))
    if blind is not None and blind != submission.blind:
        Submission.objects.filter(pk=submission.pk).update(blind=blind)
    existing = list(version.assignments.all())
    done = [a for a in existing if a.completed_at is not None]
    if len(done) >= 2:
        role = ReviewAssignment.Role.ADJUDICATOR
    elif existing:
        role = ReviewAssignment.Role.SECOND
    else:
        role = ReviewAssignment.Role.PRIMARY
    return _assign(version, reviewer, role, actor)


# --- reviewing ---------------------------------------------------------------------------------


@transaction.atomic
def record_review(
    *,
    actor: User,
    assignment_id: int,
    scores: dict[int, tuple[int, str]],
    decision: str,
    comment: str = "",
) -> ReviewAssignment:
    """The reviewer scores every claimed standard (level and comment) and decides.

    ``scores`` maps standard id to (level, comment). When this settles the version (one
    reviewer; two who agree on proficiency; or an adjudicator), the outcome is recorded:
    proficiency for standards accepted at Proficient or above, the participant emailed,
    ``standard_proficient`` and ``evidence_accepted`` sent after commit.
    """
    assignment = selectors.access_assignment(user=actor, pk=assignment_id)
    assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    version = SubmissionVersion.objects.select_related("submission", "submission__cohort").get(
        pk=assignment.version_id
    )
    if assignment.completed_at is not None or version.outcome != SubmissionVersion.Outcome.PENDING:
        raise EvidenceError(_("This review is already recorded."))
    if decision not in ReviewAssignment.Decision.values:
        raise EvidenceError(_("Choose accept or revise and resubmit."))
    claimed = list(version.standards.all())
    if {s.pk for s in claimed} != set(scores):
        raise EvidenceError(_("Score every claimed standard."))
    if any(level not in RubricLevel.values for level, _ in scores.values()):
        raise EvidenceError(_("Unknown rubric level."))
    StandardScore.objects.bulk_create(
        [
            StandardScore(
                assignment=assignment,
                standard=s,
                level=scores[s.pk][0],
                comment=scores[s.pk][1][:5000],
            )
            for s in claimed
        ]
    )
    assignment.decision = decision
    assignment.comment = comment[:10_000]
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["decision", "comment", "completed_at"])
    _settle(version, claimed)
    return assignment


def _levels(assignment: ReviewAssignment) -> dict[int, int]:
    return {s.standard_id: s.level for s in assignment.scores.all()}


def _settle(version: SubmissionVersion, claimed: list[Standard]) -> None:
    """Decide the version's outcome if its reviews allow it; else ask for what is missing."""
    assignments = list(version.assignments.all())
    adjudicator = next(
        (a for a in assignments if a.role == ReviewAssignment.Role.ADJUDICATOR and a.completed_at),
        None,
    )
    if adjudicator is not None:
        _finalise(version, claimed, adjudicator.decision, _levels(adjudicator))
        return
    reviews = [a for a in assignments if a.role != ReviewAssignment.Role.ADJUDICATOR]
    done = [a for a in reviews if a.completed_at]
    second = selectors.evidence_settings(version.submission.cohort.programme_id).second_reviewer
    if not second:
        _finalise(version, claimed, done[0].decision, _levels(done[0]))
        return
    if len(done) < 2:
        if len(reviews) < 2:
            _auto_assign(version, ReviewAssignment.Role.SECOND)
        return
    first, other = _levels(done[0]), _levels(done[1])
    agree = done[0].decision == done[1].decision and all(
        (first[s.pk] >= RubricLevel.PROFICIENT) == (other[s.pk] >= RubricLevel.PROFICIENT)
        for s in claimed
    )
    if agree:
        levels = {s.pk: min(first[s.pk], other[s.pk]) for s in claimed}
        _finalise(version, claimed, done[0].decision, levels)
    elif not any(a.role == ReviewAssignment.Role.ADJUDICATOR for a in assignments):
        _auto_assign(version, ReviewAssignment.Role.ADJUDICATOR)


def _finalise(
    version: SubmissionVersion, claimed: list[Standard], decision: str, levels: dict[int, int]
) -> None:
    submission = version.submission
    accepted = decision == ReviewAssignment.Decision.ACCEPTED
    version.outcome = (
        SubmissionVersion.Outcome.ACCEPTED if accepted else SubmissionVersion.Outcome.REVISE
    )
    version.decided_at = timezone.now()
    version.save(update_fields=["outcome", "decided_at"])
    submission.status = Submission.Status.ACCEPTED if accepted else Submission.Status.REVISE
    submission.save(update_fields=["status", "updated_at"])
    notifications.reviewed(version)
    from lms.notifications.services import notify

    notify(
        actor=None,
        recipient_id=submission.participant_id,
        kind="review",
        key=f"evidence.decision:{version.pk}",
        title=(
            _("Evidence accepted: %(title)s") if accepted else _("Evidence to revise: %(title)s")
        )
        % {"title": submission.title},
        url=reverse("evidence:submission", args=[submission.pk]),
    )
    if not accepted:
        return
    participant = submission.participant
    url = reverse("evidence:submission", args=[submission.pk])
    proficient = [s for s in claimed if levels[s.pk] >= RubricLevel.PROFICIENT]
    for standard in proficient:
        record_proficiency(
            user=participant,
            standard=standard,
            level=levels[standard.pk],
            evidence_label=submission.title,
            evidence_url=url,
        )
        transaction.on_commit(
            partial(
                standard_proficient.send,
                sender=Submission,
                user=participant,
                standard=standard,
                level=levels[standard.pk],
                version=version,
            )
        )
    transaction.on_commit(
        partial(
            evidence_accepted.send,
            sender=Submission,
            submission=submission,
            version=version,
            standards=proficient,
        )
    )


# --- attestation -------------------------------------------------------------------------------


def attestation_token(attestation: Attestation) -> str:
    return signing.dumps({"a": attestation.pk}, salt=ATTESTATION_SALT, compress=True)


def attestations_per_version() -> int:
    return int(conf.LAUNCH_EVIDENCE_ATTESTATIONS_PER_VERSION)


def attestations_per_day() -> int:
    return int(conf.LAUNCH_EVIDENCE_ATTESTATIONS_PER_DAY)


def is_own_address(participant: User, email: str) -> bool:
    """Whether ``email`` reaches the participant: their account's address with case, ``+tags``
    and dots ignored (so also any other account they made on the same mailbox)."""
    return attestors.mailbox(email) == attestors.mailbox(participant.email)


@transaction.atomic
def request_attestation(
    *,
    actor: User,
    submission_id: int,
    relationship: str,
    name: str,
    email: str,
    organisation: str = "",
) -> Attestation:
    """Ask a supervisor or client to attest the latest submitted version (emailed a signed,
    expiring link after commit).

    Refused (``EvidenceError``) for an address that reaches the participant themselves, and
    past :func:`attestations_per_version` requests for one version or
    :func:`attestations_per_day` by one participant in 24 hours.
    """
    submission = selectors.access_own_submission(user=actor, pk=submission_id)
    # One participant's requests are counted one at a time (the lock orders them).
    User.objects.select_for_update().filter(pk=actor.pk).first()
    version = submission.versions.order_by("-number").first()
    if version is None:
        raise EvidenceError(_("Submit your evidence before asking for an attestation."))
    if relationship not in Attestation.Relationship.values:
        raise EvidenceError(_("Unknown relationship."))
    email = email.strip().lower()[:254]
    if is_own_address(actor, email):
        raise EvidenceError(
            _(
                "You cannot attest your own evidence: %(email)s is your own address. Ask your "
                "supervisor or a client, at their own address."
            )
            % {"email": email}
        )
    if version.attestations.count() >= attestations_per_version():
        raise EvidenceError(
            _("You have already asked %(n)s people to attest this version: that is the limit.")
            % {"n": attestations_per_version()}
        )
    since = timezone.now() - timedelta(days=1)
    if (
        Attestation.objects.filter(requested_by=actor, requested_at__gte=since).count()
        >= attestations_per_day()
    ):
        raise EvidenceError(
            _("You have sent %(n)s attestation requests in the last 24 hours: try again tomorrow.")
            % {"n": attestations_per_day()}
        )
    attestation = Attestation.objects.create(
        version=version,
        requested_by=actor,
        relationship=relationship,
        name=name.strip()[:200],
        email=email,
        organisation=organisation.strip()[:200],
    )
    notifications.attestation_requested(attestation)
    return attestation


def access_attestation(*, token: str) -> Attestation:
    """The attestation a signed link names, while the link is valid (else a 404)."""
    try:
        data = signing.loads(token, salt=ATTESTATION_SALT, max_age=attestation_max_age())
    except signing.BadSignature:
        raise AccessDenied("attestation") from None
    attestation = (
        Attestation.objects.select_related("version", "version__submission", "requested_by")
        .filter(pk=data.get("a"))
        .first()
    )
    if attestation is None:
        raise AccessDenied("attestation")
    return attestation


def is_own_attestation(attestation: Attestation, signed_in: User | AnonymousUser | None) -> bool:
    """Whether the person signed in is the participant who asked (or shares their mailbox)."""
    if signed_in is None or not signed_in.is_authenticated:
        return False
    requester = attestation.requested_by
    return signed_in.pk == requester.pk or is_own_address(requester, signed_in.email)


@transaction.atomic
def respond_attestation(
    *,
    token: str,
    confirm: bool,
    responder_name: str,
    comment: str,
    seen_hash: str,
    organisation: str | None = None,
    signed_in: User | AnonymousUser | None = None,
) -> Attestation:
    """Record the attester's answer once: name, organisation, time, and the hash of the
    version they saw. Refused when the person signed in is the participant (or shares their
    mailbox): nobody attests their own evidence."""
    attestation = access_attestation(token=token)
    attestation = Attestation.objects.select_for_update().get(pk=attestation.pk)
    if not attestation.is_open:
        raise EvidenceError(_("This request has already been answered."))
    if is_own_attestation(attestation, signed_in):
        raise EvidenceError(_("You cannot attest your own evidence."))
    if organisation is not None:
        attestation.organisation = organisation.strip()[:200]
    if seen_hash != attestation.version.content_hash:
        raise EvidenceError(_("The submission changed; reload the page."))
    attestation.status = Attestation.Status.CONFIRMED if confirm else Attestation.Status.DECLINED
    attestation.responder_name = responder_name.strip()[:200] or attestation.name
    attestation.comment = comment.replace("\x00", "")[:5000]
    attestation.responded_at = timezone.now()
    attestation.version_hash_seen = seen_hash
    attestation.save()
    notifications.attestation_given(attestation)
    return attestation
