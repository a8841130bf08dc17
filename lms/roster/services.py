"""Roster import: plan every row, then (when nothing is wrong) write the whole file at once.

The same service serves the coordinator's upload page and
``python manage.py import_enrolments COHORT FILE.csv [--dry-run]``.
"""

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import batched
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..coordination import forget_dashboard
from ..db import BATCH, insert_ignoring_duplicates
from ..invitations.services import create_invitations, notify_enrolled
from ..models import AuditAction, Cohort, Enrolment, ImportJob, Profile
from ..outbox import enqueue, handler
from ..people import User, account_fields
from ..selectors import access_cohort_for_coordinator, forget_access
from ..services import record_audit_event
from .parsing import MAX_BYTES, RosterFileError, RosterRow, check_row, clean_cell, parse_roster
from .selectors import (
    access_import_job,
    can_import,
    organisation_coaches,
    organisation_insiders,
    progress_key,
    user_ids_by_email,
)

Progress = Callable[[int, int], None]

#: Invited by email; they join once they accept. Everyone outside the cohort's organisation,
#: with or without an account (the preview never says which).
INVITE = "invite"
#: Enrolled at once and told by email: people of the cohort's organisation (see
#: :func:`organisation_insiders`).
ENROL_EXISTING = "enrol"
UNCHANGED = "unchanged"
ERROR = "error"

OUTCOME_LABELS = {
    INVITE: _("will be invited by email (joins once they accept)"),
    ENROL_EXISTING: _("in your organisation: enrolled at once"),
    UNCHANGED: _("already in this cohort: no change"),
    ERROR: _("error"),
}


@dataclass
class PlannedRow:
    row: RosterRow
    outcome: str = INVITE
    #: The address's account, if it has one (for the write; never shown in the preview).
    account_id: int | None = None

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass
class ImportPlan:
    cohort: Cohort
    rows: list[PlannedRow] = field(default_factory=list)
    #: Coaches of the organisation's other cohorts named in a coach column but not in this
    #: cohort yet: they are enrolled as coaches of this cohort too.
    extra_coaches: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def errors(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.outcome == ERROR]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def changes(self) -> int:
        return self.count(INVITE) + self.count(ENROL_EXISTING) + len(self.extra_coaches)

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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for one import (process-wide, for well under a second).

    A 10,000-row file makes some 100,000 short-lived objects (rows, cells, tuples), which
    trigger full collections that scan every object of the process: a third of the import's
    time. None of them form reference cycles, so reference counting frees them all the same.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plan_import(*, cohort: Cohort, data: bytes) -> ImportPlan:
    """Read the file and decide each row's outcome; writes nothing.

    Raises :class:`RosterFileError` when the file as a whole is unusable.
    """
    return plan_rows(cohort=cohort, rows=parse_roster(data))


def plan_rows(*, cohort: Cohort, rows: list[RosterRow]) -> ImportPlan:
    """Decide each checked row's outcome (the file's checks and the cohort's); writes nothing.

    Whether an address has an account changes no outcome: people outside the organisation
    are invited either way, so the preview says nothing about accounts.
    """
    plan = ImportPlan(cohort=cohort, rows=[PlannedRow(row) for row in rows])
    emails = {r.email for r in rows if r.email}
    users = user_ids_by_email(emails)
    insiders = organisation_insiders(cohort, sorted(users.values()))
    enrolled = set(
        Enrolment.objects.filter(cohort=cohort).values_list("user__email", "role").iterator()
    )
    cohort_coaches = set(
        Enrolment.objects.filter(
            cohort=cohort,
            role=Enrolment.Role.COACH,
            status__in=(Enrolment.Status.ACTIVE, Enrolment.Status.INVITED),
        ).values_list("user__email", flat=True)
    )
    file_coaches = {r.email for r in rows if r.role == "coach" and not r.errors}
    org_coaches = organisation_coaches(cohort)
    known_coaches = cohort_coaches | file_coaches | org_coaches
    extra_coaches: set[str] = set()
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
        if row.coach_email and row.coach_email not in known_coaches:
            row.error(
                "coach email",
                _(
                    "unknown coach %(email)s: not a coach of your organisation's cohorts "
                    "or in this file"
                )
                % {"email": row.coach_email},
            )
        if row.errors:
            planned.outcome = ERROR
            continue
        if row.coach_email and row.coach_email not in cohort_coaches | file_coaches:
            extra_coaches.add(row.coach_email)
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
        planned.account_id = users.get(row.email)
        planned.outcome = ENROL_EXISTING if planned.account_id in insiders else INVITE
    if not plan.errors:
        plan.extra_coaches = sorted(extra_coaches)
    return plan


@collector_paused()
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


def _write(plan: ImportPlan, actor: User | None, progress: Progress | None = None) -> None:
    """Create the new accounts, the enrolments and the invitations; notify the people of the
    organisation who were enrolled at once.

    Runs inside the caller's transaction. ``progress(done, total)`` is called after each batch
    (rows of the file, counted twice: accounts, then enrolments).
    """
    to_enrol = [p.row for p in plan.rows if p.outcome in (INVITE, ENROL_EXISTING)]
    new_rows = [p.row for p in plan.rows if p.outcome == INVITE and p.account_id is None]
    total = len(new_rows) + len(to_enrol)
    done = 0
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    unusable = make_password(None)  # they choose a password when they accept the invitation
    people = {r.email: r for r in reversed(new_rows)}  # one account per email, first row wins
    for batch in batched(list(people.values()), BATCH):
        identity = [account_fields(r.email) for r in batch]
        insert_ignoring_duplicates(
            get_user_model(),
            [
                *identity[0],
                "first_name",
                "last_name",
                "password",
                "is_superuser",
                "is_staff",
                "is_active",
                "date_joined",
            ],
            [
                (
                    *ident.values(),
                    r.first_name,
                    r.last_name,
                    unusable,
                    False,
                    False,
                    True,
                    now,
                )
                for ident, r in zip(identity, batch, strict=True)
            ],
        )
        done += len(batch)
        if progress:
            progress(done, total)
    emails = {r.email for r in to_enrol} | {r.coach_email for r in to_enrol if r.coach_email}
    user_ids = user_ids_by_email(emails | set(plan.extra_coaches))
    # The school of each new account, on its LMS profile (no calendar key until they open
    # their calendar page; no row at all for people without a school).
    schooled = [(user_ids[r.email], r.school) for r in people.values() if r.school]
    for profiles in batched(schooled, BATCH):
        insert_ignoring_duplicates(Profile, ["user_id", "school"], profiles)
    invited_emails = {p.row.email for p in plan.rows if p.outcome == INVITE}
    invited, active = Enrolment.Status.INVITED, Enrolment.Status.ACTIVE
    columns = ["cohort_id", "user_id", "role", "status", "coach_id", "created_at", "updated_at"]
    for batch in batched(to_enrol, BATCH):
        insert_ignoring_duplicates(
            Enrolment,
            columns,
            [
                (
                    plan.cohort.pk,
                    user_ids[r.email],
                    r.role,
                    invited if r.email in invited_emails else active,
                    user_ids[r.coach_email] if r.coach_email else None,
                    now,
                    now,
                )
                for r in batch
            ],
        )
        done += len(batch)
        if progress:
            progress(done, total)
    extra_coach_ids = [user_ids[email] for email in plan.extra_coaches]
    insert_ignoring_duplicates(
        Enrolment,
        columns,
        [
            (plan.cohort.pk, pk, Enrolment.Role.COACH, active, None, now, now)
            for pk in extra_coach_ids
        ],
    )
    invited_ids = sorted({user_ids[email] for email in invited_emails})
    if invited_ids:
        create_invitations(actor=actor, cohort_id=plan.cohort.pk, user_ids=invited_ids)
    enrolled_ids = sorted(
        {user_ids[r.email] for r in to_enrol if r.email not in invited_emails}
        | set(extra_coach_ids)
    )
    notify_enrolled(cohort_id=plan.cohort.pk, user_ids=enrolled_ids)
    forget_dashboard(plan.cohort)
    # Cached access of the people enrolled at once is stale now (an invitation changes no
    # access until it is accepted).
    if enrolled_ids:
        transaction.on_commit(lambda: forget_access(enrolled_ids))
    record_audit_event(
        action=AuditAction.ENROLMENTS_IMPORTED,
        actor=actor,
        target=plan.cohort,
        detail={
            "invited": plan.count(INVITE),
            "enrolled": plan.count(ENROL_EXISTING),
            "unchanged": plan.count(UNCHANGED),
            "coaches_added": len(plan.extra_coaches),
        },
    )


# --- One person added by a form -----------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    email: str
    first_name: str
    last_name: str
    role: str
    school: str = ""
    coach_email: str = ""


@collector_paused()
def add_person(*, actor: User, cohort_id: int, person: PersonData) -> ImportPlan:
    """Add one person to a cohort the actor runs, by the roster's rules (the same checks and
    outcomes as a one-row file: people of the organisation are enrolled at once, everyone
    else is invited). Written at once, atomically; ``ImportRefused`` (with the plan, whose
    messages name the problems) writes nothing."""
    cohort = access_cohort_for_coordinator(user=actor, cohort_id=cohort_id)
    row = RosterRow(
        number=1,
        email=clean_cell(person.email, 254).lower(),
        first_name=clean_cell(person.first_name, 150),
        last_name=clean_cell(person.last_name, 150),
        role=clean_cell(person.role, 30).lower(),
        school=clean_cell(person.school, 200),
        coach_email=clean_cell(person.coach_email, 254).lower(),
    )
    check_row(row, {})
    plan = plan_rows(cohort=cohort, rows=[row])
    if plan.errors:
        raise ImportRefused(_("Nothing was saved."), plan)
    if plan.changes:
        with transaction.atomic():
            _write(plan, actor)
        plan.written = True
    return plan


# --- The upload page's import: preview, confirm, background write with progress ------------


def _row_summary(planned: PlannedRow) -> dict[str, Any]:
    row = planned.row
    return {
        "number": row.number,
        "email": row.email,
        "name": f"{row.first_name} {row.last_name}".strip(),
        "role": row.role,
        "coach": row.coach_email,
        "outcome": planned.outcome,
        "label": str(planned.label),
        "errors": [[column, str(message)] for column, message in row.errors],
    }


def _plan_summary(plan: ImportPlan) -> dict[str, Any]:
    return {
        "extra_coaches": plan.extra_coaches,
        "counts": {
            INVITE: plan.count(INVITE),
            ENROL_EXISTING: plan.count(ENROL_EXISTING),
            UNCHANGED: plan.count(UNCHANGED),
            ERROR: len(plan.errors),
        },
        "rows": [_row_summary(p) for p in plan.rows],
    }


def too_big_message(size: int) -> str:
    return _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(MAX_BYTES),
    }


@collector_paused()
def preview_import(*, actor: User, cohort_id: int, filename: str, data: bytes) -> ImportJob:
    """Check an uploaded roster and keep it for confirmation; writes no enrolment.

    Raises ``AccessDenied`` for a cohort the actor does not run and :class:`ImportRefused`
    when the file as a whole cannot be read (too big, too many rows, not CSV, no columns).
    """
    cohort = access_cohort_for_coordinator(user=actor, cohort_id=cohort_id)
    if len(data) > MAX_BYTES:
        raise ImportRefused(too_big_message(len(data)))
    try:
        plan = plan_import(cohort=cohort, data=data)
    except RosterFileError as exc:
        raise ImportRefused(str(exc)) from exc
    return ImportJob.objects.create(
        cohort=cohort,
        created_by=actor,
        filename=filename[:200],
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        total_rows=len(plan.rows),
        summary=_plan_summary(plan),
    )


@transaction.atomic
def confirm_import(*, actor: User, cohort_id: int, job_id: int) -> ImportJob:
    """Queue the previewed file for writing (in the background). Confirming twice queues it
    once; a file with errors cannot be confirmed."""
    job = access_import_job(user=actor, cohort_id=cohort_id, job_id=job_id)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEW:
        return job
    if job.summary.get("counts", {}).get(ERROR):
        raise ImportRefused(_("This file has errors. Correct them and upload it again."))
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    enqueue(kind="lms.roster_import", key=f"job:{job.pk}", payload={"job_id": job.pk})
    return job


@handler("lms.roster_import", long=True)
def _run_import_job(payload: dict[str, Any]) -> None:
    run_import_job(job_id=payload["job_id"])


@collector_paused()
def run_import_job(*, job_id: int) -> ImportJob:
    """Write a confirmed import. Idempotent: a finished job is left alone; an interrupted one
    (its transaction rolled back) runs again from the start and ends as one clean run would.
    If the cohort changed since the preview (seats taken, people enrolled), rows are planned
    again; new errors fail the job with their messages and write nothing."""
    job = ImportJob.objects.select_related("cohort", "created_by").get(pk=job_id)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED, ImportJob.Status.PREVIEW):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    cache.set(progress_key(job.pk), (0, job.total_rows), 3600)
    try:
        plan = plan_import(cohort=job.cohort, data=bytes(job.data))
    except RosterFileError as exc:
        return _fail(job, str(exc))
    if plan.errors:
        return _fail(job, "\n".join(plan.messages()))

    def progress(done: int, total: int) -> None:
        cache.set(
            progress_key(job.pk), (done * job.total_rows // max(total, 1), job.total_rows), 3600
        )

    with transaction.atomic():
        if plan.changes:
            _write(plan, job.created_by, progress)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.DONE,
            processed_rows=job.total_rows,
            summary=_plan_summary(plan),
            finished_at=timezone.now(),
        )
    cache.delete(progress_key(job.pk))
    job.refresh_from_db()
    return job


def _fail(job: ImportJob, message: str) -> ImportJob:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED, error=message[:20000], finished_at=timezone.now()
    )
    cache.delete(progress_key(job.pk))
    job.refresh_from_db()
    return job
