"""Reads of invitations: the signed link of an invitation, the invitation behind a link,
and a coordinator's access to the invitations of a cohort.

Links carry ``{invitation id, nonce}`` signed with a time stamp. Resending or revoking
changes the nonce, so only the newest link works; the link expires after
``LAUNCH_INVITATION_MAX_AGE_DAYS``.
"""

from django.core import signing
from django.utils.translation import gettext as _

from ..conf import conf
from ..exceptions import AccessDenied
from ..links import absolute_url
from ..models import Invitation
from ..people import User
from ..selectors import access_cohort_for_coordinator

SALT = "lms.invitation"


def max_age_seconds() -> int:
    return int(conf.LAUNCH_INVITATION_MAX_AGE_DAYS) * 24 * 60 * 60


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=SALT, compress=True)


def invitation_url(invitation: Invitation) -> str:
    return absolute_url("lms:accept_invitation", invitation_token(invitation))


class InvitationInvalid(Exception):
    """The link is malformed, expired, superseded, revoked or already used."""

    def __init__(self, message: str, accepted: bool = False) -> None:
        super().__init__(message)
        self.accepted = accepted


def invitation_from_token(token: str) -> Invitation:
    """The pending invitation behind a link, or :class:`InvitationInvalid` saying why not."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired as exc:
        raise InvitationInvalid(
            _("This invitation link has expired. Ask your coordinator to send a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise InvitationInvalid(_("This invitation link is not valid.")) from exc
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        raise InvitationInvalid(_("This invitation link is not valid."))
    invitation = (
        Invitation.objects.select_related("enrolment__user", "enrolment__cohort")
        .filter(pk=data["i"])
        .first()
    )
    if invitation is None or invitation.nonce != data.get("n"):
        if invitation is not None and invitation.status == Invitation.Status.ACCEPTED:
            raise InvitationInvalid(
                _("This invitation has already been accepted. Log in with your email."),
                accepted=True,
            )
        raise InvitationInvalid(
            _("This invitation link has been replaced or withdrawn. Use the newest email.")
        )
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationInvalid(
            _("This invitation has already been accepted. Log in with your email."),
            accepted=True,
        )
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationInvalid(_("This invitation has been withdrawn by the coordinator."))
    return invitation


def access_invitation(*, actor: User, cohort_id: int, invitation_id: int) -> Invitation:
    cohort = access_cohort_for_coordinator(user=actor, cohort_id=cohort_id)
    invitation = (
        Invitation.objects.select_related("enrolment__user", "enrolment__cohort")
        .filter(pk=invitation_id, enrolment__cohort=cohort)
        .first()
    )
    if invitation is None:
        raise AccessDenied("invitation", invitation_id)
    return invitation


def needs_sign_in(invitation: Invitation) -> bool:
    """Whether the invited person already has an account with a password: they accept signed
    in as themselves, and the link never sets their password."""
    return invitation.enrolment.user.has_usable_password()
