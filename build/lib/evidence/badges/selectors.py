"""The badge's permission-aware reads: a person's credentials, public and staff access, the
signed status lists, the LinkedIn link."""

from urllib.parse import urlencode
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from lms.exceptions import AccessDenied
from lms.people import User
from lms.selectors import is_programme_staff

from ..models import Credential, StatusList
from .issuer import credential_page_url, issuer_name


def credentials_for_user(*, user: User) -> QuerySet[Credential]:
    """The user's own credentials, newest first."""
    return Credential.objects.filter(user=user).select_related("achievement")


def access_public_credential(*, uuid: UUID) -> Credential:
    """A credential by its public id (anyone may see it; 404 when there is none)."""
    credential = Credential.objects.filter(uuid=uuid).select_related("achievement", "user").first()
    if credential is None:
        raise AccessDenied("credential", uuid)
    return credential


def access_credential_for_staff(*, user: User, pk: int) -> Credential:
    """A credential for programme staff (``AccessDenied`` for anyone else)."""
    if not is_programme_staff(user):
        raise AccessDenied("credential", pk)
    credential = Credential.objects.filter(pk=pk).select_related("achievement", "user").first()
    if credential is None:
        raise AccessDenied("credential", pk)
    return credential


def newest_credential_for_email(email: str) -> Credential | None:
    return Credential.objects.filter(user__email__iexact=email.strip()).first()


def status_list_document(*, pk: int) -> str:
    """The signed status list credential (text) served at ``status_list_url(pk)``."""
    document = StatusList.objects.filter(pk=pk).values_list("document", flat=True).first()
    if not document:
        raise AccessDenied("status list", pk)
    return document


def linkedin_url(credential: Credential, *, organisation: str | None = None) -> str:
    """LinkedIn's "add to profile" link for a certification, filled in for this credential
    (``organisation``: the issuer's name, read once per page when given)."""
    issued = timezone.localtime(credential.issued_at)
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.achievement.name,
        "organizationName": organisation or issuer_name(),
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": credential_page_url(credential.uuid),
        "certId": str(credential.uuid),
    }
    if credential.valid_until:
        until = timezone.localtime(credential.valid_until)
        params.update(expirationYear=until.year, expirationMonth=until.month)
    return "https://www.linkedin.com/profile/add?" + urlencode(params)
