"""Process heartbeats: /healthz says which processes are alive, and a restore refuses to run
beside a live one."""

import json
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from lms import heartbeats
from lms.backup import make_backup
from lms.models import ProcessHeartbeat


def _healthz() -> tuple[int, dict]:
    response = Client().get("/healthz")
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_healthz_counts_live_processes_and_fails_without_a_required_one(settings):
    heartbeats.beat("worker")
    dead = ProcessHeartbeat.objects.create(
        kind="beat", host="gone", pid=1, started_at=timezone.now(), seen_at=timezone.now()
    )
    ProcessHeartbeat.objects.filter(pk=dead.pk).update(
        seen_at=timezone.now() - timedelta(minutes=5)
    )
    status, body = _healthz()
    assert status == 200
    assert body["processes"]["alive"] == {"web": 0, "worker": 1, "beat": 0}

    settings.LAUNCH_HEALTHZ_REQUIRED_PROCESSES = ["worker", "beat"]
    status, body = _healthz()
    assert status == 503 and body["status"] == "degraded"
    assert body["processes"]["error"] == "no live beat"


@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_thread_keeps_its_row_fresh_and_removes_it_when_stopped(settings):
    settings.LAUNCH_HEARTBEAT_SECONDS = 0.05
    heartbeat = heartbeats.start("web")
    assert heartbeat is not None and heartbeats.start("web") is heartbeat
    try:
        deadline = time.monotonic() + 10
        seen = set()
        while len(seen) < 2 and time.monotonic() < deadline:
            seen.update(ProcessHeartbeat.objects.values_list("seen_at", flat=True))
            time.sleep(0.02)
        assert len(seen) >= 2, "the row was not refreshed"
        assert heartbeats.alive()["web"] == 1
    finally:
        heartbeat.stop()
    assert not ProcessHeartbeat.objects.exists()
    settings.LAUNCH_HEARTBEAT_SECONDS = 0
    assert heartbeats.start("web") is None


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_while_a_process_of_the_site_is_alive(tmp_path, pg_tools, site_files):
    backup = make_backup(tmp_path / "backups")
    heartbeats.beat("worker")
    with pytest.raises(CommandError, match=r"the site is running \(worker .*stop the web"):
        call_command("restore_site", str(backup), "--yes")
    # A process that stopped answering three intervals ago no longer counts.
    ProcessHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=2))
    call_command("restore_site", str(backup), "--yes")
