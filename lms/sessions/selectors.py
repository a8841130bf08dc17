"""Reads of cohort sessions for the session pages and calendars: the ``access_*`` checks of
a session, listings with attendance counts, attendance sheets and the sessions of a calendar.
Each makes a fixed number of queries, whatever the number of sessions or participants.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..exceptions import AccessDenied
from ..models import Attendance, Cohort, CohortSession, Enrolment, ModulePage, Profile
from ..people import User
from ..selectors import (
    CURRENT,
    AnyUser,
    access_cohort_for_coordinator,
    access_context,
    coaches_cohort,
)

# --- Access to a session ---------------------------------------------------------------------


def access_session_for_attendance(*, user: AnyUser, session_id: int) -> CohortSession:
    """A session whose attendance the user records: coordinators (and staff) of the cohort,
    and the cohort's coaches."""
    session = CohortSession.objects.select_related("cohort").filter(pk=session_id).first()
    if session is None:
        raise AccessDenied("session", session_id)
    context = access_context(user)
    if context.is_staff:
        return session
    if session.cohort.organisation_id in context.coordinated_org_ids:
        return session
    if coaches_cohort(user=user, cohort_id=session.cohort_id):
        return session
    raise AccessDenied("session", session_id)


def access_session(*, user: AnyUser, session_id: int) -> CohortSession:
    """A session the user may see: members of its cohort (any current role), its coordinators
    and programme staff."""
    session = CohortSession.objects.select_related("cohort").filter(pk=session_id).first()
    if session is None or not user.is_authenticated:
        raise AccessDenied("session", session_id)
    context = access_context(user)
    if context.is_staff or session.cohort.organisation_id in context.coordinated_org_ids:
        return session
    if Enrolment.objects.filter(
        user=user, cohort_id=session.cohort_id, status__in=CURRENT
    ).exists():
        return session
    raise AccessDenied("session", session_id)


def sessions_for_user(*, user: User) -> QuerySet[CohortSession]:
    """Sessions of every cohort the user is currently part of (any role), oldest first."""
    return (
        CohortSession.objects.filter(
            cohort__enrolments__user=user, cohort__enrolments__status__in=CURRENT
        )
        .select_related("cohort")
        .distinct()
        .order_by("starts_at")
    )


def session_modules(cohort: Cohort) -> QuerySet[ModulePage]:
    """The modules a session of ``cohort`` may be about: live modules of its programme."""
    return ModulePage.objects.live().child_of(cohort.programme).order_by("path")


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


def attendance_count(*, session: CohortSession) -> int:
    """How many attendance records a session has (what deleting it would delete too)."""
    return Attendance.objects.filter(session=session).count()


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


def current_participants(cohort_id: int) -> QuerySet[User]:
    return User.objects.filter(
        enrolments__cohort_id=cohort_id,
        enrolments__role=Enrolment.Role.PARTICIPANT,
        enrolments__status__in=CURRENT,
    ).order_by("last_name", "first_name", "email")


def attendance_sheet(*, user: AnyUser, session_id: int) -> AttendanceSheet:
    """The session's current participants with their recorded status ('' when none yet),
    for the cohort's coaches, coordinators and staff. Three queries."""
    session = access_session_for_attendance(user=user, session_id=session_id)
    participants = list(current_participants(session.cohort_id))
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


# --- Calendars -------------------------------------------------------------------------------


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
