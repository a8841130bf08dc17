"""Test-only outbox handlers and fault hooks, imported by the fault suite's Celery worker
(``CELERY_IMPORTS`` in ``tests.faults.settings``) and by the tests (so that ``enqueue``
knows the kinds).

Hooks act only in a subprocess started with ``FAULTS_GATE_DIR``: a file ``hold`` in that
directory makes ``faults.slow_email`` (and, with ``hold-import``, a roster import after its
first enrolment batch) wait, after writing a ``started``/``import-mid`` marker, so that the
test can kill the worker at a known point of the task.
"""

import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from lms import outbox
from lms.outbox import handler
from lms.roster import services as roster_services

GATE = Path(os.environ["FAULTS_GATE_DIR"]) if os.environ.get("FAULTS_GATE_DIR") else None


def _hold(flag: str, marker: str) -> None:
    if GATE is None or not (GATE / flag).exists():
        return
    (GATE / marker).write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while (GATE / flag).exists() and time.monotonic() < deadline:
        time.sleep(0.05)


@handler("faults.slow_email")
def slow_email(payload: dict[str, Any]) -> None:
    """An email whose handler blocks (while ``hold`` exists) before it sends."""
    _hold("hold", "started")
    outbox._send_email(payload)


@handler("faults.always_fails")
def always_fails(payload: dict[str, Any]) -> None:
    raise RuntimeError(f"the test service refuses item {payload['n']}")


if GATE is not None:
    # A killed attempt's lease runs out quickly, so the redelivered task may take it over.
    outbox.LEASE = timedelta(seconds=float(os.environ.get("FAULTS_LEASE", "2")))
    _insert = roster_services.insert_ignoring_duplicates

    def _insert_then_hold(model, columns, rows):  # type: ignore[no-untyped-def]
        _insert(model, columns, rows)
        if model._meta.model_name == "enrolment":
            _hold("hold-import", "import-mid")

    roster_services.insert_ignoring_duplicates = _insert_then_hold
