"""Celery worker faults on real processes: a worker killed mid-task, a task delivered twice,
a task that always fails, a crash between commit and publish. Each test ends by comparing
the outbox rows with the emails the workers really sent: nothing lost, nothing doubled."""

import textwrap
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from lms.models import OutboxItem
from lms.outbox import enqueue
from lms.tasks import run_outbox_item_task, sweep_outbox_task

from .conftest import Harness, wait_for

pytestmark = pytest.mark.scaleout

DONE, PENDING, PARKED = (
    OutboxItem.Status.DONE,
    OutboxItem.Status.PENDING,
    OutboxItem.Status.PARKED,
)


def record(kind: str, key: str, **payload) -> OutboxItem:
    """Record an email-like effect in a committed transaction (its first attempt is then
    handed to the broker, as in a request)."""
    with transaction.atomic():
        enqueue(
            kind=kind,
            key=key,
            payload={"to": [f"{key}@faults.example"], "subject": key, "text": key, **payload},
        )
    return OutboxItem.objects.get(kind=kind, key=key)


def status(item: OutboxItem) -> str:
    return OutboxItem.objects.get(pk=item.pk).status


def test_a_worker_killed_mid_task_gets_the_task_again_and_sends_once(faults: Harness):
    """SIGKILL while the handler runs: the task was not acknowledged (acks late), so the
    broker delivers it again to the next worker, which sends the email once."""
    (faults.gate / "hold").touch()
    worker = faults.start_worker()
    item = record("faults.slow_email", "killed-mid-task")
    assert wait_for(lambda: (faults.gate / "started").exists(), 30), faults.worker_logs()
    assert faults.kill(worker) == -9
    item.refresh_from_db()
    assert (item.status, item.attempts) == (PENDING, 1)
    assert faults.sent() == []

    (faults.gate / "hold").unlink()
    faults.start_worker()
    # No sweep here: the redelivery comes from the broker (visibility timeout).
    assert wait_for(lambda: status(item) == DONE, 45, 0.2), faults.worker_logs()
    item.refresh_from_db()
    assert item.attempts == 2
    assert faults.sent() == [("killed-mid-task@faults.example", "killed-mid-task")]


def test_the_same_task_delivered_twice_has_one_effect(faults: Harness):
    """Two workers; while the first runs the item, the same task (same task id) is delivered
    twice to the second, and once more after the first finished: one email, one attempt. The
    same business key recorded again is not a second item."""
    (faults.gate / "hold").touch()
    faults.start_workers(2, lease=120)
    item = record("faults.slow_email", "twice")
    assert wait_for(lambda: (faults.gate / "started").exists(), 30), faults.worker_logs()
    for _ in range(2):
        run_outbox_item_task.apply_async((item.pk,), task_id="faults-duplicate")

    def done_duplicates() -> int:
        return faults.log_count("[faults-duplicate] succeeded")

    assert wait_for(lambda: done_duplicates() == 2, 30), faults.worker_logs()
    assert status(item) == PENDING  # the first delivery still holds it
    (faults.gate / "hold").unlink()
    assert wait_for(lambda: status(item) == DONE, 30), faults.worker_logs()
    run_outbox_item_task.apply_async((item.pk,), task_id="faults-duplicate")
    record("faults.slow_email", "twice")  # the same (kind, key) again: ignored
    assert wait_for(lambda: done_duplicates() == 3, 30), faults.worker_logs()

    assert OutboxItem.objects.filter(key="twice").count() == 1
    item.refresh_from_db()
    assert (item.status, item.attempts) == (DONE, 1)
    assert faults.sent() == [("twice@faults.example", "twice")]


def failed_and_waiting(item: OutboxItem, attempts: int) -> bool:
    """The item's attempt number ``attempts`` failed and its back-off is recorded."""
    item = OutboxItem.objects.get(pk=item.pk)
    backoff = item.next_attempt_at > timezone.now() + timedelta(seconds=10)
    return item.attempts == attempts and backoff


def test_a_task_that_always_fails_is_parked_and_the_rest_keeps_flowing(faults: Harness):
    """LAUNCH_OUTBOX_MAX_ATTEMPTS is 3 in the fault settings: three failed attempts (the back-off
    is skipped by moving the item's due time), then it is parked with its error; emails
    recorded before, between and after are each sent once, and sweeps leave it parked."""
    faults.start_worker()
    failing = record("faults.always_fails", "fails", n=7)
    emails = [record("lms.email", f"flowing-{i}") for i in range(2)]
    for attempt in (2, 3):
        assert wait_for(lambda a=attempt: failed_and_waiting(failing, a - 1), 30), (
            faults.worker_logs()
        )
        OutboxItem.objects.filter(pk=failing.pk).update(next_attempt_at=timezone.now())
        emails.append(record("lms.email", f"flowing-{len(emails)}"))
        sweep_outbox_task.delay()  # what beat does every minute
    assert wait_for(lambda: status(failing) == PARKED, 30), faults.worker_logs()
    emails.append(record("lms.email", "after-parking"))
    OutboxItem.objects.filter(pk=failing.pk).update(next_attempt_at=timezone.now())
    sweep_outbox_task.apply_async(task_id="faults-sweep-parked")
    assert faults.ran("faults-sweep-parked")
    assert wait_for(
        lambda: OutboxItem.objects.filter(kind="lms.email", status=DONE).count() == len(emails),
        30,
    ), faults.worker_logs()

    failing.refresh_from_db()
    assert (failing.status, failing.attempts) == (PARKED, 3)
    assert failing.last_error == "RuntimeError: the test service refuses item 7"
    sent = sorted(faults.sent())
    assert sent == sorted((f"{e.key}@faults.example", e.key) for e in emails)
    assert not OutboxItem.objects.filter(kind="lms.email").exclude(attempts=1).exists()


CRASH_AFTER_COMMIT = textwrap.dedent(
    """
    import os
    from django.db import transaction
    from lms.outbox import enqueue_email

    with transaction.atomic():
        # Registered first, so it runs first after commit: the process dies before the
        # outbox's own on_commit hands the item to the broker.
        transaction.on_commit(lambda: os._exit(137))
        enqueue_email(key="crashed-before-publish", to=["crash@faults.example"],
                      subject="crashed-before-publish", text="t")
    """
)


def test_a_crash_between_commit_and_publish_is_delivered_by_the_sweep(faults: Harness):
    """The writer commits and dies before publishing: the item is pending with no attempt
    and no task ever reaches the worker; the sweep (run by the real worker) sends it once;
    further sweeps send nothing."""
    faults.start_worker()
    result = faults.run_python(CRASH_AFTER_COMMIT)
    assert result.returncode == 137, result.stderr
    item = OutboxItem.objects.get(key="crashed-before-publish")
    assert (item.status, item.attempts) == (PENDING, 0)
    assert not wait_for(lambda: faults.sent(), 2)  # nothing was published

    sweep_outbox_task.delay()
    assert wait_for(lambda: status(item) == DONE, 30), faults.worker_logs()
    for n in range(2):
        sweep_outbox_task.apply_async(task_id=f"faults-sweep-{n}")
    assert faults.ran("faults-sweep-0") and faults.ran("faults-sweep-1")
    item.refresh_from_db()
    assert item.attempts == 1
    assert faults.sent() == [("crash@faults.example", "crashed-before-publish")]
    assert OutboxItem.objects.filter(status=PENDING).count() == 0
