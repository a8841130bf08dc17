"""Shared pieces of the benchmarks: a prepared demo database, a pinned ASGI server, wrk."""

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK_SCRIPT = Path(__file__).with_name("wrk_report.lua")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_list() -> tuple[str, str]:
    """The cores for the server and for the load generator (separate when there are two)."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) >= 2:
        return str(cores[0]), str(cores[1])
    return str(cores[0]), str(cores[0])


@contextmanager
def pinned(core: str) -> Iterator[None]:
    """Run this process (the benchmark's own clients) on ``core`` only, then as before: the
    load generator must not take the server's core."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {int(core)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
        wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("The benchmarks need wrk: apt-get install wrk")
    return wrk


class DemoSite:
    """A throw-away embedded-profile database with the demo seeded."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="launch-bench-"))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SQLITE_PATH": str(self.dir / "bench.sqlite3"),
            "MEDIA_ROOT": str(self.dir / "media"),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("DATABASE_URL", None)
        self.env.pop("REDIS_URL", None)

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def prepare(self) -> None:
        self.manage("migrate", "--noinput")
        self.manage("seed_demo")

    def session_for(self, email: str) -> str:
        code = (
            "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
            "HASH_SESSION_KEY\n"
            "from django.contrib.sessions.backends.db import SessionStore\n"
            f"u = get_user_model().objects.get(email='{email}')\n"
            "s = SessionStore()\n"
            "s[SESSION_KEY] = str(u.pk)\n"
            "s[BACKEND_SESSION_KEY] = 'lms.accounts.backends.EmailBackend'\n"
            "s[HASH_SESSION_KEY] = u.get_session_auth_hash()\n"
            "s.save()\n"
            "print(s.session_key)\n"
        )
        return self.manage("shell", "-c", code).strip().splitlines()[-1]

    def first_module_path(self) -> str:
        code = (
            "from lms.models import ModulePage\n"
            "print(ModulePage.objects.live().order_by('path').first().url)"
        )
        return self.manage("shell", "-c", code).strip().splitlines()[-1]

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def asgi_server(site: DemoSite, core: str, workers: int = 1) -> Iterator[str]:
    """uvicorn serving the site on a free port, pinned to ``core``."""
    port = free_port()
    cmd = [
        "taskset",
        "-c",
        core,
        PYTHON,
        "-m",
        "uvicorn",
        "config.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--lifespan",
        "off",
        "--log-level",
        "warning",
        "--no-access-log",
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=site.env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the benchmark server did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wrk(url: str, *, core: str, seconds: int = 5, connections: int = 8, cookie: str = "") -> dict:
    cmd = [
        "taskset",
        "-c",
        core,
        ensure_wrk(),
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK_SCRIPT),
    ]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*cmd, url], check=True, capture_output=True, text=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("{"))
    return json.loads(line)


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def record(name: str, figures: dict) -> Path:
    """Write this run's figures as JSON and refresh the Markdown table of all runs."""
    results = Path(__file__).with_name("results")
    results.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = results / f"{stamp}-{name}.json"
    payload = {"benchmark": name, "run_at": stamp, "cores": os.cpu_count(), **figures}
    path.write_text(json.dumps(payload, indent=2) + "\n")
    write_table(results)
    return path


def write_table(results: Path) -> None:
    rows = []
    for path in sorted(results.glob("*.json")):
        data = json.loads(path.read_text())
        rows.append(
            f"| {data['run_at']} | {data['benchmark']} | {data.get('summary', '')} | "
            f"{'pass' if data.get('passed') else 'FAIL'} |"
        )
    # The test run's timings (measured by hand, see test-run.md) follow the benchmarks' table.
    test_run = results / "test-run.md"
    (results / "RESULTS.md").write_text(
        "# Benchmark results\n\nWritten by `make bench`; one JSON per run beside this file.\n\n"
        "| run (UTC) | benchmark | figures | goal |\n| --- | --- | --- | --- |\n"
        + "\n".join(rows)
        + "\n"
        + ("\n" + test_run.read_text() if test_run.exists() else "")
    )
