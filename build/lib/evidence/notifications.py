"""Emails of the evidence path, recorded in the outbox inside the cause's transaction.

Blind review: the reviewer's email never names the participant, and the participant's never
names the reviewer.
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from lms.links import absolute_url
from lms.outbox import enqueue, enqueue_email, handler, send_email_now
from lms.people import User

from .models import Attestation, ReviewAssignment, Submission, SubmissionVersion


def _send(*, key: str, to: User | str, subject: str, template: str, context: dict) -> None:
    address = to if isinstance(to, str) else to.email
    text = render_to_string(f"evidence/email/{template}.txt", context)
    enqueue_email(key=key, to=[address], subject=subject, text=text)


def submitted(version: SubmissionVersion) -> None:
    submission = version.submission
    _send(
        key=f"evidence:submitted:{version.pk}",
        to=submission.participant,
        subject=_("Your evidence was submitted"),
        template="submitted",
        context={
            "submission": submission,
            "version": version,
            "url": absolute_url("evidence:submission", submission.pk),
        },
    )


def assigned(assignment: ReviewAssignment) -> None:
    version = assignment.version
    _send(
        key=f"evidence:assigned:{assignment.pk}",
        to=assignment.reviewer,
        subject=_("Evidence to review: %(ref)s") % {"ref": version.submission.pseudonym},
        template="assigned",
        context={
            "assignment": assignment,
            "ref": version.submission.pseudonym,
            "url": absolute_url("evidence:review", assignment.pk),
        },
    )


def reviewed(version: SubmissionVersion) -> None:
    submission = version.submission
    _send(
        key=f"evidence:reviewed:{version.pk}",
        to=submission.participant,
        subject=_("Your evidence was reviewed: %(outcome)s")
        % {"outcome": version.get_outcome_display()},
        template="reviewed",
        context={
            "submission": submission,
            "version": version,
            "url": absolute_url("evidence:submission", submission.pk),
        },
    )


def attestation_requested(attestation: Attestation) -> None:
    """Only the attestation's id is recorded: the signed link is made when the email is sent
    (:func:`_send_attestation_request`), so no live link sits in the outbox or a backup."""
    enqueue(
        kind="evidence.attestation_requested",
        key=f"evidence:attestation-requested:{attestation.pk}",
        payload={"attestation_id": attestation.pk},
    )


@handler("evidence.attestation_requested")
def _send_attestation_request(payload: dict[str, Any]) -> None:
    from .services import attestation_token

    attestation = (
        Attestation.objects.select_related("requested_by")
        .filter(pk=payload["attestation_id"], status=Attestation.Status.REQUESTED)
        .first()
    )
    if attestation is None:
        return
    context = {
        "attestation": attestation,
        "participant": attestation.requested_by,
        "url": absolute_url("evidence:attest", attestation_token(attestation)),
    }
    send_email_now(
        to=[attestation.email],
        subject=_("Please confirm a LAUNCH! evidence submission"),
        text=render_to_string("evidence/email/attestation_requested.txt", context),
    )


def attestation_given(attestation: Attestation) -> None:
    submission: Submission = attestation.version.submission
    _send(
        key=f"evidence:attestation-given:{attestation.pk}",
        to=submission.participant,
        subject=_("Your attestation request was answered"),
        template="attestation_given",
        context={
            "attestation": attestation,
            "submission": submission,
            "url": absolute_url("evidence:submission", submission.pk),
        },
    )
