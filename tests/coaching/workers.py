"""ASGI worker processes for the scale-out tests: uvicorn subprocesses on free ports, sharing
the test database (``DATABASE_URL`` pointed at it) and Redis (``REDIS_URL``)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url_for(name: str) -> str:
    """``DATABASE_URL`` with its database replaced by ``name`` (the test database)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"worker on port {port} did not start within {timeout} s")


@contextmanager
def asgi_workers(
    count: int,
    *,
    database_name: str,
    settings: str = "tests.settings",
    app: str = "tests.asgi:application",
) -> Iterator[list[str]]:
    """Start ``count`` uvicorn processes serving ``app`` (the test host's by default); yields
    their base URLs; stops them afterwards."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database_url_for(database_name),
        "WEB_CONCURRENCY": "1",
    }
    processes: list[tuple[int, subprocess.Popen]] = []
    try:
        for _ in range(count):
            port = free_port()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    app,
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--log-level",
                    "warning",
                    "--lifespan",
                    "off",
                ],
                cwd=ROOT,
                env=env,
            )
            processes.append((port, process))
        for port, process in processes:
            _wait_for_port(port, process)
        yield [f"http://127.0.0.1:{port}" for port, _ in processes]
    finally:
        for _port, process in processes:
            process.terminate()
        for _port, process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
