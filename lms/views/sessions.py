"""Sessions, attendance and calendar feeds (routes listed in ``urlpatterns``).

* Coordinators (and programme staff) list, add, edit and delete a cohort's sessions under
  ``/learn/cohorts/<id>/sessions/``; times are entered in a chosen time zone.
* Coaches, coordinators and staff record attendance at ``/learn/sessions/<sid>/attendance/``.
* ``/learn/sessions/`` lists the sessions someone runs or takes part in.
* ``/learn/sessions/<sid>.ics`` is one session as an iCalendar file; ``/learn/calendar/``
  shows the private feed URL ``/learn/calendar/<key>.ics`` (no login) and resets its key.

Every page works as plain links and form posts; htmx only swaps the attendance sheet in place.
Times are shown in the viewer's time zone (remembered in their session, chosen with
``?tz=<zone>``; the site's ``TIME_ZONE`` until then), with the zone's abbreviation.
"""

import functools
import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, re_path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from ..converters import IdChoiceField
from ..http import AuthedRequest
from ..links import absolute_url
from ..models import Attendance, Cohort, CohortSession
from ..people import profile_of
from ..selectors import access_cohort_for_coordinator
from ..sessions import calendar as session_calendar
from ..sessions import selectors as session_selectors
from ..sessions import services as session_services

# --- Time zones -----------------------------------------------------------------------------

ZONE_SESSION_KEY = "lms_timezone"
COMMON_ZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "UTC",
)


@functools.cache
def zone_names() -> frozenset[str]:
    """IANA zone names offered in the time-zone selects."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if ("/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")))
        or name == "UTC"
    ) | {settings.TIME_ZONE}


@functools.cache
def zone_choices() -> list[tuple[Any, Any]]:
    """The zones, common US ones first (each zone listed once)."""
    common = [z for z in (settings.TIME_ZONE, *COMMON_ZONES) if z in zone_names()]
    common = list(dict.fromkeys(common))
    others = sorted(zone_names() - set(common))
    return [
        (gettext_lazy("Common"), [(z, z.replace("_", " ")) for z in common]),
        (gettext_lazy("All time zones"), [(z, z.replace("_", " ")) for z in others]),
    ]


def viewer_zone(request: HttpRequest) -> str:
    """The zone times are shown in: ``?tz=`` (then remembered), the remembered one, or the
    site's ``TIME_ZONE``."""
    asked = request.GET.get("tz", "")
    if asked in zone_names():
        remember_zone(request, asked)
        return asked
    remembered = request.session.get(ZONE_SESSION_KEY, "")
    return remembered if remembered in zone_names() else settings.TIME_ZONE


def remember_zone(request: HttpRequest, name: str) -> None:
    if request.session.get(ZONE_SESSION_KEY) != name:
        request.session[ZONE_SESSION_KEY] = name


# --- Forms ----------------------------------------------------------------------------------

WALL_CLOCK_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


class WallClockField(forms.Field):
    """A date and time without a zone (the form's time-zone select gives it one)."""

    widget = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
    default_error_messages = {
        "invalid": gettext_lazy("Enter a date and time, for example 2026-03-10 09:00."),
    }

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        text = str(value).strip()
        for fmt in WALL_CLOCK_FORMATS:
            try:
                return datetime.strptime(text, fmt)  # naive: the form's zone is added in clean()
            except ValueError:
                continue
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class SessionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    mode = forms.ChoiceField(
        label=gettext_lazy("Kind of session"),
        choices=CohortSession.Mode.choices,
        initial=CohortSession.Mode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    location = forms.CharField(
        label=gettext_lazy("Place"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Required for in-person sessions: building, room, address."),
    )
    link = forms.CharField(
        label=gettext_lazy("Link"),
        max_length=200,
        required=False,
        widget=forms.URLInput,
        help_text=gettext_lazy("Required for online sessions: a https:// meeting link."),
    )
    module = IdChoiceField(
        label=gettext_lazy("Module (optional)"),
        queryset=CohortSession.objects.none(),
        required=False,
        empty_label=gettext_lazy("No particular module"),
    )
    zone = forms.ChoiceField(label=gettext_lazy("Time zone of these times"), choices=zone_choices)
    starts_at = WallClockField(label=gettext_lazy("Starts"))
    ends_at = WallClockField(label=gettext_lazy("Ends"))

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        module_field = self.fields["module"]
        assert isinstance(module_field, forms.ModelChoiceField)
        module_field.queryset = session_selectors.session_modules(cohort)

    def _aware(self, name: str, zone: zoneinfo.ZoneInfo) -> datetime | None:
        wall = self.cleaned_data.get(name)
        if wall is None:
            return None
        aware = wall.replace(tzinfo=zone)
        # A time skipped when the clocks go forward does not survive a round trip.
        if aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) != wall:
            self.add_error(
                name,
                _("%(time)s does not exist in %(zone)s (the clocks change then).")
                % {"time": wall.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
            )
            return None
        return aware

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone_name = data.get("zone")
        if not zone_name:
            return data
        zone = zoneinfo.ZoneInfo(zone_name)
        starts_at, ends_at = self._aware("starts_at", zone), self._aware("ends_at", zone)
        if self.errors or starts_at is None or ends_at is None:
            return data
        data["starts_at"], data["ends_at"] = starts_at, ends_at
        for name, messages_ in session_services.session_errors(
            cohort=self.cohort, data=self.session_input()
        ).items():
            for message in messages_:
                self.add_error(name, message)
        return data

    def session_input(self) -> session_services.SessionInput:
        data = self.cleaned_data
        module = data.get("module")
        return session_services.SessionInput(
            title=data["title"],
            mode=data["mode"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data.get("location", ""),
            link=data.get("link", ""),
            module_id=module.pk if module is not None else None,
        )

    @classmethod
    def initial_for(cls, session: CohortSession, zone_name: str) -> dict[str, Any]:
        """The form's values for an existing session, its times on the clock of ``zone_name``."""
        zone = zoneinfo.ZoneInfo(zone_name)
        return {
            "title": session.title,
            "mode": session.mode,
            "location": session.location,
            "link": session.link,
            "module": session.module_id,
            "zone": zone_name,
            "starts_at": timezone.localtime(session.starts_at, zone).replace(tzinfo=None),
            "ends_at": timezone.localtime(session.ends_at, zone).replace(tzinfo=None),
        }


# --- Coordinators: a cohort's sessions ------------------------------------------------------


def _cohort_context(cohort: Cohort, **extra: Any) -> dict[str, Any]:
    return {"cohort": cohort, "cohort_tab": "sessions", **extra}


@require_GET
@login_required
def cohort_sessions(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    listing = session_selectors.cohort_sessions(user=request.user, cohort_id=cohort_id)
    zone = viewer_zone(request)
    for session in (*listing.upcoming, *listing.past):
        session.outside_dates = session_services.outside_cohort_dates(  # type: ignore[attr-defined]
            session, listing.cohort, zoneinfo.ZoneInfo(zone)
        )
    return render(
        request,
        "lms/sessions/cohort_sessions.html",
        _cohort_context(
            listing.cohort,
            upcoming=listing.upcoming,
            past=listing.past,
            viewer_tz=zone,
            zone_choices=zone_choices(),
        ),
    )


def _saved(request: AuthedRequest, session: CohortSession, zone_name: str, verb: str) -> None:
    messages.success(request, verb % {"title": session.title})
    for warning in session_services.session_warnings(
        cohort=session.cohort,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        zone=zoneinfo.ZoneInfo(zone_name),
    ):
        messages.warning(request, warning)


@require_http_methods(["GET", "POST"])
@login_required
def session_new(request: AuthedRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort_for_coordinator(user=request.user, cohort_id=cohort_id)
    zone = viewer_zone(request)
    form = SessionForm(request.POST or None, cohort=cohort, initial={"zone": zone})
    if request.method == "POST" and form.is_valid():
        try:
            session = session_services.create_session(
                actor=request.user, cohort_id=cohort.pk, data=form.session_input()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            remember_zone(request, form.cleaned_data["zone"])
            _saved(request, session, form.cleaned_data["zone"], _("Session “%(title)s” added."))
            return redirect("lms:cohort_sessions", cohort_id=cohort.pk)
    return render(
        request,
        "lms/sessions/session_form.html",
        _cohort_context(cohort, form=form, session=None),
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_edit(request: AuthedRequest, cohort_id: int, session_id: int) -> HttpResponse:
    session = session_selectors.access_session_for_coordinator(
        user=request.user, cohort_id=cohort_id, session_id=session_id
    )
    zone = viewer_zone(request)
    form = SessionForm(
        request.POST or None,
        cohort=session.cohort,
        initial=SessionForm.initial_for(session, zone),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = session_services.update_session(
                actor=request.user,
                cohort_id=cohort_id,
                session_id=session.pk,
                data=form.session_input(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            remember_zone(request, form.cleaned_data["zone"])
            _saved(request, session, form.cleaned_data["zone"], _("Session “%(title)s” saved."))
            return redirect("lms:cohort_sessions", cohort_id=cohort_id)
    return render(
        request,
        "lms/sessions/session_form.html",
        _cohort_context(session.cohort, form=form, session=session),
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def session_delete(request: AuthedRequest, cohort_id: int, session_id: int) -> HttpResponse:
    session = session_selectors.access_session_for_coordinator(
        user=request.user, cohort_id=cohort_id, session_id=session_id
    )
    if request.method == "POST":
        deleted = session_services.delete_session(
            actor=request.user, cohort_id=cohort_id, session_id=session.pk
        )
        messages.success(request, _("Session “%(title)s” deleted.") % {"title": deleted.title})
        return redirect("lms:cohort_sessions", cohort_id=cohort_id)
    return render(
        request,
        "lms/sessions/session_confirm_delete.html",
        _cohort_context(
            session.cohort,
            session=session,
            attendance_count=session_selectors.attendance_count(session=session),
            viewer_tz=viewer_zone(request),
        ),
    )


# --- Attendance -----------------------------------------------------------------------------

MARK_PREFIX = "status-"


def _marks(post: Any) -> tuple[dict[int, str], bool]:
    """The submitted marks by user id, and whether a field name was malformed."""
    marks: dict[int, str] = {}
    malformed = False
    for name, value in post.items():
        if not name.startswith(MARK_PREFIX):
            continue
        ident = name[len(MARK_PREFIX) :]
        if not ident.isdigit() or len(ident) > 18:
            malformed = True
            continue
        marks[int(ident)] = value
    return marks, malformed


@require_http_methods(["GET", "POST"])
@login_required
def session_attendance(request: AuthedRequest, session_id: int) -> HttpResponse:
    error = ""
    status = 200
    submitted: dict[int, str] = {}
    if request.method == "POST":
        marks, malformed = _marks(request.POST)
        try:
            if malformed:
                # Checked after access, so a stranger still gets a 404 and nothing else.
                session_selectors.attendance_sheet(user=request.user, session_id=session_id)
                raise session_services.AttendanceRefused(
                    _("Nothing was saved: the form was not one this site sent.")
                )
            written = session_services.record_attendance(
                actor=request.user, session_id=session_id, marks=marks, request=request
            )
        except session_services.AttendanceRefused as refused:
            # htmx swaps only 2xx answers: the refusal comes back as a 200 fragment there.
            error, submitted = refused.message, marks
            status = 200 if request.htmx else 400
        else:
            if written:
                notice = _("Attendance saved (%(n)d changed).") % {"n": written}
            else:
                notice = _("Attendance saved (no changes).")
            if not request.htmx:
                messages.success(request, notice)
                return redirect("lms:session_attendance", session_id=session_id)
            return _attendance_page(request, session_id, partial=True, notice=notice)
    return _attendance_page(
        request,
        session_id,
        partial=bool(request.htmx and request.method == "POST"),
        error=error,
        submitted=submitted,
        status=status,
    )


def _attendance_page(
    request: AuthedRequest,
    session_id: int,
    *,
    partial: bool,
    notice: str = "",
    error: str = "",
    submitted: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    sheet = session_selectors.attendance_sheet(user=request.user, session_id=session_id)
    for row in sheet.rows:
        if submitted and submitted.get(row.user.pk) in Attendance.Status.values:
            row.status = submitted[row.user.pk]
    template = "lms/sessions/attendance.html" + ("#sheet" if partial else "")
    context = {
        "sheet": sheet,
        "session": sheet.session,
        "choices": Attendance.Status.choices,
        "notice": notice,
        "error": error,
        "viewer_tz": viewer_zone(request),
    }
    return render(request, template, context, status=status)


# --- Everyone: my sessions and calendars ----------------------------------------------------


@require_GET
@login_required
def my_sessions(request: AuthedRequest) -> HttpResponse:
    overview = session_selectors.sessions_overview(user=request.user)
    now = timezone.now()
    return render(
        request,
        "lms/sessions/sessions.html",
        {
            "overview": overview,
            "run_upcoming": [s for s in overview.run if s.ends_at >= now],
            "run_past": [s for s in overview.run if s.ends_at < now][::-1],
            "mine_upcoming": [s for s in overview.mine if s.ends_at >= now],
            "mine_past": [s for s in overview.mine if s.ends_at < now][::-1],
            "viewer_tz": viewer_zone(request),
            "zone_choices": zone_choices(),
        },
    )


def _calendar_response(content: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def session_ics(request: AuthedRequest, session_id: int) -> HttpResponse:
    session, content = session_calendar.session_ics(
        user=request.user,
        session_id=session_id,
        site=session_calendar.CalendarSite.for_request(request),
    )
    return _calendar_response(content, filename=f"launch-session-{session.pk}.ics")


@require_http_methods(["GET", "POST"])
@login_required
def calendar(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        session_services.reset_calendar_key(actor=request.user)
        messages.success(
            request,
            _("Your calendar address is new. The old one no longer works: update your calendar."),
        )
        return redirect("lms:calendar")
    key = profile_of(request.user).calendar_key or session_services.reset_calendar_key(
        actor=request.user
    )
    feed_url = absolute_url("lms:calendar_feed", key, request=request)
    return render(
        request,
        "lms/sessions/calendar.html",
        {
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
        },
    )


@never_cache
@require_safe  # calendar apps may ask with HEAD first
def calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    content = session_calendar.calendar_feed(
        key=key, site=session_calendar.CalendarSite.for_request(request)
    )
    response = _calendar_response(content)
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns: list[URLPattern] = [
    path("cohorts/<id:cohort_id>/sessions/", cohort_sessions, name="cohort_sessions"),
    path("cohorts/<id:cohort_id>/sessions/new/", session_new, name="session_new"),
    path(
        "cohorts/<id:cohort_id>/sessions/<id:session_id>/edit/",
        session_edit,
        name="session_edit",
    ),
    path(
        "cohorts/<id:cohort_id>/sessions/<id:session_id>/delete/",
        session_delete,
        name="session_delete",
    ),
    path("sessions/", my_sessions, name="sessions"),
    path("sessions/<id:session_id>/attendance/", session_attendance, name="session_attendance"),
    path("sessions/<id:session_id>.ics", session_ics, name="session_ics"),
    path("calendar/", calendar, name="calendar"),
    re_path(r"^calendar/(?P<key>[A-Za-z0-9_-]{16,64})\.ics$", calendar_feed, name="calendar_feed"),
]
