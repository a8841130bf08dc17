"""Writes of cohort sessions: the session rules, creating, changing and deleting sessions,
recording attendance and resetting a calendar key.

Services take the acting user, check access through the selectors (``AccessDenied``, a 404,
when the user may not act), validate, and write inside ``transaction.atomic``.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attendance, AuditAction, Cohort, CohortSession
from ..models.accounts import new_calendar_key
from ..notifications.services import notify_session_change
from ..people import User, update_profile
from ..selectors import access_cohort_for_coordinator
from ..services import record_audit_event
from .selectors import (
    access_session_for_attendance,
    access_session_for_coordinator,
    current_participants,
    session_modules,
)

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


# --- Attendance ------------------------------------------------------------------------------


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
        current_participants(session.cohort_id)
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


# --- Calendars -------------------------------------------------------------------------------


@transaction.atomic
def reset_calendar_key(*, actor: User) -> str:
    """Give the actor a new private calendar key; the old feed URL stops working at once."""
    key = new_calendar_key()
    update_profile(actor, calendar_key=key)
    record_audit_event(action=AuditAction.CALENDAR_KEY_RESET, actor=actor, target=actor)
    return key
