"""Reads of the roster import: who may import, which accounts and coaches a file names, and
a job's progress."""

from itertools import batched

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection

from ..exceptions import AccessDenied
from ..models import Cohort, Enrolment, ImportJob, OrganisationMembership
from ..people import User, email_is_username
from ..selectors import CURRENT, access_cohort_for_coordinator, is_programme_staff


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


def user_ids_by_email(emails: set[str]) -> dict[str, int]:
    """Account ids of these addresses (for thousands at once: plain SQL in chunks; the ORM's
    ``__in`` lookup spends close to a second preparing 10,000 parameters)."""
    quote = connection.ops.quote_name
    User = get_user_model()
    table = quote(User._meta.db_table)
    email = quote(User._meta.get_field("email").column or "email")
    pk = quote(User._meta.pk.column or "id")
    # Where the user model keeps addresses as typed and not unique (auth.User): compared
    # lower-cased, and the oldest account of an address wins (rows come newest first).
    exact = email_is_username()
    key = email if exact else f"LOWER({email})"
    order = "" if exact else f" ORDER BY {pk} DESC"
    found: dict[str, int] = {}
    ordered = sorted(emails)
    with connection.cursor() as cursor:
        for chunk in batched(ordered, 2000):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT {key}, {pk} FROM {table} WHERE {key} IN ({marks}){order}",  # noqa: S608
                chunk,
            )
            found.update(cursor.fetchall())
    return found


def organisation_insiders(cohort: Cohort, user_ids: list[int]) -> set[int]:
    """Which of these accounts belong to the cohort's organisation: its coordinators, and
    people with a current (active or completed) enrolment, in any role, in one of its cohorts
    (for a national cohort: in that cohort). Invitations not accepted yet count for nothing.
    Only they may be enrolled without their consent; everyone else is invited."""
    if not user_ids:
        return set()
    if cohort.organisation_id is None:
        in_cohorts = Enrolment.objects.filter(cohort=cohort)
        members: set[int] = set()
    else:
        in_cohorts = Enrolment.objects.filter(cohort__organisation_id=cohort.organisation_id)
        members = set(
            OrganisationMembership.objects.filter(
                organisation_id=cohort.organisation_id, user_id__in=user_ids
            ).values_list("user_id", flat=True)
        )
    current = in_cohorts.filter(user_id__in=user_ids, status__in=CURRENT)
    return members | set(current.values_list("user_id", flat=True).distinct())


def organisation_coaches(cohort: Cohort) -> set[str]:
    """Emails of the current coaches of the organisation's cohorts (this one included)."""
    if cohort.organisation_id is None:
        return set()
    return set(
        Enrolment.objects.filter(
            cohort__organisation_id=cohort.organisation_id,
            role=Enrolment.Role.COACH,
            status__in=CURRENT,
        ).values_list("user__email", flat=True)
    )


def progress_key(job_id: int) -> str:
    return f"lms:import:{job_id}:progress"


def job_progress(job: ImportJob) -> tuple[int, int]:
    """(rows written so far, rows to write) of a running job (kept in the cache: the write
    is one transaction, so the database shows nothing until it commits)."""
    if job.status == ImportJob.Status.DONE:
        return job.total_rows, job.total_rows
    value = cache.get(progress_key(job.pk))
    if value is None:
        return 0, job.total_rows
    return value


def access_import_job(*, user: User, cohort_id: int, job_id: int) -> ImportJob:
    cohort = access_cohort_for_coordinator(user=user, cohort_id=cohort_id)
    job = ImportJob.objects.filter(pk=job_id, cohort=cohort).first()
    if job is None:
        raise AccessDenied("import", job_id)
    job.cohort = cohort
    return job
