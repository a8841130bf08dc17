"""Every process of the scale-out profile says it is alive: a web process, a Celery worker and
beat, started for real, show in /healthz; a restore refuses to run beside them; stopped, none
is counted any more."""

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest
from django.db import connection

from lms import heartbeats
from lms.backup import BackupError, make_backup, restore_backup
from lms.models import ProcessHeartbeat

from .coaching.workers import ROOT, asgi_workers, database_url_for

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]


def _wait(condition, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not reached")


def test_web_worker_and_beat_heartbeats(tmp_path, monkeypatch, settings, pg_tools, site_files):
    backup = make_backup(tmp_path / "backups")
    monkeypatch.setenv("LAUNCH_HEARTBEAT_SECONDS", "0.2")
    settings.LAUNCH_HEARTBEAT_SECONDS = 0.2  # this process sends none, but judges with it
    name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_for(name),
        "LAUNCH_BEAT_SCHEDULE_FILE": str(tmp_path / "beat-schedule"),
    }
    celery = [sys.executable, "-m", "celery", "-A", "config"]
    # The demo host's processes (config.asgi, config.celery's signals) say they are alive.
    with asgi_workers(
        1, database_name=name, settings="config.settings.test", app="config.asgi:application"
    ) as (web,):
        processes = [
            subprocess.Popen(
                [*celery, "worker", "--pool", "solo", "-l", "warning", "--without-mingle"],
                cwd=ROOT,
                env=env,
            ),
            subprocess.Popen([*celery, "beat", "-l", "warning"], cwd=ROOT, env=env),
        ]
        try:

            def healthz() -> dict:
                with urllib.request.urlopen(f"{web}/healthz", timeout=10) as response:  # noqa: S310
                    return json.loads(response.read())

            alive = _wait(
                lambda: (
                    (a := healthz()["processes"]["alive"])
                    and a["web"] == 1
                    and a["worker"] == 1
                    and a["beat"] == 1
                    and a
                )
            )
            assert alive == {"web": 1, "worker": 1, "beat": 1}
            with pytest.raises(BackupError, match="the site is running"):
                restore_backup(backup)
            # Beat keeps its state where it was told, not in the working directory.
            assert _wait(lambda: list(tmp_path.glob("beat-schedule*")))
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
    # Stopped: the worker and beat removed their rows at exit; the web process (ended by the
    # signal uvicorn re-raises) is no longer counted three intervals later.
    assert not ProcessHeartbeat.objects.filter(kind__in=["worker", "beat"]).exists()
    _wait(lambda: not heartbeats.running(), timeout=10)
