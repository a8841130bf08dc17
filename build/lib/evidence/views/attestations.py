"""The attester's page: a signed, expiring link, no account needed."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import services
from ..forms import AttestForm


@require_http_methods(["GET", "POST"])
@never_cache
def attest(request: HttpRequest, token: str) -> HttpResponse:
    attestation = services.access_attestation(token=token)
    version = attestation.version
    form = AttestForm(
        request.POST or None,
        initial={
            "responder_name": attestation.name,
            "organisation": attestation.organisation,
            "seen_hash": version.content_hash,
        },
    )
    error = ""
    if services.is_own_attestation(attestation, request.user):
        error = str(_("You cannot attest your own evidence."))
    if request.method == "POST" and attestation.is_open and form.is_valid():
        try:
            attestation = services.respond_attestation(
                token=token,
                confirm=form.cleaned_data["decision"] == "confirm",
                responder_name=form.cleaned_data["responder_name"],
                comment=form.cleaned_data["comment"],
                seen_hash=form.cleaned_data["seen_hash"],
                organisation=form.cleaned_data["organisation"],
                signed_in=request.user,
            )
        except services.EvidenceError as exc:
            error = str(exc)
    context = {
        "attestation": attestation,
        "version": version,
        "content": version.content,
        "participant": attestation.requested_by,
        "form": form,
        "error": error,
    }
    return TemplateResponse(request, "evidence/attest.html", context)
