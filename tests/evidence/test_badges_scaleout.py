"""Scale-out (PostgreSQL + Redis, real Celery workers): a worker killed in the middle of the
issuance task, after the credential was committed and before the outbox item was marked done,
is replaced; the task runs again and there is still exactly one credential. A duplicate
delivery to the real worker changes nothing either."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from evidence.badges import services as badge_services
from evidence.badges import verification as badge_verification
from evidence.models import Credential
from lms.models import Enrolment, OutboxItem

from ..factories import UserFactory, enrol, make_cohort, make_module, make_programme
from .badge_helpers import make_earner

pytestmark = pytest.mark.scaleout

WORKER = textwrap.dedent(
    """
    import os, sys
    from datetime import timedelta

    import django

    django.setup()
    from lms import outbox

    outbox.LEASE = timedelta(seconds=1)  # a killed attempt may be taken over quickly
    from evidence.badges import services as badge_services
    from evidence.badges import verification as badge_verification

    real = outbox._HANDLERS[badge_services.ISSUE_KIND]
    marker = sys.argv[1]

    def crash_once(payload):
        real(payload)  # the credential is committed ...
        if not os.path.exists(marker):
            open(marker, "w").close()
            os._exit(137)  # ... and the worker dies before the item is marked done

    outbox._HANDLERS[badge_services.ISSUE_KIND] = crash_once
    from config.celery import app

    app.conf.update(broker_transport_options={"visibility_timeout": 3})
    app.worker_main(["worker", "--pool=solo", "--loglevel=INFO", "--without-gossip",
                     "--without-mingle", "--without-heartbeat"])
    """
)


@pytest.fixture
def eager_outbox():
    """Override evidence's conftest: here the outbox goes through Redis to real workers."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _start_worker(tmp_path: Path, marker: Path) -> subprocess.Popen:
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    log = open(tmp_path / f"worker-{time.monotonic_ns()}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, str(script), str(marker)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
    )


def _worker_logged(tmp_path: Path, text: str) -> bool:
    """Whether a worker's log (INFO: every task it finished) says ``text``."""
    return any(text in log.read_text() for log in tmp_path.glob("worker-*.log"))


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def test_a_worker_killed_mid_task_reruns_and_still_yields_one_credential(
    transactional_db, tmp_path
):
    from lms.tasks import run_outbox_item_task, sweep_outbox_task

    assert connection.vendor == "postgresql"
    programme = make_programme()
    make_module(programme, standards=[1])
    participant = UserFactory()
    enrol(participant, make_cohort(programme), Enrolment.Role.PARTICIPANT)
    make_earner(participant)
    marker = tmp_path / "crashed"
    first = _start_worker(tmp_path, marker)
    second = None
    try:
        badge_services.award_if_due(user_id=participant.pk)  # commits; the task goes to Redis
        assert first.wait(timeout=90) == 137, "the first worker should have been killed"
        assert marker.exists()
        item = OutboxItem.objects.get(kind=badge_services.ISSUE_KIND)
        assert item.status == OutboxItem.Status.PENDING and item.attempts == 1
        assert Credential.objects.filter(user=participant).count() == 1
        first_uuid = Credential.objects.get(user=participant).uuid

        second = _start_worker(tmp_path, marker)
        # The dead worker's lease (one second) runs out.
        assert _wait(
            lambda: OutboxItem.objects.get(pk=item.pk).next_attempt_at <= timezone.now(), 30
        )
        sweep_outbox_task.delay()  # what celery beat does every minute
        assert _wait(
            lambda: OutboxItem.objects.get(pk=item.pk).status == OutboxItem.Status.DONE, 60
        ), (tmp_path / "worker.py").read_text()
        assert OutboxItem.objects.get(pk=item.pk).attempts >= 2  # it really ran again
        # The same task delivered twice more to the real worker: nothing changes.
        again = [run_outbox_item_task.delay(item.pk).id for _ in range(2)]
        assert _wait(lambda: all(_worker_logged(tmp_path, f"[{i}] succeeded") for i in again), 60)
        assert Credential.objects.filter(user=participant).count() == 1
        credential = Credential.objects.get(user=participant)
        assert credential.uuid == first_uuid
        assert badge_verification.verify_credential(credential).valid
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
