"""The coordinator's cohort dashboard and roster export (routes listed in ``urlpatterns``).

Coordinators of the cohort's organisation and programme staff see every participant; the
cohort's coaches see a read-only version limited to the participants they coach; everyone
else gets 404. Filters are a plain GET form (htmx swaps only the results when present).
"""

from collections.abc import AsyncIterator, Iterator
from html import escape

from asgiref.sync import sync_to_async
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ..dashboard import export as dashboard_export
from ..dashboard import selectors as dashboard_selectors
from ..http import AuthedRequest
from ..models import Enrolment
from ..templatetags.lms_time import format_when


class RosterFilterForm(forms.Form):
    """The dashboard's filters; anything invalid is ignored (the unfiltered roster shows)."""

    q = forms.CharField(label=gettext_lazy("Name or email"), required=False, max_length=100)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    coach = forms.TypedChoiceField(
        label=gettext_lazy("Coach"), required=False, coerce=int, empty_value=None
    )
    standard = forms.TypedChoiceField(
        label=gettext_lazy("Not yet proficient in"), required=False, coerce=int, empty_value=None
    )
    inactive = forms.BooleanField(label=gettext_lazy("Inactive only"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False)

    def __init__(
        self, *args, choices: dashboard_selectors.FilterChoices, coach_view: bool, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["status"].choices = [("", gettext_lazy("Any status")), *Enrolment.Status.choices]  # type: ignore[attr-defined]
        fields["coach"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("Any coach")),
            *[(c.pk, c.get_full_name() or c.email) for c in choices.coaches],
        ]
        fields["standard"].choices = [  # type: ignore[attr-defined]
            ("", gettext_lazy("Any standard")),
            *[(s.number, f"{s.number}. {s.name}") for s in choices.standards],
        ]
        fields["sort"].choices = dashboard_selectors.sort_choices()  # type: ignore[attr-defined]
        if coach_view:
            del fields["coach"]

    def filters(self) -> dashboard_selectors.RosterFilters:
        if not self.is_valid():
            return dashboard_selectors.RosterFilters()
        data = self.cleaned_data
        return dashboard_selectors.RosterFilters(
            status=data["status"] or "",
            coach_id=data.get("coach"),
            inactive_only=bool(data["inactive"]),
            search=data["q"].strip(),
            not_proficient_in=data["standard"],
            sort=data["sort"] or "name",
        )


# The rows are rendered here rather than in template loops: at 50 rows per page the template
# engine's per-cell cost was most of the page's time (bench P3). Every value is escaped with
# the standard library's html.escape (what django.utils.html.escape calls); the ten heatmap
# cells come from five strings built once per page.


def _roster_row(
    row: dashboard_selectors.RosterRow,
    required_total: int,
    standard_total: int,
    person_url: str | None,
) -> str:
    e, user, coach = row.enrolment, row.enrolment.user, row.enrolment.coach
    name = escape(row.name)
    if person_url is not None:  # coordinators open the person's page from their name
        name = f'<a href="{person_url}{e.pk}/">{name}</a>'
    flag = ""
    if row.inactive_days is not None:
        flag = (
            ' <span class="flag-inactive"><span aria-hidden="true">\u26a0</span> '
            f"{escape(row.inactive_label)}</span>"
        )
    if row.last_activity_at is not None:
        local = timezone.localtime(row.last_activity_at)
        activity = (
            f'<time datetime="{local.isoformat()}" '
            f'title="{escape(format_when(local))}">'
            f"{escape(row.last_activity_label)}</time>"
        )
    else:
        activity = f'<span class="muted">{escape(row.last_activity_label)}</span>'
    if coach is not None:
        coach_cell = escape(coach.get_full_name() or coach.email)
    else:
        coach_cell = f'<span class="muted">{escape(_("none"))}</span>'
    email = escape(user.email)
    tr_class = ' class="is-inactive"' if row.inactive_days is not None else ""
    return (
        f"<tr{tr_class}>"
        f'<th scope="row">{name}{flag}</th><td><a href="mailto:{email}">{email}</a></td>'
        f"<td>{escape(row.school)}</td>"
        f'<td><span class="status-label">{escape(str(e.get_status_display()))}</span></td>'
        f"<td>{coach_cell}</td><td>{activity}</td>"
        + (
            f"<td>{row.modules_completed}/{required_total}</td>"
            f"<td>{row.proficient_count}/{standard_total}</td></tr>"
            if row.disclosed
            else '<td class="muted">\u2013</td><td class="muted">\u2013</td></tr>'
        )
    )


def _rendered_rows(d: dashboard_selectors.CohortDashboard) -> tuple[SafeString, SafeString]:
    """The roster's and the heatmap's table rows for the page, as safe HTML."""
    cell_html = {
        level["code"]: (
            f'<td class="level level-{level["code"]}"><span aria-hidden="true">'
            f'{escape(level["symbol"])}</span><span class="visually-hidden">'
            f"{escape(level['label'])}</span></td>"
        )
        for level in d.legend
    }
    standard_total = len(d.standards)
    roster, heatmap = [], []
    person_url = (
        None if d.scope.is_coach_view else reverse("lms:cohort_people", args=[d.scope.cohort.pk])
    )
    for row in d.rows:
        roster.append(_roster_row(row, d.required_total, standard_total, person_url))
        heatmap.append(
            f'<tr><th scope="row">{escape(row.name)}</th>'
            + "".join(cell_html[cell.code] for cell in row.cells)
            + f'<td class="heatmap-modules">{row.modules_completed}/{d.required_total}</td></tr>'
        )
    return mark_safe("\n".join(roster)), mark_safe("\n".join(heatmap))  # noqa: S308 - escaped above


def _filters(
    request: AuthedRequest, scope: dashboard_selectors.DashboardScope
) -> tuple[RosterFilterForm, dashboard_selectors.FilterChoices]:
    choices = dashboard_selectors.dashboard_filter_choices(scope=scope)
    form = RosterFilterForm(request.GET, choices=choices, coach_view=scope.is_coach_view)
    return form, choices


def _query_without_page(request: AuthedRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@login_required
def cohort_dashboard(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    scope = dashboard_selectors.access_cohort_dashboard(user=request.user, cohort_id=cohort_id)
    form, choices = _filters(request, scope)
    dashboard = dashboard_selectors.cohort_dashboard(
        scope=scope,
        filters=form.filters(),
        standards=choices.standards,
        page_number=request.GET.get("page", 1),
    )
    roster_rows, heatmap_rows = _rendered_rows(dashboard)
    context = {
        "cohort": scope.cohort,
        "cohort_tab": "dashboard",
        "frame": (
            "lms/coordination/_dashboard_coach_frame.html"
            if scope.is_coach_view
            else "lms/coordination/cohort_base.html"
        ),
        "d": dashboard,
        "roster_rows": roster_rows,
        "heatmap_rows": heatmap_rows,
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
    scope = dashboard_selectors.access_cohort_dashboard(user=request.user, cohort_id=cohort_id)
    form, _choices = _filters(request, scope)
    filters = form.filters()
    dashboard_export.record_roster_export(
        actor=request.user, scope=scope, filters=filters, request=request
    )
    lines = dashboard_export.export_csv_lines(scope=scope, filters=filters)
    response = StreamingHttpResponse(
        _async_chunks(lines) if isinstance(request, ASGIRequest) else lines,
        content_type="text/csv; charset=utf-8",
    )
    filename = dashboard_export.export_filename(scope.cohort)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("cohorts/<id:cohort_id>/", cohort_dashboard, name="cohort_dashboard"),
    path("cohorts/<id:cohort_id>/export.csv", export_roster, name="cohort_export"),
]
