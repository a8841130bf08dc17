"""Invitations: signed, expiring links to join a cohort; accepting one sets a password and
records the code-of-ethics attestation. Existing account holders are enrolled and notified.

Emails go through the outbox (after commit, retried); the links are made by
:mod:`lms.invitations.selectors`.
"""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..db import insert_ignoring_duplicates
from ..links import absolute_url
from ..live import notify_access_changed
from ..models import AuditAction, CodeOfEthics, Enrolment, EthicsAttestation, Invitation
from ..models.coordination import new_nonce
from ..notifications.services import notify
from ..outbox import enqueue, enqueue_email, handler
from ..people import User, current_cohort_id_of, update_profile
from ..selectors import chosen_enrolment, forget_access, participant_enrolments
from ..services import record_audit_event
from .selectors import (
    InvitationInvalid,
    access_invitation,
    invitation_from_token,
    invitation_url,
    max_age_seconds,
)


class EthicsVersionChanged(Exception):
    """Programme staff published another version of the code of ethics after the page showed
    one: the person reads and confirms the current version instead."""


# --- Writing -----------------------------------------------------------------------------------


def create_invitations(*, actor: User | None, cohort_id: int, user_ids: list[int]) -> None:
    """Invite the cohort's newly ``invited`` people: one outbox item for the whole batch (a
    10,000-row import records one side effect, not 10,000). The invitations themselves are
    made by that effect, after commit, just before their emails."""
    digest = hashlib.sha256(",".join(map(str, sorted(user_ids))).encode()).hexdigest()[:32]
    enqueue(
        kind="lms.send_invitations",
        key=f"cohort:{cohort_id}:users:{digest}",
        payload={"cohort_id": cohort_id, "invited_by": actor.pk if actor is not None else None},
    )


def _make_missing_invitations(cohort_id: int, invited_by: int | None) -> None:
    missing = list(
        Enrolment.objects.filter(
            cohort_id=cohort_id, status=Enrolment.Status.INVITED, invitation__isnull=True
        ).values_list("pk", flat=True)
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    insert_ignoring_duplicates(
        Invitation,
        ["enrolment_id", "nonce", "status", "invited_by_id", "sent_count", "created_at"],
        [(pk, new_nonce(), Invitation.Status.PENDING, invited_by, 0, now) for pk in missing],
    )


def notify_enrolled(*, cohort_id: int, user_ids: list[int]) -> None:
    """Tell people who already have an account that they have been enrolled in the cohort."""
    if not user_ids:
        return
    digest = hashlib.sha256(",".join(map(str, user_ids)).encode()).hexdigest()[:32]
    enqueue(
        kind="lms.notify_enrolled",
        key=f"cohort:{cohort_id}:users:{digest}",
        payload={"cohort_id": cohort_id, "user_ids": user_ids},
    )


def _invitation_email(invitation: Invitation) -> dict[str, Any]:
    enrolment = invitation.enrolment
    context = {
        "person": enrolment.user,
        "cohort": enrolment.cohort,
        "role": enrolment.get_role_display(),
        "url": invitation_url(invitation),
        "days": max_age_seconds() // 86400,
        "existing": enrolment.user.has_usable_password(),
    }
    return {
        "subject": _("You are invited to %(cohort)s on LAUNCH!") % {"cohort": enrolment.cohort},
        "text": render_to_string("lms/email/invitation.txt", context),
    }


@handler("lms.send_invitations")
def _send_invitations(payload: dict[str, Any]) -> None:
    """Make the cohort's missing invitations, then send every pending one not sent yet
    (idempotent: each is marked sent right after its email, so a retry continues where the
    last attempt stopped)."""
    from django.core.mail import send_mail

    _make_missing_invitations(payload["cohort_id"], payload.get("invited_by"))
    pending = Invitation.objects.filter(
        enrolment__cohort_id=payload["cohort_id"],
        status=Invitation.Status.PENDING,
        sent_count=0,
    ).select_related("enrolment__user", "enrolment__cohort")
    for invitation in pending.iterator(chunk_size=500):
        message = _invitation_email(invitation)
        send_mail(
            message["subject"],
            message["text"],
            settings.DEFAULT_FROM_EMAIL,
            [invitation.enrolment.user.email],
        )
        Invitation.objects.filter(pk=invitation.pk).update(
            sent_count=1, last_sent_at=timezone.now()
        )


@handler("lms.resend_invitation")
def _resend_invitation(payload: dict[str, Any]) -> None:
    """Email the invitation's current link, unless it was sent again, used or withdrawn since
    (then the newer email, or none, is the one that counts)."""
    from django.core.mail import send_mail

    invitation = (
        Invitation.objects.select_related("enrolment__user", "enrolment__cohort")
        .filter(
            pk=payload["invitation_id"],
            status=Invitation.Status.PENDING,
            sent_count=payload["sent"],
        )
        .first()
    )
    if invitation is None:
        return
    message = _invitation_email(invitation)
    send_mail(
        message["subject"],
        message["text"],
        settings.DEFAULT_FROM_EMAIL,
        [invitation.enrolment.user.email],
    )


@handler("lms.notify_enrolled")
def _notify_enrolled(payload: dict[str, Any]) -> None:
    """One email item per person, keyed by enrolment: a retry after a crash records nothing
    new, and each email is then sent (and retried) on its own."""
    enrolments = Enrolment.objects.filter(
        cohort_id=payload["cohort_id"], user_id__in=payload["user_ids"]
    ).select_related("user", "cohort")
    for enrolment in enrolments:
        context = {
            "person": enrolment.user,
            "cohort": enrolment.cohort,
            "role": enrolment.get_role_display(),
            "url": absolute_url("lms:dashboard"),
        }
        enqueue_email(
            key=f"enrolled:{enrolment.pk}",
            to=[enrolment.user.email],
            subject=_("You have been enrolled in %(cohort)s") % {"cohort": enrolment.cohort},
            text=render_to_string("lms/email/enrolled.txt", context),
        )
        notify(
            actor=None,
            recipient_id=enrolment.user_id,
            kind="enrolment",
            key=f"enrolled:{enrolment.pk}",
            title=_("You have been enrolled in %(cohort)s") % {"cohort": enrolment.cohort},
            url=reverse("lms:dashboard"),
        )


@transaction.atomic
def resend_invitation(*, actor: User, cohort_id: int, invitation_id: int) -> Invitation:
    """A fresh link (older ones stop working) sent again. Only pending invitations."""
    invitation = access_invitation(actor=actor, cohort_id=cohort_id, invitation_id=invitation_id)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationInvalid(_("Only pending invitations can be sent again."))
    invitation.nonce = new_nonce()
    invitation.sent_count += 1
    invitation.last_sent_at = timezone.now()
    invitation.save(update_fields=["nonce", "sent_count", "last_sent_at"])
    # Only ids in the outbox: the signed link is made when the email is sent.
    enqueue(
        kind="lms.resend_invitation",
        key=f"invitation:{invitation.pk}:{invitation.sent_count}",
        payload={"invitation_id": invitation.pk, "sent": invitation.sent_count},
    )
    record_audit_event(
        action=AuditAction.INVITATION_SENT,
        actor=actor,
        target=invitation.enrolment,
        detail={"sent": invitation.sent_count},
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, actor: User, cohort_id: int, invitation_id: int) -> Invitation:
    """The link stops working and the seat is freed (the enrolment is withdrawn)."""
    invitation = access_invitation(actor=actor, cohort_id=cohort_id, invitation_id=invitation_id)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationInvalid(_("Only pending invitations can be revoked."))
    invitation.status = Invitation.Status.REVOKED
    invitation.nonce = new_nonce()
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["status", "nonce", "revoked_at"])
    Enrolment.objects.filter(pk=invitation.enrolment_id).update(
        status=Enrolment.Status.WITHDRAWN, updated_at=timezone.now()
    )
    record_audit_event(
        action=AuditAction.INVITATION_REVOKED, actor=actor, target=invitation.enrolment
    )
    _access_changed(invitation.enrolment.user_id)
    return invitation


def _access_changed(user_id: int) -> None:
    """After an enrolment's status changed through ``update()`` (which sends no signal)."""
    transaction.on_commit(lambda: forget_access([user_id]))
    notify_access_changed([user_id])


@dataclass
class Accepted:
    user: User
    enrolment: Enrolment


@transaction.atomic
def accept_invitation(
    *,
    token: str,
    password: str | None,
    attested: bool,
    actor: User | None = None,
    ethics_version_id: int | None = None,
) -> Accepted:
    """Record the person's consent: set the password (people new to LAUNCH!) or check that
    the account holder is signed in as themselves, record the attestation of the current code
    of ethics (its version and the SHA-256 of its text) and activate the enrolment. A
    participant without a current cohort gets this one. The link cannot be used again.

    ``ethics_version_id`` is the version the page showed: when another one has become current
    since, nothing is recorded and :class:`EthicsVersionChanged` is raised."""
    invitation = invitation_from_token(token)
    if not attested:
        raise InvitationInvalid(_("Please confirm that you will follow the code of ethics."))
    # Lock the row: two concurrent submissions of the same link accept it once.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationInvalid(_("This invitation has already been used."), accepted=True)
    code = CodeOfEthics.objects.current()
    if code is None:
        raise InvitationInvalid(
            _("The code of ethics is not published yet. Please try again later.")
        )
    if ethics_version_id is not None and ethics_version_id != code.pk:
        raise EthicsVersionChanged()
    enrolment = Enrolment.objects.select_related("user", "cohort").get(pk=invitation.enrolment_id)
    user = enrolment.user
    if user.has_usable_password():
        if actor is None or actor.pk != user.pk:
            raise InvitationInvalid(
                _("Log in as %(email)s to accept this invitation.") % {"email": user.email}
            )
    else:
        if not password:
            raise InvitationInvalid(_("Choose a password."))
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    EthicsAttestation.objects.get_or_create(
        user=user,
        version=code.version,
        defaults={"code_of_ethics": code, "text_sha256": code.text_sha256},
    )
    now = timezone.now()
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_at = now
    invitation.nonce = new_nonce()
    invitation.save(update_fields=["status", "accepted_at", "nonce"])
    Enrolment.objects.filter(pk=enrolment.pk, status=Enrolment.Status.INVITED).update(
        status=Enrolment.Status.ACTIVE, updated_at=now
    )
    enrolment.refresh_from_db()
    if enrolment.role == Enrolment.Role.PARTICIPANT:
        _settle_current_cohort(user, joined=enrolment)
    record_audit_event(action=AuditAction.INVITATION_ACCEPTED, actor=user, target=enrolment)
    _access_changed(user.pk)
    return Accepted(user=user, enrolment=enrolment)


def _settle_current_cohort(user: User, *, joined: Enrolment) -> None:
    """After ``joined`` became active: the person's current cohort stays the one they had
    (made explicit when it was only implied); only someone without one gets ``joined``."""
    others = [e for e in participant_enrolments(user) if e.pk != joined.pk]
    kept = chosen_enrolment(user, others)
    cohort_id = kept.cohort_id if kept is not None else joined.cohort_id
    if current_cohort_id_of(user) != cohort_id:
        update_profile(user, current_cohort_id=cohort_id)
