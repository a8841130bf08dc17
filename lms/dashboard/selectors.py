"""Reads of the coordinator's cohort dashboard: who may see it, its filters, its rows, the
summary cards and the heatmap.

Each makes a fixed number of queries whatever the size of the cohort: aggregates are computed
in the database, one query fetches the page of rows and one query each fetches their module
and standard progress.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import selectors
from ..conf import conf
from ..exceptions import AccessDenied
from ..models import (
    Cohort,
    Enrolment,
    ModuleProgress,
    RubricLevel,
    Standard,
    StandardProgress,
)
from ..people import User, last_activity_of, school_of
from ..selectors import AnyUser

#: A participant with no activity for this many days is flagged (and reminded).
INACTIVE_DAYS = 14
PAGE_SIZE = 50
#: Statuses that count as holding a seat, and that can be flagged inactive.
SEATED = (Enrolment.Status.INVITED, Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)
FLAGGABLE = (Enrolment.Status.INVITED, Enrolment.Status.ACTIVE)
#: Members whose progress and activity the cohort sees. Before someone accepts their
#: invitation the cohort sees only the email address it was given (no name, school, activity
#: or progress: they may be someone else's participant); after they leave, no new activity.
DISCLOSED = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)
PROFICIENT = RubricLevel.PROFICIENT

# What the cohort may sort by: names and activity of its members only (invited people sort
# by their email, with no activity). Never active counts as longest ago, on SQLite and
# PostgreSQL alike.
_SHOWN_LAST_NAME = Case(
    When(status=Enrolment.Status.INVITED, then=F("user__email")), default=F("user__last_name")
)
_SHOWN_FIRST_NAME = Case(
    When(status=Enrolment.Status.INVITED, then=Value("")), default=F("user__first_name")
)
_SHOWN_ACTIVITY = Case(
    When(status__in=DISCLOSED, then=F("user__launch_profile__last_activity_at")),
    default=None,
    output_field=DateTimeField(),
)
SORTS: dict[str, tuple[Any, ...]] = {
    "name": (_SHOWN_LAST_NAME.asc(), _SHOWN_FIRST_NAME.asc(), "user__email", "pk"),
    "activity": (
        _SHOWN_ACTIVITY.asc(nulls_first=True),
        _SHOWN_LAST_NAME.asc(),
        "user__email",
        "pk",
    ),
    "-activity": (
        _SHOWN_ACTIVITY.desc(nulls_last=True),
        _SHOWN_LAST_NAME.asc(),
        "user__email",
        "pk",
    ),
}


def sort_choices() -> list[tuple[str, str]]:
    return [
        ("name", _("Name")),
        ("-activity", _("Last activity, most recent first")),
        ("activity", _("Last activity, longest ago first")),
    ]


# --- Who may see the dashboard ---------------------------------------------------------------


@dataclass(frozen=True)
class DashboardScope:
    """The cohort and whose participants the viewer sees: all (coordinators and programme
    staff) or only those they coach (``coach_id`` set: the read-only coach view)."""

    cohort: Cohort
    coach_id: int | None = None

    @property
    def is_coach_view(self) -> bool:
        return self.coach_id is not None


def access_cohort_dashboard(*, user: AnyUser, cohort_id: int) -> DashboardScope:
    """The dashboard scope for ``user``, or ``AccessDenied`` (404).

    Coordinators of the cohort's organisation and programme staff see every participant;
    the cohort's coaches see their own participants; everyone else is refused.
    """
    try:
        return DashboardScope(
            cohort=selectors.access_cohort_for_coordinator(user=user, cohort_id=cohort_id)
        )
    except AccessDenied:
        if not selectors.coaches_cohort(user=user, cohort_id=cohort_id):
            raise
    cohort = Cohort.objects.select_related("organisation", "programme").get(pk=cohort_id)
    return DashboardScope(cohort=cohort, coach_id=user.pk)


# --- Filters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterFilters:
    """What the roster is narrowed to and how it is sorted (all optional)."""

    status: str = ""
    coach_id: int | None = None
    inactive_only: bool = False
    search: str = ""
    not_proficient_in: int | None = None  # a standard's number
    sort: str = "name"


@dataclass
class FilterChoices:
    coaches: list[User]
    standards: list[Standard]


def dashboard_filter_choices(*, scope: DashboardScope) -> FilterChoices:
    """The cohort's coaches (for the coach filter; none in the coach view) and the standards.

    Two queries (one in the coach view)."""
    standards = list(Standard.objects.only("pk", "number", "code", "name").order_by("number"))
    coaches: list[User] = []
    if not scope.is_coach_view:
        coaches = selectors.cohort_coaches(cohort=scope.cohort)
    return FilterChoices(coaches=coaches, standards=standards)


def inactive_since(now: datetime) -> datetime:
    return now - timedelta(days=INACTIVE_DAYS)


def inactive_q(now: datetime) -> Q:
    """Active enrolments whose person did nothing for ``INACTIVE_DAYS`` days, or never did
    anything and was enrolled more than that long ago; invitations sent more than that long
    ago and not accepted (whatever the person does elsewhere)."""
    cutoff = inactive_since(now)
    return Q(status=Enrolment.Status.INVITED, created_at__lt=cutoff) | Q(
        Q(user__launch_profile__last_activity_at__lt=cutoff)
        | Q(user__launch_profile__last_activity_at__isnull=True, created_at__lt=cutoff),
        status=Enrolment.Status.ACTIVE,
    )


def _participants(scope: DashboardScope) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.filter(cohort=scope.cohort, role=Enrolment.Role.PARTICIPANT)
    if scope.coach_id is not None:
        enrolments = enrolments.filter(coach_id=scope.coach_id)
    return enrolments


def filtered_roster(
    *, scope: DashboardScope, filters: RosterFilters, now: datetime
) -> QuerySet[Enrolment]:
    """The scope's participant enrolments narrowed by ``filters``, sorted, user and coach
    joined (one query when evaluated)."""
    enrolments = _participants(scope).select_related("user__launch_profile", "coach")
    if filters.status:
        enrolments = enrolments.filter(status=filters.status)
    if filters.coach_id is not None and not scope.is_coach_view:
        enrolments = enrolments.filter(coach_id=filters.coach_id)
    if filters.inactive_only:
        enrolments = enrolments.filter(inactive_q(now))
    for word in filters.search.split()[:5]:
        enrolments = enrolments.filter(
            Q(user__email__icontains=word)
            | (
                (Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word))
                & ~Q(status=Enrolment.Status.INVITED)
            )
        )
    if filters.not_proficient_in is not None:
        enrolments = enrolments.exclude(
            Exists(
                StandardProgress.objects.filter(
                    user_id=OuterRef("user_id"),
                    standard__number=filters.not_proficient_in,
                    level__gte=PROFICIENT,
                )
            ),
            status__in=DISCLOSED,
        )
    return enrolments.order_by(*SORTS.get(filters.sort, SORTS["name"]))


# --- Rows ------------------------------------------------------------------------------------

LEVEL_CODES: dict[int | None, str] = {
    None: "none",
    RubricLevel.NOT_YET: "not-yet",
    RubricLevel.DEVELOPING: "developing",
    RubricLevel.PROFICIENT: "proficient",
    RubricLevel.EXEMPLARY: "exemplary",
}


def level_legend() -> list[dict[str, str]]:
    """Each heatmap level: its CSS code, the short text shown in a cell, its full name."""
    return [
        {"code": "none", "symbol": "\u2013", "label": _("Not started")},
        {"code": "not-yet", "symbol": _("NY"), "label": str(RubricLevel.NOT_YET.label)},
        {"code": "developing", "symbol": _("D"), "label": str(RubricLevel.DEVELOPING.label)},
        {"code": "proficient", "symbol": _("P"), "label": str(RubricLevel.PROFICIENT.label)},
        {"code": "exemplary", "symbol": _("E"), "label": str(RubricLevel.EXEMPLARY.label)},
    ]


@dataclass(frozen=True)
class Cell:
    code: str
    symbol: str
    label: str


@dataclass
class RosterRow:
    """One participant as the dashboard and the export show them."""

    enrolment: Enrolment
    modules_completed: int
    levels: list[int | None]
    cells: list[Cell] = field(default_factory=list)
    inactive_days: int | None = None
    days_since_activity: int | None = None

    @property
    def user(self) -> User:
        return self.enrolment.user

    @property
    def disclosed(self) -> bool:
        """Whether the cohort sees this person's activity and progress (see ``DISCLOSED``)."""
        return self.enrolment.status in DISCLOSED

    @property
    def invited(self) -> bool:
        return self.enrolment.status == Enrolment.Status.INVITED

    @property
    def name(self) -> str:
        """The name shown: the account's, or only the email before they accept."""
        if self.invited:
            return self.user.email
        return self.user.get_full_name() or self.user.email

    @property
    def school(self) -> str:
        return "" if self.invited else school_of(self.user)

    @property
    def last_activity_at(self) -> datetime | None:
        return last_activity_of(self.user) if self.disclosed else None

    @property
    def proficient_count(self) -> int:
        return sum(1 for level in self.levels if level is not None and level >= PROFICIENT)

    @property
    def last_activity_label(self) -> str:
        days = self.days_since_activity
        if days is None:
            return _("Never")
        if days == 0:
            return _("Today")
        if days == 1:
            return _("Yesterday")
        return ngettext("%(days)d day ago", "%(days)d days ago", days) % {"days": days}

    @property
    def inactive_label(self) -> str:
        if self.inactive_days is None:
            return ""
        return ngettext("Inactive %(days)d day", "Inactive %(days)d days", self.inactive_days) % {
            "days": self.inactive_days
        }


def roster_rows(
    enrolments: Sequence[Enrolment],
    *,
    standards: list[Standard],
    required_ids: list[int],
    now: datetime,
) -> list[RosterRow]:
    """Rows for these enrolments: two queries (module counts, standard levels), none if empty.
    Only members' progress is read (``DISCLOSED``); other rows show none."""
    user_ids = [e.user_id for e in enrolments if e.status in DISCLOSED]
    completed = dict(
        ModuleProgress.objects.filter(
            user_id__in=user_ids,
            module_id__in=required_ids,
            status=ModuleProgress.Status.COMPLETED,
        )
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("user_id", "n")
    )
    levels: dict[tuple[int, int], int] = {
        (user_id, standard_id): level
        for user_id, standard_id, level in StandardProgress.objects.filter(
            user_id__in=user_ids
        ).values_list("user_id", "standard_id", "level")
    }
    legend = {entry["code"]: entry for entry in level_legend()}
    cutoff = inactive_since(now)
    rows = []
    for enrolment in enrolments:
        user = enrolment.user
        shown = enrolment.status in DISCLOSED
        row_levels = [levels.get((user.pk, s.pk)) if shown else None for s in standards]
        row = RosterRow(
            enrolment=enrolment,
            modules_completed=completed.get(user.pk, 0) if shown else 0,
            levels=row_levels,
            cells=[
                Cell(code=code, symbol=legend[code]["symbol"], label=legend[code]["label"])
                for code in (LEVEL_CODES[level] for level in row_levels)
            ],
        )
        last = row.last_activity_at
        if last is not None:
            row.days_since_activity = max((now - last).days, 0)
        if enrolment.status in FLAGGABLE:
            since = last if last is not None else enrolment.created_at
            if since < cutoff:
                row.inactive_days = (now - since).days
        rows.append(row)
    return rows


def person_row(*, enrolment: Enrolment) -> tuple[RosterRow, list[Standard], int]:
    """One person of a cohort as the dashboard shows them (progress only for members), the
    standards and the number of required modules: four queries."""
    standards = list(Standard.objects.only("pk", "number", "code", "name").order_by("number"))
    required_ids = selectors.required_module_ids(enrolment.cohort.programme_id)
    (row,) = roster_rows(
        [enrolment], standards=standards, required_ids=required_ids, now=timezone.now()
    )
    return row, standards, len(required_ids)


# --- The dashboard ---------------------------------------------------------------------------


@dataclass
class Summary:
    computed_at: datetime
    by_status: dict[str, int]
    seats_used: int
    seat_limit: int
    inactive: int
    required_total: int
    modules_completed: int
    modules_possible: int
    proficient: int
    proficient_possible: int

    @property
    def status_cards(self) -> list[tuple[str, int]]:
        labels = dict(Enrolment.Status.choices)
        return [(str(labels[s]), self.by_status.get(s, 0)) for s in Enrolment.Status.values]

    @property
    def modules_percent(self) -> int:
        return _percent(self.modules_completed, self.modules_possible)

    @property
    def proficient_percent(self) -> int:
        return _percent(self.proficient, self.proficient_possible)

    @property
    def seats_percent(self) -> int:
        return _percent(self.seats_used, self.seat_limit)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def summary_ttl() -> int:
    """Seconds the summary cards may be reused (the roster and heatmap are always live)."""
    return int(conf.LAUNCH_DASHBOARD_SUMMARY_TTL)


def summary_cache_key(scope: DashboardScope) -> str:
    cohort = scope.cohort  # created_at: a reused id (after a restore) is another cohort
    return f"lms:cohort-summary:{cohort.pk}:{cohort.created_at.timestamp()}:{scope.coach_id or 0}"


def forget_summary(scope: DashboardScope) -> None:
    """Drop the cached summary cards of this scope (the next render recomputes them)."""
    cache.delete(summary_cache_key(scope))


def cohort_summary(
    *, scope: DashboardScope, required_ids: list[int], standard_count: int, now: datetime
) -> Summary:
    """The summary cards, computed in three aggregate queries and then reused for
    ``summary_ttl()`` seconds: counting every progress row of a 10,000-person cohort costs
    more than the rest of the page, and the cards show when they were computed."""
    key = summary_cache_key(scope)
    summary = cache.get(key)
    if not isinstance(summary, Summary) or summary.required_total != len(required_ids):
        summary = _summary(scope, required_ids=required_ids, standard_count=standard_count, now=now)
        cache.set(key, summary, summary_ttl())
    return summary


def _summary(
    scope: DashboardScope, *, required_ids: list[int], standard_count: int, now: datetime
) -> Summary:
    """Aggregates over the scope's participants: three queries, whatever their number."""
    participants = _participants(scope)
    counts = participants.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Enrolment.Status.values},
        inactive=Count("pk", filter=inactive_q(now)),
    )
    member_users = participants.filter(status__in=DISCLOSED).values("user_id")
    # ``module_id + 0``: SQLite otherwise probes the (user, module) index once per person AND
    # module; reading each person's few rows by user is about twice as fast at 10,000.
    modules_completed = (
        ModuleProgress.objects.filter(
            user_id__in=member_users, status=ModuleProgress.Status.COMPLETED
        )
        .alias(module_key=F("module_id") + 0)
        .filter(module_key__in=required_ids)
        .count()
    )
    proficient = StandardProgress.objects.filter(
        user_id__in=member_users, level__gte=PROFICIENT
    ).count()
    by_status = {status: counts[status] for status in Enrolment.Status.values}
    seated = sum(by_status[s] for s in SEATED)
    members = sum(by_status[s] for s in DISCLOSED)
    return Summary(
        computed_at=now,
        by_status=by_status,
        seats_used=seated,
        seat_limit=scope.cohort.seat_limit,
        inactive=counts["inactive"],
        required_total=len(required_ids),
        modules_completed=modules_completed,
        modules_possible=members * len(required_ids),
        proficient=proficient,
        proficient_possible=members * standard_count,
    )


@dataclass
class CohortDashboard:
    scope: DashboardScope
    summary: Summary
    standards: list[Standard]
    rows: list[RosterRow]
    page: Page
    required_total: int
    legend: list[dict[str, str]]
    now: datetime


def cohort_dashboard(
    *,
    scope: DashboardScope,
    filters: RosterFilters,
    standards: list[Standard],
    page_number: int | str = 1,
) -> CohortDashboard:
    """Everything the dashboard shows: the summary, and one page of the filtered roster with
    each row's module completion and level per standard. A fixed number of queries."""
    now = timezone.now()
    required_ids = selectors.required_module_ids(scope.cohort.programme_id)
    summary = cohort_summary(
        scope=scope, required_ids=required_ids, standard_count=len(standards), now=now
    )
    paginator = Paginator(filtered_roster(scope=scope, filters=filters, now=now), PAGE_SIZE)
    page = paginator.get_page(page_number)
    enrolments = list(page.object_list)
    return CohortDashboard(
        scope=scope,
        summary=summary,
        standards=standards,
        rows=roster_rows(enrolments, standards=standards, required_ids=required_ids, now=now),
        page=page,
        required_total=len(required_ids),
        legend=level_legend(),
        now=now,
    )
