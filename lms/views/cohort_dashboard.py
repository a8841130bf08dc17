"""The coordinator's cohort dashboard and roster export (routes listed in ``urlpatterns``).

Coordinators of the cohort's organisation and programme staff see every participant; the
cohort's coaches see a read-only version limited to the participants they coach; everyone
else gets 404. Filters are a plain GET form (htmx swaps only the results when present).
"""

from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import reports
from ..http import AuthedRequest
from ..models import Enrolment


class RosterFilterForm(forms.Form):
    """The dashboard's filters; anything invalid is ignored (the unfiltered roster shows)."""

    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    coach = forms.TypedChoiceField(label=_("Coach"), required=False, coerce=int, empty_value=None)
    standard = forms.TypedChoiceField(
        label=_("Not yet proficient in"), required=False, coerce=int, empty_value=None
    )
    inactive = forms.BooleanField(label=_("Inactive only"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args, choices: reports.FilterChoices, coach_view: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["status"].choices = [("", _("Any status")), *Enrolment.Status.choices]  # type: ignore[attr-defined]
        fields["coach"].choices = [  # type: ignore[attr-defined]
            ("", _("Any coach")),
            *[(c.pk, c.get_full_name() or c.email) for c in choices.coaches],
        ]
        fields["standard"].choices = [  # type: ignore[attr-defined]
            ("", _("Any standard")),
            *[(s.number, f"{s.number}. {s.name}") for s in choices.standards],
        ]
        fields["sort"].choices = reports.sort_choices()  # type: ignore[attr-defined]
        if coach_view:
            del fields["coach"]

    def filters(self) -> reports.RosterFilters:
        if not self.is_valid():
            return reports.RosterFilters()
        data = self.cleaned_data
        return reports.RosterFilters(
            status=data["status"] or "",
            coach_id=data.get("coach"),
            inactive_only=bool(data["inactive"]),
            search=data["q"].strip(),
            not_proficient_in=data["standard"],
            sort=data["sort"] or "name",
        )


def _filters(
    request: AuthedRequest, scope: reports.DashboardScope
) -> tuple[RosterFilterForm, reports.FilterChoices]:
    choices = reports.dashboard_filter_choices(scope=scope)
    form = RosterFilterForm(request.GET, choices=choices, coach_view=scope.is_coach_view)
    return form, choices


def _query_without_page(request: AuthedRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@login_required
def cohort_dashboard(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    scope = reports.access_cohort_dashboard(user=request.user, cohort_id=cohort_id)
    form, choices = _filters(request, scope)
    dashboard = reports.cohort_dashboard(
        scope=scope,
        filters=form.filters(),
        standards=choices.standards,
        page_number=request.GET.get("page", 1),
    )
    context = {
        "cohort": scope.cohort,
        "cohort_tab": "dashboard",
        "frame": (
            "lms/coordination/_dashboard_coach_frame.html"
            if scope.is_coach_view
            else "lms/coordination/cohort_base.html"
        ),
        "d": dashboard,
        "form": form,
        "query": _query_without_page(request),
    }
    template = "lms/coordination/dashboard.html"
    if request.htmx and request.htmx.target == "dashboard-results":
        template += "#results"
    return TemplateResponse(request, template, context)


async def _async_chunks(chunks: Iterator[str]) -> AsyncIterator[str]:
    """Serve a synchronous generator (it reads the database) chunk by chunk under ASGI,
    instead of letting Django collect it all in memory first."""

    def next_chunk() -> str | None:
        return next(chunks, None)

    while (chunk := await sync_to_async(next_chunk)()) is not None:
        yield chunk


@require_GET
@login_required
def export_roster(request: AuthedRequest, cohort_id: int) -> StreamingHttpResponse:
    scope = reports.access_cohort_dashboard(user=request.user, cohort_id=cohort_id)
    form, _choices = _filters(request, scope)
    filters = form.filters()
    reports.record_roster_export(actor=request.user, scope=scope, filters=filters, request=request)
    lines = reports.export_csv_lines(scope=scope, filters=filters)
    response = StreamingHttpResponse(
        _async_chunks(lines) if isinstance(request, ASGIRequest) else lines,
        content_type="text/csv; charset=utf-8",
    )
    filename = reports.export_filename(scope.cohort)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("cohorts/<int:cohort_id>/", cohort_dashboard, name="cohort_dashboard"),
    path("cohorts/<int:cohort_id>/export.csv", export_roster, name="cohort_export"),
]
