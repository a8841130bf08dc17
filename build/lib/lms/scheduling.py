"""Cohort sessions, attendance and calendar feeds: the writes and reads behind
``lms.views.sessions``.

Services take the acting user, check access through :mod:`lms.selectors` (``AccessDenied``,
a 404, when the user may not act), validate, and write inside ``transaction.atomic``.
Selectors here add what the session pages need to the ``access_*`` functions of
``lms.selectors``; each makes a fixed number of queries, whatever the number of sessions or
participants.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from .exceptions import AccessDenied
from .links import public_base_url
from .models import Attendance, AuditAction, Cohort, CohortSession, Enrolment, ModulePage, Profile
from .models.accounts import new_calendar_key
from .notifications.services import notify_session_change
from .people import User, update_profile
from .selectors import (
    CURRENT,
    AnyUser,
    access_cohort_for_coordinator,
    access_context,
    access_session,
    access_session_for_attendance,
    sessions_for_user,
)
from .services import record_audit_event

# --- Session data and its rules -------------------------------------------------------------


@dataclass(frozen=True)
class SessionInput:
    """What a coordinator enters for a session (times aware, in any zone)."""

    title: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    location: str = ""
    link: str = ""
    module_id: int | None = None


_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f]+")
_http_url = URLValidator(schemes=["http", "https"])


def one_line(text: str) -> str:
    """``text`` on one line: control characters (CR, LF, tab, NUL) become single spaces."""
    return _LINE_BREAKS.sub(" ", text or "").strip()


def session_modules(cohort: Cohort) -> QuerySet[ModulePage]:
    """The modules a session of ``cohort`` may be about: live modules of its programme."""
    return ModulePage.objects.live().child_of(cohort.programme).order_by("path")


def session_errors(*, cohort: Cohort, data: SessionInput) -> dict[str, list[str]]:
    """Every rule a session must meet, by field (empty when it may be saved).

    In person needs a place, online needs an http(s) link; the module must be one of the
    cohort's programme; times are aware and the end is after the start.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    title_max = CohortSession._meta.get_field("title").max_length or 200
    location_max = CohortSession._meta.get_field("location").max_length or 300
    link_max = CohortSession._meta.get_field("link").max_length or 200
    if not one_line(data.title):
        add("title", _("Give the session a title."))
    elif len(one_line(data.title)) > title_max:
        add("title", _("Use at most %(n)d characters.") % {"n": title_max})
    if data.mode not in CohortSession.Mode.values:
        add("mode", _("Choose in person or online."))
    elif data.mode == CohortSession.Mode.IN_PERSON:
        if not one_line(data.location):
            add("location", _("An in-person session needs a place."))
        elif len(one_line(data.location)) > location_max:
            add("location", _("Use at most %(n)d characters.") % {"n": location_max})
    else:
        link = (data.link or "").strip()
        if not link:
            add("link", _("An online session needs a link."))
        elif len(link) > link_max:
            add("link", _("Use at most %(n)d characters.") % {"n": link_max})
        else:
            try:
                _http_url(link)
            except ValidationError:
                add("link", _("Enter a web address that starts with https:// or http://."))
    if (
        data.module_id is not None
        and not session_modules(cohort).filter(pk=data.module_id).exists()
    ):
        add("module", _("Choose a module of this cohort's programme."))
    if timezone.is_naive(data.starts_at) or timezone.is_naive(data.ends_at):
        add("starts_at", _("Times need a time zone."))
    elif data.ends_at <= data.starts_at:
        add("ends_at", _("The session must end after it starts."))
    return errors


def session_warnings(
    *, cohort: Cohort, starts_at: datetime, ends_at: datetime, zone: tzinfo
) -> list[str]:
    """Things worth a second look that do not stop a save: a session outside the cohort's
    dates (compared as calendar days in ``zone``)."""
    first = timezone.localtime(starts_at, zone).date()
    last = timezone.localtime(ends_at, zone).date()
    if first < cohort.starts_on or last > cohort.ends_on:
        return [
            _(
                "This session falls outside the cohort's dates (%(start)s to %(end)s). "
                "It was saved; check that the date is right."
            )
            % {"start": cohort.starts_on.isoformat(), "end": cohort.ends_on.isoformat()}
        ]
    return []


def outside_cohort_dates(session: CohortSession, cohort: Cohort, zone: tzinfo) -> bool:
    return bool(
        session_warnings(
            cohort=cohort, starts_at=session.starts_at, ends_at=session.ends_at, zone=zone
        )
    )


def _apply(session: CohortSession, data: SessionInput) -> None:
    session.title = one_line(data.title)
    session.mode = data.mode
    session.starts_at = data.starts_at
    session.ends_at = data.ends_at
    # A session is one or the other: the field of the other mode is cleared.
    in_person = data.mode == CohortSession.Mode.IN_PERSON
    session.location = one_line(data.location) if in_person else ""
    session.link = "" if in_person else data.link.strip()
    session.module_id = data.module_id


# --- Session services -----------------------------------------------------------------------


@transaction.atomic
def create_session(*, actor: User, cohort_id: int, data: SessionInput) -> CohortSession:
    """Add a session to a cohort the actor runs.

    Raises ``AccessDenied`` when the actor does not coordinate the cohort, ``ValidationError``
    (a dict by field) when the data breaks a rule of :func:`session_errors`.
    """
    cohort = access_cohort_for_coordinator(user=actor, cohort_id=cohort_id)
    errors = session_errors(cohort=cohort, data=data)
    if errors:
        raise ValidationError(errors)
    session = CohortSession(cohort=cohort)
    _apply(session, data)
    session.save()
    _audit_session(actor, session, "created")
    notify_session_change(actor=actor, session=session, what="created")
    return session


def _audit_session(actor: User, session: CohortSession, what: str) -> None:
    record_audit_event(
        action=AuditAction.SESSION_CHANGED,
        actor=actor,
        target=session.cohort,
        detail={"session": session.pk, "what": what, "title": session.title[:100]},
    )


def access_session_for_coordinator(
    *, user: AnyUser, cohort_id: int, session_id: int
) -> CohortSession:
    """The session ``session_id`` of cohort ``cohort_id``, if the user runs that cohort.

    A session of another cohort (even one the user runs) is refused: ids in the URL must
    belong together.
    """
    cohort = access_cohort_for_coordinator(user=user, cohort_id=cohort_id)
    session = CohortSession.objects.filter(pk=session_id, cohort_id=cohort.pk).first()
    if session is None:
        raise AccessDenied("session", session_id)
    session.cohort = cohort
    return session


@transaction.atomic
def update_session(
    *, actor: User, cohort_id: int, session_id: int, data: SessionInput
) -> CohortSession:
    """Change a session of a cohort the actor runs (same checks as :func:`create_session`)."""
    session = access_session_for_coordinator(user=actor, cohort_id=cohort_id, session_id=session_id)
    errors = session_errors(cohort=session.cohort, data=data)
    if errors:
        raise ValidationError(errors)
    _apply(session, data)
    session.save()
    _audit_session(actor, session, "changed")
    notify_session_change(actor=actor, session=session, what="changed")
    return session


def attendance_count(*, session: CohortSession) -> int:
    """How many attendance records a session has (what deleting it would delete too)."""
    return Attendance.objects.filter(session=session).count()


@transaction.atomic
def delete_session(*, actor: User, cohort_id: int, session_id: int) -> CohortSession:
    """Delete a session of a cohort the actor runs, with its attendance records.

    Returns the deleted session (its fields, without a primary key).
    """
    session = access_session_for_coordinator(user=actor, cohort_id=cohort_id, session_id=session_id)
    _audit_session(actor, session, "deleted")
    notify_session_change(actor=actor, session=session, what="deleted")
    session.delete()
    return session


# --- Reads for the session pages ------------------------------------------------------------


def _participant_count(cohort_ref: Any) -> Subquery:
    return Subquery(
        Enrolment.objects.filter(
            cohort_id=cohort_ref, role=Enrolment.Role.PARTICIPANT, status__in=CURRENT
        )
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def _with_attendance_counts(sessions: QuerySet[CohortSession]) -> QuerySet[CohortSession]:
    """Sessions annotated with ``present``, ``absent``, ``excused``, ``recorded`` and the
    cohort's current ``participants`` (one query for any number of sessions)."""
    status = Attendance.Status
    return sessions.annotate(
        present=Count("attendance", filter=Q(attendance__status=status.PRESENT), distinct=True),
        absent=Count("attendance", filter=Q(attendance__status=status.ABSENT), distinct=True),
        excused=Count("attendance", filter=Q(attendance__status=status.EXCUSED), distinct=True),
        recorded=Count("attendance", distinct=True),
        participants=Coalesce(_participant_count(OuterRef("cohort_id")), 0),
    )


@dataclass
class CohortSessions:
    cohort: Cohort
    upcoming: list[CohortSession]
    past: list[CohortSession]


def cohort_sessions(*, user: AnyUser, cohort_id: int) -> CohortSessions:
    """A cohort's sessions for its coordinators, upcoming (soonest first) and past (newest
    first), with attendance counts. Two queries."""
    cohort = access_cohort_for_coordinator(user=user, cohort_id=cohort_id)
    sessions = list(
        _with_attendance_counts(
            CohortSession.objects.filter(cohort=cohort).select_related("module")
        ).order_by("starts_at", "pk")
    )
    now = timezone.now()
    for session in sessions:
        session.cohort = cohort
    return CohortSessions(
        cohort=cohort,
        upcoming=[s for s in sessions if s.ends_at >= now],
        past=[s for s in sessions if s.ends_at < now][::-1],
    )


@dataclass
class SessionsOverview:
    """What ``/learn/sessions/`` shows: sessions the user runs and their own sessions."""

    run: Sequence[CohortSession] = field(default_factory=list)
    mine: Sequence[CohortSession] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.run and not self.mine


def sessions_overview(*, user: User) -> SessionsOverview:
    """Sessions of the cohorts the user coaches or whose organisation they coordinate (with
    attendance counts), and sessions of the cohorts they take part in (with their own
    attendance status as ``my_status``). Two queries (plus the cached access context)."""
    context = access_context(user)
    coached = Enrolment.objects.filter(
        user=user, role=Enrolment.Role.COACH, status__in=CURRENT
    ).values("cohort_id")
    run = list(
        _with_attendance_counts(
            CohortSession.objects.filter(
                Q(cohort_id__in=coached)
                | Q(cohort__organisation_id__in=context.coordinated_org_ids)
            ).select_related("cohort", "module")
        ).order_by("starts_at", "pk")
    )
    taking_part = Enrolment.objects.filter(
        user=user, role=Enrolment.Role.PARTICIPANT, status__in=CURRENT
    ).values("cohort_id")
    mine = list(
        CohortSession.objects.filter(cohort_id__in=taking_part)
        .select_related("cohort", "module")
        .annotate(
            my_status=Subquery(
                Attendance.objects.filter(session=OuterRef("pk"), user=user).values("status")[:1]
            )
        )
        .order_by("starts_at", "pk")
    )
    labels = dict(Attendance.Status.choices)
    for session in mine:
        session.my_status_label = labels.get(session.my_status, "")  # type: ignore[attr-defined]
    return SessionsOverview(run=run, mine=mine)


# --- Attendance -----------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    user: User
    status: str
    recorded_by: User | None = None
    recorded_at: datetime | None = None


@dataclass
class AttendanceSheet:
    session: CohortSession
    rows: list[AttendanceRow]

    @property
    def counts(self) -> dict[str, int]:
        counts = {value: 0 for value in Attendance.Status.values}
        for row in self.rows:
            if row.status in counts:
                counts[row.status] += 1
        return counts

    @property
    def unrecorded(self) -> int:
        return sum(1 for row in self.rows if not row.status)


def _current_participants(cohort_id: int) -> QuerySet[User]:
    return User.objects.filter(
        enrolments__cohort_id=cohort_id,
        enrolments__role=Enrolment.Role.PARTICIPANT,
        enrolments__status__in=CURRENT,
    ).order_by("last_name", "first_name", "email")


def attendance_sheet(*, user: AnyUser, session_id: int) -> AttendanceSheet:
    """The session's current participants with their recorded status ('' when none yet),
    for the cohort's coaches, coordinators and staff. Three queries."""
    session = access_session_for_attendance(user=user, session_id=session_id)
    participants = list(_current_participants(session.cohort_id))
    records = {
        a.user_id: a
        for a in Attendance.objects.filter(session=session).select_related("recorded_by")
    }
    rows = []
    for person in participants:
        record = records.get(person.pk)
        rows.append(
            AttendanceRow(
                user=person,
                status=record.status if record else "",
                recorded_by=record.recorded_by if record else None,
                recorded_at=record.recorded_at if record else None,
            )
        )
    return AttendanceSheet(session=session, rows=rows)


class AttendanceRefused(Exception):
    """The submitted marks were refused as a whole; nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Strangers(Exception):
    def __init__(self, session: CohortSession, ids: list[int]) -> None:
        super().__init__("not participants")
        self.session = session
        self.ids = ids


def record_attendance(
    *,
    actor: User,
    session_id: int,
    marks: Mapping[int, str],
    request: HttpRequest | None = None,
) -> int:
    """Record present / absent / excused for participants of the session's cohort.

    ``marks`` maps user ids to statuses; people left out keep what they had. Saving the
    same marks again changes nothing (only changed rows are written, with ``recorded_by``
    and ``recorded_at``); returns how many rows were written. Raises ``AccessDenied`` when
    the actor may not record this session's attendance, ``AttendanceRefused`` (nothing
    written) when a mark has an unknown status or names someone who is not a current
    participant of the cohort; the ids of such people are recorded as denied access in the
    audit log.
    """
    try:
        return _record_attendance(actor=actor, session_id=session_id, marks=marks)
    except _Strangers as strangers:
        # After the rollback, so that the audit entry stays.
        record_audit_event(
            action=AuditAction.ACCESS_DENIED,
            actor=actor,
            request=request,
            target=strangers.session,
            detail={
                "what": "attendance participant",
                "id": ",".join(map(str, strangers.ids[:20])),
            },
        )
        raise AttendanceRefused(
            _(
                "Nothing was saved: %(n)d of the people in the form are not participants of "
                "this cohort (any more). The list below is up to date; check it and save again."
            )
            % {"n": len(strangers.ids)}
        ) from None


@transaction.atomic
def _record_attendance(*, actor: User, session_id: int, marks: Mapping[int, str]) -> int:
    session = access_session_for_attendance(user=actor, session_id=session_id)
    if any(status not in Attendance.Status.values for status in marks.values()):
        raise AttendanceRefused(_("Choose present, absent or excused for each person."))
    allowed = set(
        _current_participants(session.cohort_id)
        .filter(pk__in=list(marks))
        .values_list("pk", flat=True)
    )
    strangers = sorted(set(marks) - allowed)
    if strangers:
        raise _Strangers(session, strangers)
    existing = dict(
        Attendance.objects.filter(session=session, user_id__in=list(marks)).values_list(
            "user_id", "status"
        )
    )
    now = timezone.now()
    changed = [
        Attendance(
            session=session, user_id=user_id, status=status, recorded_by=actor, recorded_at=now
        )
        for user_id, status in sorted(marks.items())
        if existing.get(user_id) != status
    ]
    if changed:
        # An upsert on (session, user): a concurrent save of the same row updates, never fails.
        Attendance.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["session", "user"],
            update_fields=["status", "recorded_by", "recorded_at"],
        )
        record_audit_event(
            action=AuditAction.ATTENDANCE_RECORDED,
            actor=actor,
            target=session.cohort,
            detail={"session": session.pk, "changed": len(changed)},
        )
    return len(changed)


# --- Calendars ------------------------------------------------------------------------------

PRODID = "-//LAUNCH! School Improvement Facilitation//Cohort sessions//EN"


def calendar_sessions_for_user(*, user: User) -> QuerySet[CohortSession]:
    """Every session of the user's current cohorts (any role), with cohort and module."""
    return (
        CohortSession.objects.filter(pk__in=sessions_for_user(user=user).order_by().values("pk"))
        .select_related("cohort", "module")
        .order_by("starts_at", "pk")
    )


def user_for_calendar_key(*, key: str) -> User:
    """The active user whose private calendar key is ``key``; ``AccessDenied`` otherwise."""
    profile = (
        Profile.objects.filter(calendar_key=key, user__is_active=True)
        .select_related("user")
        .first()
        if key
        else None
    )
    if profile is None:
        raise AccessDenied("calendar", "")
    return profile.user


@transaction.atomic
def reset_calendar_key(*, actor: User) -> str:
    """Give the actor a new private calendar key; the old feed URL stops working at once."""
    key = new_calendar_key()
    update_profile(actor, calendar_key=key)
    record_audit_event(action=AuditAction.CALENDAR_KEY_RESET, actor=actor, target=actor)
    return key


@dataclass(frozen=True)
class CalendarSite:
    """Where the calendar points back to: the UID domain and the site's base URL."""

    domain: str
    base_url: str

    @classmethod
    def for_request(cls, request: HttpRequest) -> "CalendarSite":
        from .conf import conf

        domain = conf.LAUNCH_CALENDAR_UID_DOMAIN or request.get_host().split(":")[0]
        return cls(domain=domain, base_url=public_base_url(request=request))


def session_event(session: CohortSession, *, site: CalendarSite, stamp: datetime) -> Event:
    """The VEVENT of a session: stable UID, times in UTC, place or link as LOCATION."""
    event = Event()
    event.add("uid", f"session-{session.pk}@{site.domain}")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", session.title)
    place = session.location if session.mode == CohortSession.Mode.IN_PERSON else session.link
    if place:
        event.add("location", place)
    event.add("url", f"{site.base_url}/learn/sessions/#session-{session.pk}")
    lines = [_("Cohort: %(name)s") % {"name": session.cohort.name}]
    if session.module_id and session.module is not None:
        lines.append(_("Module: %(title)s") % {"title": session.module.title})
    lines.append(f"{session.get_mode_display()}: {place}" if place else session.get_mode_display())
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED")
    return event


def build_calendar(
    sessions: Iterable[CohortSession], *, site: CalendarSite, name: str, feed: bool
) -> bytes:
    """An iCalendar file (RFC 5545) with one event per session; text is escaped by
    ``icalendar``. Feeds carry a refresh hint, single files ``METHOD:PUBLISH``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties are not text to icalendar: without vText, CR/LF and ; would pass raw.
    calendar.add("x-wr-calname", vText(one_line(name)))
    if feed:
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    for session in sessions:
        calendar.add_component(session_event(session, site=site, stamp=stamp))
    return calendar.to_ical()


def session_ics(
    *, user: AnyUser, session_id: int, site: CalendarSite
) -> tuple[CohortSession, bytes]:
    """One session as an iCalendar file, for anyone who may see it (``access_session``)."""
    session = access_session(user=user, session_id=session_id)
    return session, build_calendar([session], site=site, name=session.title, feed=False)


def calendar_feed(*, key: str, site: CalendarSite) -> bytes:
    """The private feed of the user whose calendar key is ``key`` (404 for a wrong key or an
    inactive user): every session of their current cohorts. Two queries."""
    user = user_for_calendar_key(key=key)
    sessions = calendar_sessions_for_user(user=user)
    return build_calendar(sessions, site=site, name=_("LAUNCH! sessions"), feed=True)
