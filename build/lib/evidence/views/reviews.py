"""The reviewer's queue and review page (blind when the submission is)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from lms.http import AuthedRequest, run_action

from .. import selectors, services
from ..forms import ReviewForm


@require_GET
@login_required
def review_queue(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(
        request, "evidence/review_queue.html", selectors.review_queue(user=request.user)
    )


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    assignment = selectors.access_assignment(user=request.user, pk=pk)
    version = assignment.version
    access = selectors.access_version(
        user=request.user, submission_pk=version.submission_id, number=version.number
    )
    page = selectors.version_page(access=access)
    if access.role == selectors.REVIEWER:
        page["blind"] = version.submission.blind
    form = ReviewForm(request.POST or None, standards=page["standards"])
    if request.method == "POST" and form.is_valid():
        return run_action(
            request,
            lambda: services.record_review(
                actor=request.user,
                assignment_id=assignment.pk,
                scores=form.scores(),
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            ),
            errors=(services.EvidenceError,),
            success=_("Your review is recorded."),
            redirect_to="evidence:review_queue",
            error_redirect_to=reverse("evidence:review", args=[pk]),
        )
    if request.method == "GET":
        services.record_evidence_view(
            actor=request.user, request=request, target=version, role=selectors.REVIEWER
        )
    page.update(
        {
            "assignment": assignment,
            "form": form,
            "scores": list(assignment.scores.select_related("standard")),
        }
    )
    return TemplateResponse(request, "evidence/review.html", page)
