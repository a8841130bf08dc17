"""A roster import interrupted by a killed worker and run again ends exactly as one clean
run: the same people, enrolments, invitations and emails as the same file imported
without a fault into another cohort; none lost, none twice."""

import pytest

from lms.models import (
    Enrolment,
    ImportJob,
    Invitation,
    Organisation,
    OutboxItem,
    User,
)
from lms.roster.services import confirm_import, preview_import, run_import_job
from lms.tasks import run_outbox_item_task

from ..factories import UserFactory, make_cohort, make_coordinator, make_programme
from .conftest import Harness, wait_for

pytestmark = pytest.mark.scaleout

HEADER = "email,first name,last name,role,school,coach email\r\n"
ROWS = 1100  # more than one write batch (1,000): the worker dies between two batches


def roster(prefix: str) -> bytes:
    coach = f"{prefix}-coach@faults.example"
    rows = [
        f"{coach},Casey,Coach,coach,Hub,",
        f"{prefix}-old@faults.example,Olive,Account,participant,Oak,",  # has an account
    ]
    rows += [
        f"{prefix}-{i}@faults.example,First{i},Last{i},participant,School {i % 7},"
        + (coach if i % 3 == 0 else "")
        for i in range(ROWS)
    ]
    return (HEADER + "\r\n".join(rows) + "\r\n").encode()


def state(faults: Harness, cohort, prefix: str) -> dict[str, list]:
    """Everything the import of ``prefix``'s file made, with the prefix and the cohort's
    name taken out, as sorted lists (so that a doubled row shows)."""

    def strip(text: str | None) -> str | None:
        return text.replace(f"{prefix}-", "", 1) if text else text

    return {
        "enrolments": sorted(
            (strip(email), role, status, strip(coach))
            for email, role, status, coach in Enrolment.objects.filter(cohort=cohort).values_list(
                "user__email", "role", "status", "coach__email"
            )
        ),
        "users": sorted(
            (strip(email), *rest)
            for email, *rest in User.objects.filter(email__startswith=f"{prefix}-").values_list(
                "email", "first_name", "last_name", "launch_profile__school", "is_active"
            )
        ),
        "invitations": sorted(
            (strip(email), status, sent)
            for email, status, sent in Invitation.objects.filter(
                enrolment__cohort=cohort
            ).values_list("enrolment__user__email", "status", "sent_count")
        ),
        "emails": sorted(
            (strip(to), subject.replace(cohort.name, "COHORT"))
            for to, subject in faults.sent()
            if to.startswith(f"{prefix}-")
        ),
        "outbox": sorted(
            (kind, status, attempts > 0)
            for kind, status, attempts in OutboxItem.objects.filter(
                key__contains=f"cohort:{cohort.pk}:"
            ).values_list("kind", "status", "attempts")
        ),
    }


def test_an_import_killed_mid_write_and_run_again_equals_one_clean_run(faults: Harness):
    org = Organisation.objects.create(name="District", kind="district")
    programme = make_programme()
    coordinator = make_coordinator(org)
    cohort_a = make_cohort(programme, org, name="Interrupted", seat_limit=5000)
    cohort_b = make_cohort(programme, org, name="Clean", seat_limit=5000)
    for prefix in "ab":
        UserFactory(
            email=f"{prefix}-old@faults.example",
            first_name="Olive",
            last_name="Account",
            school="Oak",
        )

    (faults.gate / "hold-import").touch()
    worker = faults.start_worker()
    job_a = preview_import(
        actor=coordinator, cohort_id=cohort_a.pk, filename="a.csv", data=roster("a")
    )
    confirm_import(actor=coordinator, cohort_id=cohort_a.pk, job_id=job_a.pk)
    assert wait_for(lambda: (faults.gate / "import-mid").exists(), 60), faults.worker_logs()
    assert faults.kill(worker) == -9  # 1,000 enrolments written, not committed
    job_a.refresh_from_db()
    assert job_a.status == ImportJob.Status.RUNNING
    assert not Enrolment.objects.filter(cohort=cohort_a).exists()
    assert User.objects.filter(email__startswith="a-").count() == 1  # only the old account
    assert faults.sent() == []

    (faults.gate / "hold-import").unlink()
    faults.start_worker()  # the broker delivers the unacknowledged import again
    assert wait_for(
        lambda: ImportJob.objects.get(pk=job_a.pk).status == ImportJob.Status.DONE, 90, 0.5
    ), faults.worker_logs()
    item_a = OutboxItem.objects.get(kind="lms.roster_import", key=f"job:{job_a.pk}")
    assert item_a.attempts == 2 and item_a.status == OutboxItem.Status.DONE

    job_b = preview_import(
        actor=coordinator, cohort_id=cohort_b.pk, filename="b.csv", data=roster("b")
    )
    confirm_import(actor=coordinator, cohort_id=cohort_b.pk, job_id=job_b.pk)
    assert wait_for(
        lambda: ImportJob.objects.get(pk=job_b.pk).status == ImportJob.Status.DONE, 90, 0.5
    ), faults.worker_logs()
    assert wait_for(
        lambda: not OutboxItem.objects.exclude(status=OutboxItem.Status.DONE).exists(), 90, 0.5
    ), faults.worker_logs()

    interrupted = state(faults, cohort_a, "a")
    assert interrupted == state(faults, cohort_b, "b")
    assert len(interrupted["enrolments"]) == ROWS + 2
    assert len(interrupted["emails"]) == ROWS + 2  # ROWS + 1 invitations, 1 "enrolled"

    # The finished job delivered again, or run again by hand, writes nothing.
    run_outbox_item_task.apply_async((item_a.pk,), task_id="faults-import-again")
    assert run_import_job(job_id=job_a.pk).status == ImportJob.Status.DONE
    assert faults.ran("faults-import-again")
    assert state(faults, cohort_a, "a") == interrupted
