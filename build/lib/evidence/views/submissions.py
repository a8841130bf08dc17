"""The participant's evidence: list, new draft, the draft page (autosave), artefacts, submit,
versions, downloads, attestation requests; staff assign reviewers from the same page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms import selectors as lms_selectors
from lms.exceptions import AccessDenied
from lms.http import AuthedRequest, run_action

from .. import anonymity, scrub, selectors, services, uploads
from ..forms import ArtefactForm, AssignForm, AttestationRequestForm, DraftForm, NewSubmissionForm
from ..models import Submission, SubmissionVersion


@require_GET
@login_required
def submission_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "own": selectors.submissions_for_participant(user=user),
        "coached": selectors.submissions_for_coach(user=user),
        "is_participant": lms_selectors.participant_enrolment_for(user) is not None,
    }
    return TemplateResponse(request, "evidence/submission_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def submission_new(request: AuthedRequest) -> HttpResponse:
    if lms_selectors.participant_enrolment_for(request.user) is None:
        raise AccessDenied("submission")
    if request.method == "POST":
        form = NewSubmissionForm(request.POST)
        if form.is_valid():
            submission = services.create_submission(
                actor=request.user,
                title=form.cleaned_data["title"],
                standard_ids=[s.pk for s in form.cleaned_data["standards"]],
            )
            return redirect("evidence:submission", pk=submission.pk)
    else:
        preselected = request.GET.getlist("standard")
        form = NewSubmissionForm(
            initial={"standards": [s for s in preselected if s.isdigit()][:10]}
        )
    return TemplateResponse(request, "evidence/submission_new.html", {"form": form})


def _identity_warnings(context: dict) -> list[str]:
    """For the owner of a blind draft: where their name, email, school or organisation shows
    in what the blind reviewer will see (a warning, never a refusal)."""
    submission = context["submission"]
    if context["role"] != selectors.OWNER or not submission.is_editable:
        return []
    found = anonymity.identity_warnings(submission, context["artefacts"])
    return anonymity.warning_sentences(found)


def _page(request: AuthedRequest, access: selectors.SubmissionAccess, **extra) -> HttpResponse:
    context = selectors.submission_page(access=access)
    context["identity_warnings"] = _identity_warnings(context)
    submission = access.submission
    if access.is_owner and submission.is_editable:
        context.setdefault(
            "form",
            DraftForm(
                initial={
                    "title": submission.title,
                    "standards": context["standard_ids"],
                    **{f"narrative_{k.kind}": k.narrative for k in context["completeness"].kinds},
                }
            ),
        )
        context.setdefault("artefact_form", ArtefactForm())
    if access.is_owner and context["latest"] is not None:
        context.setdefault("attestation_form", AttestationRequestForm())
    latest: SubmissionVersion | None = context["latest"]
    if (
        access.role == selectors.STAFF
        and latest is not None
        and latest.outcome == SubmissionVersion.Outcome.PENDING
    ):
        reviewers = selectors.eligible_reviewers(submission=submission, version=latest)
        context["assign_form"] = AssignForm(
            reviewers=reviewers, initial={"blind": submission.blind}
        )
        context["assignments"] = list(latest.assignments.select_related("reviewer"))
    context.update(extra)
    return TemplateResponse(request, "evidence/submission.html", context)


@require_GET
@never_cache
@login_required
def submission_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    access = selectors.access_submission(user=request.user, pk=pk)
    services.record_evidence_view(
        actor=request.user, request=request, target=access.submission, role=access.role
    )
    return _page(request, access)


@require_POST
@login_required
def save_draft(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = selectors.access_own_submission(user=request.user, pk=pk)
    form = DraftForm(request.POST)

    def draft_status(saved: Submission | None, error: str) -> HttpResponse:
        access = selectors.SubmissionAccess(saved or submission, selectors.OWNER)
        context = selectors.submission_page(access=access)
        context["identity_warnings"] = _identity_warnings(context)
        context.update({"saved": saved is not None, "save_error": error, "form": form})
        return TemplateResponse(request, "evidence/submission.html#draft_status", context)

    if not form.is_valid():
        if request.htmx:
            return draft_status(None, "")
        return _page(request, selectors.SubmissionAccess(submission, selectors.OWNER), form=form)
    return run_action(
        request,
        lambda: services.save_draft(
            actor=request.user,
            submission_id=submission.pk,
            title=form.cleaned_data["title"],
            standard_ids=[s.pk for s in form.cleaned_data["standards"]],
            narratives=form.narratives(),
        ),
        errors=(services.EvidenceError,),
        success=_("Your draft is saved."),
        redirect_to=reverse("evidence:submission", args=[submission.pk]),
        fragment=draft_status,
    )


@csrf_exempt
@require_POST
@login_required
def add_artefact(request: AuthedRequest, pk: int) -> HttpResponse:
    """Upload a file (streamed to disk, stopped past the size limit) or add a link.

    CSRF is checked after the size-limit handler is installed (handlers must be set before
    the body is read, and the CSRF check reads it).
    """
    limiter = uploads.SizeLimitUploadHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _add_artefact(request, pk, limiter)


@csrf_protect
def _add_artefact(
    request: AuthedRequest, pk: int, limiter: uploads.SizeLimitUploadHandler
) -> HttpResponse:
    submission = selectors.access_own_submission(user=request.user, pk=pk)
    form = ArtefactForm(request.POST, request.FILES)
    if limiter.too_large:
        messages.error(
            request,
            _("The file is larger than %(mb)s MB.")
            % {"mb": uploads.max_file_bytes() // uploads.MB},
        )
        return redirect("evidence:submission", pk=submission.pk)
    if not form.is_valid():
        return _page(
            request,
            selectors.SubmissionAccess(submission, selectors.OWNER),
            artefact_form=form,
        )
    data = form.cleaned_data
    try:
        if data.get("file"):
            services.add_file_artefact(
                actor=request.user,
                submission_id=submission.pk,
                kind=data["kind"],
                upload=data["file"],
                label=data["label"],
            )
        else:
            services.add_link_artefact(
                actor=request.user,
                submission_id=submission.pk,
                kind=data["kind"],
                url=data["url"],
                label=data["label"],
            )
    except (uploads.UploadRefused, services.EvidenceError) as exc:
        form.add_error(None, str(exc))
        return _page(
            request,
            selectors.SubmissionAccess(submission, selectors.OWNER),
            artefact_form=form,
        )
    messages.success(request, _("Added."))
    return redirect("evidence:submission", pk=submission.pk)


@require_POST
@login_required
def remove_artefact(request: AuthedRequest, pk: int, artefact_pk: int) -> HttpResponse:
    return run_action(
        request,
        lambda: services.remove_artefact(
            actor=request.user, submission_id=pk, artefact_id=artefact_pk
        ),
        errors=(services.EvidenceError,),
        success=_("Removed."),
        redirect_to=reverse("evidence:submission", args=[pk]),
    )


@require_POST
@login_required
def submit(request: AuthedRequest, pk: int) -> HttpResponse:
    return run_action(
        request,
        lambda: services.submit_submission(actor=request.user, submission_id=pk),
        errors=(services.EvidenceError,),
        success=lambda version: (
            _("Submitted: version %(n)s is waiting for review.") % {"n": version.number}
        ),
        warnings=_blind_warnings,
        redirect_to=reverse("evidence:submission", args=[pk]),
    )


def _blind_warnings(version: SubmissionVersion) -> list[str]:
    """The owner's identity where a blind reviewer will see it in this version (a warning)."""
    warnings = anonymity.warning_sentences(
        anonymity.identity_warnings(version.submission, list(version.artefacts.all()))
    )
    if not warnings:
        return []
    return [
        _("This review is blind, but the reviewer can see who you are: %(where)s")
        % {"where": " ".join(warnings)}
    ]


@require_GET
@never_cache
@login_required
def version_detail(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    access = selectors.access_version(user=request.user, submission_pk=pk, number=number)
    services.record_evidence_view(
        actor=request.user, request=request, target=access.version, role=access.role
    )
    return TemplateResponse(request, "evidence/version.html", selectors.version_page(access=access))


@require_GET
@login_required
def download(request: AuthedRequest, pk: int) -> FileResponse:
    """A file, only through this view: attachment, nosniff, never cached by anyone."""
    access = selectors.access_artefact(user=request.user, pk=pk)
    artefact = access.artefact
    services.record_evidence_view(
        actor=request.user, request=request, target=artefact, role=access.role
    )
    if artefact.purged_at is not None:
        return HttpResponse(  # type: ignore[return-value]
            _("This file is no longer kept: it was removed after the retention period."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    name = artefact.anonymous_name() if access.blind else artefact.original_name
    try:
        handle = uploads.open_stored(artefact.storage_name, artefact.extension, blind=access.blind)
    except scrub.ScrubFailed:
        return HttpResponse(  # type: ignore[return-value]
            _(
                "This file could not be prepared for blind review (its author details could "
                "not be removed). Ask programme staff for an anonymised copy."
            ),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = FileResponse(
        handle, as_attachment=True, filename=name, content_type=artefact.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@login_required
def request_attestation(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = selectors.access_own_submission(user=request.user, pk=pk)
    form = AttestationRequestForm(request.POST)
    if form.is_valid():
        return run_action(
            request,
            lambda: services.request_attestation(
                actor=request.user, submission_id=submission.pk, **form.cleaned_data
            ),
            errors=(services.EvidenceError,),
            success=_("We have emailed them a link."),
            redirect_to=reverse("evidence:submission", args=[pk]),
        )
    return _page(
        request,
        selectors.SubmissionAccess(submission, selectors.OWNER),
        attestation_form=form,
    )


@require_POST
@login_required
def assign(request: AuthedRequest, pk: int) -> HttpResponse:
    submission = selectors.access_submission_for_staff(user=request.user, pk=pk)
    latest = submission.versions.order_by("-number").first()
    reviewers = (
        selectors.eligible_reviewers(submission=submission, version=latest) if latest else []
    )
    form = AssignForm(request.POST, reviewers=reviewers)
    if not form.is_valid():
        messages.error(request, _("Choose an eligible reviewer."))
        return redirect("evidence:submission", pk=pk)
    return run_action(
        request,
        lambda: services.assign_reviewer(
            actor=request.user,
            submission_id=submission.pk,
            reviewer_id=form.cleaned_data["reviewer"],
            blind=form.cleaned_data["blind"],
        ),
        errors=(services.EvidenceError,),
        success=_("Reviewer assigned."),
        redirect_to=reverse("evidence:submission", args=[pk]),
    )
