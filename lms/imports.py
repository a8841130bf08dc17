"""Roster import: plan every row, then (when nothing is wrong) write the whole file at once.

The same service serves the coordinator's upload page and
``python manage.py import_enrolments COHORT FILE.csv [--dry-run]``.
"""

from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AuditAction, Cohort, Enrolment, User
from .roster import RosterFileError, RosterRow, parse_roster
from .selectors import forget_access, is_programme_staff
from .services import record_audit_event

NEW_PERSON = "new"
ENROL_EXISTING = "enrol"
UNCHANGED = "unchanged"
ERROR = "error"

OUTCOME_LABELS = {
    NEW_PERSON: _("new person: account created and invited"),
    ENROL_EXISTING: _("has an account: enrolled"),
    UNCHANGED: _("already enrolled: no change"),
    ERROR: _("error"),
}


@dataclass
class PlannedRow:
    row: RosterRow
    outcome: str = NEW_PERSON

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass
class ImportPlan:
    cohort: Cohort
    rows: list[PlannedRow] = field(default_factory=list)
    written: bool = False

    @property
    def errors(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.outcome == ERROR]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def changes(self) -> int:
        return self.count(NEW_PERSON) + self.count(ENROL_EXISTING)

    def messages(self) -> list[str]:
        """One line per problem: row, column, what is wrong."""
        return [
            _("row %(row)d, %(column)s: %(message)s")
            % {"row": r.row.number, "column": column, "message": message}
            for r in self.errors
            for column, message in r.row.errors
        ]


class ImportRefused(Exception):
    """Nothing was written: the file has errors (``plan`` says which) or cannot be read."""

    def __init__(self, message: str, plan: ImportPlan | None = None) -> None:
        super().__init__(message)
        self.plan = plan


def can_import(*, actor: User | None, cohort: Cohort) -> bool:
    """Programme staff, or a coordinator of the cohort's organisation. ``None`` is the
    operator at the command line."""
    if actor is None:
        return True
    if is_programme_staff(actor):
        return True
    return (
        cohort.organisation_id is not None
        and actor.memberships.filter(organisation_id=cohort.organisation_id).exists()
    )


def plan_import(*, cohort: Cohort, data: bytes) -> ImportPlan:
    """Read the file and decide each row's outcome; writes nothing.

    Raises :class:`RosterFileError` when the file as a whole is unusable.
    """
    rows = parse_roster(data)
    plan = ImportPlan(cohort=cohort, rows=[PlannedRow(row) for row in rows])
    emails = {r.email for r in rows if r.email} | {r.coach_email for r in rows if r.coach_email}
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    enrolled = set(
        Enrolment.objects.filter(cohort=cohort, user__email__in=emails).values_list(
            "user__email", "role"
        )
    )
    cohort_coaches = set(
        Enrolment.objects.filter(
            cohort=cohort,
            role=Enrolment.Role.COACH,
            status__in=(Enrolment.Status.ACTIVE, Enrolment.Status.INVITED),
        ).values_list("user__email", flat=True)
    )
    file_coaches = {r.email for r in rows if r.role == "coach" and not r.errors}
    seats_taken = Enrolment.objects.filter(
        cohort=cohort,
        role=Enrolment.Role.PARTICIPANT,
        status__in=(Enrolment.Status.ACTIVE, Enrolment.Status.INVITED),
    ).count()
    first_seen: dict[tuple[str, str], int] = {}
    for planned in plan.rows:
        row = planned.row
        key = (row.email, row.role)
        if row.email and key in first_seen:
            row.error("email", _("duplicate of row %(row)d") % {"row": first_seen[key]})
        elif row.email:
            first_seen[key] = row.number
        if row.coach_email and row.coach_email not in cohort_coaches | file_coaches:
            row.error(
                "coach email",
                _("unknown coach %(email)s: not a coach of this cohort or in this file")
                % {"email": row.coach_email},
            )
        if row.errors:
            planned.outcome = ERROR
            continue
        if key in enrolled:
            planned.outcome = UNCHANGED
            continue
        if row.role == "participant":
            if seats_taken >= cohort.seat_limit:
                row.error(
                    "role",
                    _("over the seat limit of %(limit)d participants")
                    % {"limit": cohort.seat_limit},
                )
                planned.outcome = ERROR
                continue
            seats_taken += 1
        planned.outcome = ENROL_EXISTING if row.email in users else NEW_PERSON
    return plan


def import_enrolments(
    *, actor: User | None, cohort: Cohort, data: bytes, dry_run: bool = False
) -> ImportPlan:
    """Plan the file and, unless ``dry_run``, write it atomically.

    Refuses (``ImportRefused``, nothing written) when the actor may not import into the
    cohort, the file is unreadable, or any row has an error. Re-importing the same file
    finds every row unchanged and writes nothing.
    """
    if not can_import(actor=actor, cohort=cohort):
        raise ImportRefused(_("You cannot import into this cohort."))
    try:
        plan = plan_import(cohort=cohort, data=data)
    except RosterFileError as exc:
        raise ImportRefused(str(exc)) from exc
    if dry_run:
        return plan
    if plan.errors:
        raise ImportRefused(
            _("Nothing was imported: %(n)d rows have errors. Correct them and upload again.")
            % {"n": len(plan.errors)},
            plan,
        )
    if not plan.changes:
        return plan
    with transaction.atomic():
        _write(plan, actor)
    plan.written = True
    return plan


def _write(plan: ImportPlan, actor: User | None) -> None:
    to_enrol = [p.row for p in plan.rows if p.outcome in (NEW_PERSON, ENROL_EXISTING)]
    new_rows = [p.row for p in plan.rows if p.outcome == NEW_PERSON]
    unusable = make_password(None)  # they choose a password when they accept the invitation
    people = {r.email: r for r in reversed(new_rows)}  # one account per email, first row wins
    User.objects.bulk_create(
        [
            User(
                email=r.email,
                first_name=r.first_name,
                last_name=r.last_name,
                school=r.school,
                password=unusable,
            )
            for r in people.values()
        ],
        ignore_conflicts=True,
    )
    emails = {r.email for r in to_enrol} | {r.coach_email for r in to_enrol if r.coach_email}
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=plan.cohort,
                user=users[r.email],
                role=r.role,
                coach=users.get(r.coach_email) if r.coach_email else None,
                status=Enrolment.Status.INVITED if r in new_rows else Enrolment.Status.ACTIVE,
            )
            for r in to_enrol
        ],
        ignore_conflicts=True,
    )
    user_ids = [users[r.email].pk for r in to_enrol]
    transaction.on_commit(lambda: forget_access(user_ids))
    record_audit_event(
        action=AuditAction.ENROLMENTS_IMPORTED,
        actor=actor,
        target=plan.cohort,
        detail={
            "new_people": plan.count(NEW_PERSON),
            "enrolled": plan.count(ENROL_EXISTING),
            "unchanged": plan.count(UNCHANGED),
        },
    )
