"""The badge, publicly: verification page, JSON-LD, baked images, QR code, status lists and
the issuer's DID document; and the participant's "My badges" page."""

import json
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from evidence.badges import issuer as badge_issuer
from evidence.badges import selectors as badge_selectors
from evidence.badges import services as badge_services
from evidence.badges import verification as badge_verification
from lms.http import AuthedRequest

from .. import badge_images

JSON_LD = "application/ld+json"


def _public(response: HttpResponse) -> HttpResponse:
    """Public documents may be read by verifiers running in other origins."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@cache_control(public=True, max_age=300)
def did_json(request: HttpRequest) -> HttpResponse:
    document = json.dumps(badge_issuer.did_document(), separators=(",", ":"))
    return _public(HttpResponse(document, content_type="application/did+ld+json"))


@require_GET
@cache_control(public=True, max_age=60)
def status_list(request: HttpRequest, pk: int) -> HttpResponse:
    document = badge_selectors.status_list_document(pk=pk)
    return _public(HttpResponse(document, content_type="application/vc+ld+json"))


@require_GET
@cache_control(no_cache=True)
def credential_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = badge_selectors.access_public_credential(uuid=uuid)
    verification = badge_verification.verify_credential(credential)
    context = {
        "credential": credential,
        "verification": verification,
        "achievement": verification.document["credentialSubject"]["achievement"],
        "issuer": verification.document["issuer"],
        "page_url": badge_issuer.credential_page_url(credential.uuid),
        "linkedin_url": badge_selectors.linkedin_url(
            credential, organisation=verification.document["issuer"]["name"]
        ),
        "is_holder": request.user.is_authenticated and request.user.pk == credential.user_id,
    }
    return TemplateResponse(request, "evidence/badges/credential.html", context)


@require_GET
def credential_json(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = badge_selectors.access_public_credential(uuid=uuid)
    return _public(HttpResponse(credential.document, content_type=JSON_LD))


@require_GET
def badge_png(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = badge_selectors.access_public_credential(uuid=uuid)
    response = HttpResponse(badge_images.badge_png(credential), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="badge-{credential.uuid}.png"'
    return _public(response)


@require_GET
def badge_svg(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = badge_selectors.access_public_credential(uuid=uuid)
    response = HttpResponse(badge_images.badge_svg(credential), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="badge-{credential.uuid}.svg"'
    # An SVG is a document: never let it run anything, even when opened directly.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return _public(response)


@require_GET
@cache_control(public=True, max_age=3600)
def qr_svg(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = badge_selectors.access_public_credential(uuid=uuid)
    svg = badge_images.qr_svg(badge_issuer.credential_page_url(credential.uuid))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@require_GET
@login_required
def my_badges(request: AuthedRequest) -> HttpResponse:
    verify = badge_verification.Verifier()
    organisation = badge_issuer.issuer_name()
    rows = [
        {
            "credential": credential,
            "verification": verify(credential),
            "page_url": badge_issuer.credential_page_url(credential.uuid),
            "linkedin_url": badge_selectors.linkedin_url(credential, organisation=organisation),
        }
        for credential in badge_selectors.credentials_for_user(user=request.user)
    ]
    return TemplateResponse(request, "evidence/badges/my_badges.html", {"rows": rows})


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Recorded in the audit log; the credential's status list is re-signed."),
    )


@require_http_methods(["GET", "POST"])
@login_required
def admin_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    """Programme staff revoke a credential with a reason (in the Wagtail admin)."""
    credential = badge_selectors.access_credential_for_staff(user=request.user, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            badge_services.revoke_credential(
                actor=request.user,
                credential_id=credential.pk,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except badge_issuer.BadgeError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(request, _("The credential is revoked."))
            return redirect("wagtailsnippets_evidence_credential:list")
    return TemplateResponse(
        request, "evidence/badges/admin_revoke.html", {"credential": credential, "form": form}
    )
