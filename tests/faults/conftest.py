"""The fault suite's harness: real processes (Celery workers, a uvicorn web worker, a writer
that crashes) on the scale-out profile's PostgreSQL and Redis, started by
``tools/testenv.py run``; faults injected by SIGKILL and by stopping Redis.

Subprocesses use ``tests.faults.settings`` and the test database (pytest-django's
``test_...`` database, passed as ``DATABASE_URL``); emails they send are files in
``mail_dir``, which the tests compare with the outbox rows.
"""

from __future__ import annotations

import email
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.faults.settings"


def wait_for(condition: Callable[[], object], seconds: float, step: float = 0.1) -> bool:
    """Poll ``condition`` until it is true or ``seconds`` have passed; its last value."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redis_up(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Harness:
    """Starts, kills and restarts the processes of one fault test; cleans up after it."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.mail_dir = base / "mail"
        self.gate = base / "gate"
        self.private_root = base / "private"
        self.upload_tmp = base / "upload-tmp"
        self.logs = base / "logs"
        for d in (self.mail_dir, self.gate, self.private_root, self.upload_tmp, self.logs):
            d.mkdir()
        self.processes: list[subprocess.Popen] = []
        #: The uvicorn worker serving each base URL (see :meth:`start_web`).
        self.webs: dict[str, subprocess.Popen] = {}
        self.redis_port = int(os.environ["TESTENV_REDIS_PORT"])
        self._redis_stopped = False

    # --- processes ---------------------------------------------------------------------------

    def env(self, **extra: str) -> dict[str, str]:
        s = connection.settings_dict
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": (
                f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
            ),
            "PYTHONPATH": str(ROOT),
            "FAULTS_MAIL_DIR": str(self.mail_dir),
            "FAULTS_GATE_DIR": str(self.gate),
            "FAULTS_PRIVATE_ROOT": str(self.private_root),
            "FAULTS_UPLOAD_TMP": str(self.upload_tmp),
            "WEB_CONCURRENCY": "1",
            **extra,
        }

    def spawn(self, name: str, argv: list[str], **extra: str) -> tuple[subprocess.Popen, Path]:
        log_path = self.logs / f"{name}-{len(self.processes)}.log"
        log = open(log_path, "w")  # noqa: SIM115 (the child holds it)
        process = subprocess.Popen(
            argv, env=self.env(**extra), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        log.close()
        self.processes.append(process)
        return process, log_path

    def start_worker(self, timeout: float = 60, lease: float = 2) -> subprocess.Popen:
        """A real Celery worker (solo pool: the task runs in this very process) that has
        connected to the broker and is consuming. ``lease``: seconds an attempt holds its
        outbox item (5 minutes in production) before another delivery may take it over."""
        return self.start_workers(1, timeout=timeout, lease=lease)[0]

    def start_workers(
        self, count: int, timeout: float = 60, lease: float = 2
    ) -> list[subprocess.Popen]:
        """``count`` workers started together (see :meth:`start_worker`)."""
        started = [self._spawn_worker(lease) for _ in range(count)]
        for process, log in started:
            ok = wait_for(
                lambda p=process, lg=log: p.poll() is not None or " ready." in lg.read_text(),
                timeout,
            )
            if not ok or process.poll() is not None:
                raise RuntimeError(f"the worker did not start:\n{log.read_text()[-3000:]}")
        return [process for process, _ in started]

    def _spawn_worker(self, lease: float) -> tuple[subprocess.Popen, Path]:
        n = len(self.processes)
        return self.spawn(
            "worker",
            [
                sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                "--loglevel", "INFO", "--hostname", f"faults{n}@%h",
            ],
            FAULTS_LEASE=str(lease),
        )  # fmt: skip

    def start_web(self, timeout: float = 60) -> str:
        """A uvicorn ASGI worker serving the site; its base URL (its process: ``webs[url]``)."""
        port = _free_port()
        process, log = self.spawn(
            "web",
            [
                sys.executable, "-m", "uvicorn", "tests.asgi:application", "--host",
                "127.0.0.1", "--port", str(port), "--lifespan", "off", "--no-access-log",
            ],
        )  # fmt: skip

        def listening() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return True
            except OSError:
                return process.poll() is not None

        if not wait_for(listening, timeout) or process.poll() is not None:
            raise RuntimeError(f"the web worker did not start:\n{log.read_text()[-3000:]}")
        base = f"http://127.0.0.1:{port}"
        self.webs[base] = process
        return base

    def run_python(self, code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run ``code`` in a fresh Django process with the fault settings."""
        return subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            env=self.env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    @staticmethod
    def kill(process: subprocess.Popen) -> int:
        """SIGKILL: no cleanup, no acknowledgement, no rollback by the process itself."""
        os.kill(process.pid, signal.SIGKILL)
        return process.wait(timeout=30)

    def worker_logs(self, tail: int = 4000) -> str:
        """The subprocesses' logs (the last ``tail`` characters of each; 0: all of it)."""
        return "\n".join(
            f"== {p.name}\n{p.read_text()[-tail:]}" for p in sorted(self.logs.iterdir())
        )

    def ran(self, task_id: str, timeout: float = 30) -> bool:
        """Wait until a worker has finished the task sent with ``task_id``."""
        return wait_for(lambda: self.log_count(f"[{task_id}] succeeded") > 0, timeout)

    def log_count(self, text: str) -> int:
        """How often ``text`` occurs in all the subprocesses' logs."""
        return sum(p.read_text().count(text) for p in self.logs.iterdir())

    # --- the broker ----------------------------------------------------------------------------

    def stop_redis(self) -> None:
        self._redis_stopped = True
        subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), "shutdown", "nosave"],
            capture_output=True,
            check=False,
        )
        assert wait_for(lambda: not _redis_up(self.redis_port), 10), "Redis did not stop"

    def start_redis(self) -> None:
        server = os.environ.get("TESTENV_REDIS_SERVER", "redis-server")
        cmd = f"{shlex.quote(server)} --port {self.redis_port} --bind 127.0.0.1"
        subprocess.run(
            [*shlex.split(cmd), "--save", "", "--appendonly", "no", "--daemonize", "yes"],
            capture_output=True,
            check=True,
            cwd=self.base,
        )
        assert wait_for(lambda: _redis_up(self.redis_port), 15), "Redis did not restart"
        self._redis_stopped = False

    # --- what was sent -------------------------------------------------------------------------

    def sent(self) -> list[tuple[str, str]]:
        """(recipient, subject) of every email the subprocesses sent, one entry per message."""
        out = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_text().split("-" * 79 + "\n"):
                if chunk.strip():
                    message = email.message_from_string(chunk)
                    out.append((str(message["To"]), str(message["Subject"])))
        return out

    # --- cleanup -------------------------------------------------------------------------------

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                # Workers are idle by now (nothing unacknowledged): no need for a warm shutdown.
                process.kill()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
        if self._redis_stopped or not _redis_up(self.redis_port):
            self.start_redis()
        for flag in self.gate.iterdir():
            flag.unlink()


@pytest.fixture
def faults(transactional_db, tmp_path) -> Iterator[Harness]:
    """The harness of one fault test (PostgreSQL and Redis from ``tools/testenv.py``)."""
    assert connection.vendor == "postgresql", "fault tests run under tools/testenv.py run"
    import tests.faults.handlers  # noqa: F401 (the test kinds must be known to enqueue)
    from config.celery import app

    app.control.purge()  # tasks other scale-out tests left waiting (no worker ran them)
    harness = Harness(tmp_path)
    try:
        yield harness
    finally:
        harness.close()
