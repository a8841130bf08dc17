"""Process heartbeats: every web process, Celery worker and beat says it is alive.

Each process starts :func:`start` once (``config.asgi`` for web, Celery's ``worker_ready`` and
``beat_init`` signals for the others). A daemon thread upserts the process's row every
``LAUNCH_HEARTBEAT_SECONDS`` (default 10; 0 turns heartbeats off, as the tests do) and removes
it at a clean exit (workers and beat; uvicorn ends its processes by re-raising the stop signal,
so a web process's row simply expires three intervals later). :func:`alive` is what
``/healthz`` reports and :func:`running` what ``restore_site`` refuses to run beside.
"""

import atexit
import contextlib
import logging
import os
import socket
import threading
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from .conf import conf
from .models import ProcessHeartbeat

logger = logging.getLogger(__name__)

_started: dict[str, "Heartbeat"] = {}
_lock = threading.Lock()


def interval() -> float:
    return float(conf.LAUNCH_HEARTBEAT_SECONDS)


def stale_after() -> timedelta:
    """A process not heard from for three intervals is taken for dead (three of the default
    10 s where this process itself sends none)."""
    return timedelta(seconds=3 * (interval() or 10))


def beat(kind: str, *, started_at=None) -> None:  # type: ignore[no-untyped-def]
    """Record that this process (of ``kind``) is alive now."""
    now = timezone.now()
    ProcessHeartbeat.objects.update_or_create(
        kind=kind,
        host=socket.gethostname(),
        pid=os.getpid(),
        defaults={"seen_at": now},
        create_defaults={"seen_at": now, "started_at": started_at or now},
    )


def stop(kind: str) -> None:
    """This process is exiting: forget its row."""
    ProcessHeartbeat.objects.filter(kind=kind, host=socket.gethostname(), pid=os.getpid()).delete()


class Heartbeat:
    """A running heartbeat thread; :meth:`stop` ends it and removes the process's row."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.started_at = timezone.now()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{kind}", daemon=True)

    def _run(self) -> None:
        while not self._done.is_set():
            try:
                beat(self.kind, started_at=self.started_at)
            except Exception:  # a database hiccup must never end the process's heartbeat
                logger.warning("heartbeat of %s failed; retrying", self.kind, exc_info=True)
            finally:
                connection.close()  # never hold a connection between beats
            self._done.wait(interval())

    def stop(self) -> None:
        self._done.set()
        self._thread.join(timeout=5)
        # Exiting anyway: a row left behind expires by itself.
        with contextlib.suppress(Exception):
            stop(self.kind)
            connection.close()
        with _lock:
            _started.pop(self.kind, None)


def start(kind: str) -> Heartbeat | None:
    """Start this process's heartbeat thread (once per kind); None when heartbeats are off."""
    if interval() <= 0:
        return None
    with _lock:
        if kind in _started:
            return _started[kind]
        heartbeat = _started[kind] = Heartbeat(kind)
    heartbeat._thread.start()
    atexit.register(heartbeat.stop)
    return heartbeat


def alive() -> dict[str, int]:
    """How many processes of each kind were heard from recently."""
    since = timezone.now() - stale_after()
    counts = {kind: 0 for kind in ProcessHeartbeat.Kind.values}
    for kind in ProcessHeartbeat.objects.filter(seen_at__gte=since).values_list("kind", flat=True):
        counts[kind] += 1
    return counts


def running() -> list[ProcessHeartbeat]:
    """The processes heard from recently, newest first."""
    since = timezone.now() - stale_after()
    return list(ProcessHeartbeat.objects.filter(seen_at__gte=since).order_by("-seen_at"))
