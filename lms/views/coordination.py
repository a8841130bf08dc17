"""Coordinator pages: my cohorts, create and edit a cohort, its people, roster import.

Thin views: a form, one service or selector call, a page (or its htmx partial). Every page
is reached through ``access_cohort_for_coordinator`` (404 for anyone else).
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import coordination, selectors
from ..converters import MAX_ID, IdChoiceField, parse_id, parse_ids
from ..dashboard import selectors as dashboard_selectors
from ..exceptions import AccessDenied
from ..http import AuthedRequest, run_action
from ..invitations import selectors as invitation_selectors
from ..invitations import services as invitation_services
from ..models import Cohort, Enrolment, ImportJob, Invitation, ProgramPage
from ..roster import selectors as roster_selectors
from ..roster import services as roster_services
from ..roster.parsing import MAX_BYTES, MAX_ROWS

PAGE_SIZE = 50


def _require_coordinator(request: AuthedRequest) -> None:
    if not selectors.is_coordinator(request.user):
        raise AccessDenied("coordination", "")


# --- Cohorts ------------------------------------------------------------------------------------


@login_required
def cohort_list(request: AuthedRequest) -> HttpResponse:
    """The cohorts I run, newest first."""
    _require_coordinator(request)
    cohorts = selectors.cohorts_for_coordinator(user=request.user).order_by("-starts_on", "name")
    page = Paginator(cohorts, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "lms/coordination/cohort_list.html", {"page_obj": page})


class CohortForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    programme = IdChoiceField(
        label=gettext_lazy("Programme"), queryset=ProgramPage.objects.none(), empty_label=None
    )
    organisation = forms.IntegerField(
        label=gettext_lazy("Organisation"), required=False, widget=forms.Select, max_value=MAX_ID
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Cohort.Kind.choices)
    starts_on = forms.DateField(
        label=gettext_lazy("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Ends on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    seat_limit = forms.IntegerField(
        label=gettext_lazy("Seat limit"),
        min_value=1,
        max_value=100_000,
        help_text=gettext_lazy("The most participants this cohort takes (coaches not counted)."),
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Cohort.Status.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = ProgramPage.objects.live().order_by("title")  # type: ignore[attr-defined]
        organisations = selectors.coordinated_organisations(user=user).order_by("name")
        choices: list[tuple[Any, str]] = [(o.pk, o.name) for o in organisations]
        staff = selectors.is_programme_staff(user)
        if staff:
            choices.insert(0, ("", _("None (national cohort)")))
        else:
            self.fields["kind"].choices = [  # type: ignore[attr-defined]
                c for c in Cohort.Kind.choices if c[0] != Cohort.Kind.NATIONAL
            ]
        self.fields["organisation"].widget.choices = choices  # type: ignore[attr-defined]
        self.fields["organisation"].required = not staff

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The cohort must end on or after its first day."))
        return data

    def to_data(self) -> coordination.CohortData:
        d = self.cleaned_data
        return coordination.CohortData(
            name=d["name"],
            programme=d["programme"],
            organisation_id=d.get("organisation"),
            kind=d["kind"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            seat_limit=d["seat_limit"],
            status=d["status"],
        )


def _cohort_form_page(request: AuthedRequest, form: CohortForm, cohort: Cohort | None):
    template = "lms/coordination/cohort_form.html"
    return TemplateResponse(
        request, template, {"form": form, "cohort": cohort, "cohort_tab": "settings"}
    )


def _save_cohort(request: AuthedRequest, form: CohortForm, cohort: Cohort | None):
    try:
        if cohort is None:
            saved = coordination.create_cohort(actor=request.user, data=form.to_data())
            messages.success(request, _("The cohort is created. Now add its people."))
            return redirect("lms:cohort_people", cohort_id=saved.pk)
        coordination.update_cohort(actor=request.user, cohort_id=cohort.pk, data=form.to_data())
    except coordination.CoordinationError as exc:
        form.add_error(None, str(exc))
        return _cohort_form_page(request, form, cohort)
    messages.success(request, _("The cohort is saved."))
    return redirect("lms:cohort_edit", cohort_id=cohort.pk)


@login_required
def cohort_create(request: AuthedRequest) -> HttpResponse:
    _require_coordinator(request)
    if request.method == "POST":
        form = CohortForm(request.POST, user=request.user)
        if form.is_valid():
            return _save_cohort(request, form, None)
    else:
        form = CohortForm(user=request.user, initial={"status": Cohort.Status.PLANNED})
    return _cohort_form_page(request, form, None)


@login_required
def cohort_edit(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = selectors.access_cohort_for_coordinator(user=request.user, cohort_id=cohort_id)
    if request.method == "POST":
        form = CohortForm(request.POST, user=request.user)
        if form.is_valid():
            return _save_cohort(request, form, cohort)
    else:
        form = CohortForm(
            user=request.user,
            initial={
                "name": cohort.name,
                "programme": cohort.programme_id,
                "organisation": cohort.organisation_id,
                "kind": cohort.kind,
                "starts_on": cohort.starts_on,
                "ends_on": cohort.ends_on,
                "seat_limit": cohort.seat_limit,
                "status": cohort.status,
            },
        )
    return _cohort_form_page(request, form, cohort)


# --- People -------------------------------------------------------------------------------------


@login_required
def cohort_people(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    """The cohort's people with their status, coach and invitation; actions per row and a
    bulk coach assignment."""
    cohort = selectors.access_cohort_for_coordinator(user=request.user, cohort_id=cohort_id)
    role = request.GET.get("role", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:100]
    people = selectors.cohort_people(cohort=cohort, role=role, status=status, query=query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return TemplateResponse(
        request,
        "lms/coordination/people.html",
        {
            "cohort": cohort,
            "cohort_tab": "people",
            "page_obj": page,
            "coaches": selectors.cohort_coaches(cohort=cohort),
            "roles": Enrolment.Role.choices,
            "statuses": Enrolment.Status.choices,
            "role": role,
            "status": status,
            "query": query,
            "filter_query": filters.urlencode(),
        },
    )


@login_required
def cohort_person(request: AuthedRequest, cohort_id: int, enrolment_id: int) -> HttpResponse:
    """One person of the cohort: what the cohort knows of them (only their email before they
    accept), their coach, invitation, progress and actions."""
    enrolment = selectors.access_cohort_person(
        user=request.user, cohort_id=cohort_id, enrolment_id=enrolment_id
    )
    row, standards, required_total = dashboard_selectors.person_row(enrolment=enrolment)
    invitation = Invitation.objects.filter(enrolment=enrolment).first()
    return TemplateResponse(
        request,
        "lms/coordination/person.html",
        {
            "cohort": enrolment.cohort,
            "cohort_tab": "people",
            "e": enrolment,
            "row": row,
            "levels": list(zip(standards, row.cells, strict=True)),
            "required_total": required_total,
            "invitation": invitation,
            "coaches": selectors.cohort_coaches(cohort=enrolment.cohort),
        },
    )


class PersonForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=254)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Enrolment.Role.choices)
    school = forms.CharField(
        label=gettext_lazy("School or organisation"), max_length=200, required=False
    )
    coach_email = forms.EmailField(
        label=gettext_lazy("Coach email"),
        max_length=254,
        required=False,
        help_text=gettext_lazy(
            "Participants only: a coach of this cohort or of your organisation's cohorts."
        ),
    )

    def to_data(self) -> roster_services.PersonData:
        return roster_services.PersonData(**self.cleaned_data)


@login_required
def cohort_person_add(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    """Add one person by the roster's rules: people of the organisation are enrolled at once,
    everyone else gets an invitation."""
    cohort = selectors.access_cohort_for_coordinator(user=request.user, cohort_id=cohort_id)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = roster_services.add_person(
                actor=request.user, cohort_id=cohort.pk, person=form.to_data()
            )
        except roster_services.ImportRefused as exc:
            for planned in exc.plan.errors if exc.plan else []:
                for column, message in planned.row.errors:
                    form.add_error(column.replace(" ", "_"), message)
        else:
            outcome = plan.rows[0].outcome
            email = plan.rows[0].row.email
            if outcome == roster_services.ENROL_EXISTING:
                text = _("%(email)s is enrolled and told by email.")
            elif outcome == roster_services.INVITE:
                text = _("%(email)s is invited by email and joins once they accept.")
            else:
                text = _("%(email)s is already in this cohort: nothing changed.")
            messages.success(request, text % {"email": email})
            return redirect("lms:cohort_people", cohort_id=cohort.pk)
    return TemplateResponse(
        request,
        "lms/coordination/person_add.html",
        {"cohort": cohort, "cohort_tab": "people", "form": form},
    )


def _back_to_people(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    target = reverse("lms:cohort_people", kwargs={"cohort_id": cohort_id})
    back = request.POST.get("next", "")
    if back.startswith(target):  # only back to the cohort's people pages, never elsewhere
        target = back
    return redirect(target)


def _ids(values: list[str]) -> list[int]:
    return parse_ids(values)


@require_POST
@login_required
def enrolment_status(request: AuthedRequest, cohort_id: int, enrolment_id: int) -> HttpResponse:
    return run_action(
        request,
        lambda: coordination.set_enrolment_status(
            actor=request.user,
            cohort_id=cohort_id,
            enrolment_id=enrolment_id,
            status=request.POST.get("status", ""),
        ),
        errors=(coordination.CoordinationError,),
        success=lambda enrolment: (
            _("%(person)s is now %(status)s.")
            % {"person": enrolment.user, "status": enrolment.get_status_display().lower()}
        ),
        redirect_to=lambda: _back_to_people(request, cohort_id),
    )


@require_POST
@login_required
def assign_coach(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    """One participant (``enrolment``) or many (the checked boxes) get the chosen coach."""
    coach = request.POST.get("coach", "")
    if coach and parse_id(coach) is None:
        raise Http404
    ids = _ids(request.POST.getlist("enrolment"))
    if not ids:
        selectors.access_cohort_for_coordinator(user=request.user, cohort_id=cohort_id)
        messages.error(request, _("Choose at least one participant."))
        return _back_to_people(request, cohort_id)
    return run_action(
        request,
        lambda: coordination.assign_coach(
            actor=request.user,
            cohort_id=cohort_id,
            enrolment_ids=ids,
            coach_id=int(coach) if coach else None,
        ),
        errors=(coordination.CoordinationError,),
        success=lambda count: _("Coach assigned to %(n)d participants.") % {"n": count},
        redirect_to=lambda: _back_to_people(request, cohort_id),
    )


@require_POST
@login_required
def invitation_resend(request: AuthedRequest, cohort_id: int, invitation_id: int) -> HttpResponse:
    return run_action(
        request,
        lambda: invitation_services.resend_invitation(
            actor=request.user, cohort_id=cohort_id, invitation_id=invitation_id
        ),
        errors=(invitation_selectors.InvitationInvalid,),
        success=lambda invitation: (
            _("A new invitation is on its way to %(email)s; the old link no longer works.")
            % {"email": invitation.enrolment.user.email}
        ),
        redirect_to=lambda: _back_to_people(request, cohort_id),
    )


@require_POST
@login_required
def invitation_revoke(request: AuthedRequest, cohort_id: int, invitation_id: int) -> HttpResponse:
    return run_action(
        request,
        lambda: invitation_services.revoke_invitation(
            actor=request.user, cohort_id=cohort_id, invitation_id=invitation_id
        ),
        errors=(invitation_selectors.InvitationInvalid,),
        success=lambda invitation: (
            _("The invitation to %(email)s is revoked.")
            % {"email": invitation.enrolment.user.email}
        ),
        redirect_to=lambda: _back_to_people(request, cohort_id),
    )


# --- Roster import ------------------------------------------------------------------------------


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Roster file (CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


@login_required
def import_upload(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    """Upload a roster; nothing is written before the preview is confirmed."""
    cohort = selectors.access_cohort_for_coordinator(user=request.user, cohort_id=cohort_id)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", roster_services.too_big_message(upload.size))
        else:
            try:
                job = roster_services.preview_import(
                    actor=request.user,
                    cohort_id=cohort.pk,
                    filename=upload.name or "roster.csv",
                    data=upload.read(),
                )
            except roster_services.ImportRefused as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("lms:import_job", cohort_id=cohort.pk, job_id=job.pk)
    recent = cohort.imports.only(
        "pk", "filename", "status", "created_at", "total_rows", "cohort_id"
    )[:10]
    return TemplateResponse(
        request,
        "lms/coordination/import_upload.html",
        {
            "cohort": cohort,
            "cohort_tab": "import",
            "form": form,
            "recent": recent,
            "max_bytes": MAX_BYTES,
            "max_rows": MAX_ROWS,
        },
    )


@login_required
def import_template(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    selectors.access_cohort_for_coordinator(user=request.user, cohort_id=cohort_id)
    body = (
        "email,first name,last name,role,school or organisation,coach email\r\n"
        "ana.diaz@district.example,Ana,Diaz,participant,Oak Hill Middle School,"
        "coach@district.example\r\n"
        "coach@district.example,Chris,Moreno,coach,District office,\r\n"
    )
    response = HttpResponse("\ufeff" + body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="launch-roster-template.csv"'
    return response


@login_required
def import_job(request: AuthedRequest, cohort_id: int, job_id: int) -> HttpResponse:
    """The preview (before confirming), the progress (while writing) or the result."""
    job = roster_selectors.access_import_job(user=request.user, cohort_id=cohort_id, job_id=job_id)
    done, total = roster_selectors.job_progress(job)
    rows = job.summary.get("rows", [])
    show = request.GET.get("show", "errors" if job.summary.get("counts", {}).get("error") else "")
    if show == "errors":
        rows = [r for r in rows if r["outcome"] == "error"]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {
        "cohort": job.cohort,
        "cohort_tab": "import",
        "job": job,
        "counts": job.summary.get("counts", {}),
        "page_obj": page,
        "show": show,
        "done": done,
        "total": total,
        "percent": 100 if job.status == ImportJob.Status.DONE else done * 100 // max(total, 1),
        "upload_form": RosterUploadForm(),
        "working": job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING),
    }
    template = "lms/coordination/import_job.html"
    if request.htmx and request.htmx.target == "import-progress":
        template += "#progress"
    return TemplateResponse(request, template, context)


@require_POST
@login_required
def import_confirm(request: AuthedRequest, cohort_id: int, job_id: int) -> HttpResponse:
    return run_action(
        request,
        lambda: roster_services.confirm_import(
            actor=request.user, cohort_id=cohort_id, job_id=job_id
        ),
        errors=(roster_services.ImportRefused,),
        redirect_to=reverse("lms:import_job", kwargs={"cohort_id": cohort_id, "job_id": job_id}),
    )


urlpatterns = [
    path("cohorts/", cohort_list, name="cohorts"),
    path("cohorts/new/", cohort_create, name="cohort_create"),
    path("cohorts/<id:cohort_id>/edit/", cohort_edit, name="cohort_edit"),
    path("cohorts/<id:cohort_id>/people/", cohort_people, name="cohort_people"),
    path("cohorts/<id:cohort_id>/people/add/", cohort_person_add, name="cohort_person_add"),
    path(
        "cohorts/<id:cohort_id>/people/<id:enrolment_id>/",
        cohort_person,
        name="cohort_person",
    ),
    path(
        "cohorts/<id:cohort_id>/people/<id:enrolment_id>/status/",
        enrolment_status,
        name="enrolment_status",
    ),
    path("cohorts/<id:cohort_id>/people/coach/", assign_coach, name="assign_coach"),
    path(
        "cohorts/<id:cohort_id>/invitations/<id:invitation_id>/resend/",
        invitation_resend,
        name="invitation_resend",
    ),
    path(
        "cohorts/<id:cohort_id>/invitations/<id:invitation_id>/revoke/",
        invitation_revoke,
        name="invitation_revoke",
    ),
    path("cohorts/<id:cohort_id>/import/", import_upload, name="cohort_import"),
    path("cohorts/<id:cohort_id>/import/template.csv", import_template, name="import_template"),
    path("cohorts/<id:cohort_id>/import/<id:job_id>/", import_job, name="import_job"),
    path(
        "cohorts/<id:cohort_id>/import/<id:job_id>/confirm/",
        import_confirm,
        name="import_confirm",
    ),
]
