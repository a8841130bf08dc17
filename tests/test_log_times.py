"""Log lines carry UTC time stamps, whatever the server's zone: the site's LOGGING formatter and
the handlers Celery sets up in workers and beat (config.celery)."""

import logging
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# 2027-01-01T02:30:00.250Z, formatted by each formatter in a process whose zone is New York.
CODE = """
import logging, logging.config
import django
django.setup()
from django.conf import settings
from config.celery import _utc_log_times
from celery.app.log import TaskFormatter

record = logging.LogRecord("lms", logging.INFO, "x.py", 1, "hello", None, None)
record.created, record.msecs = 1798770600.25, 250.0
logging.config.dictConfig(settings.LOGGING)
print(logging.getLogger().handlers[0].formatter.format(record))
celery_logger = logging.Logger("celery-like")
handler = logging.StreamHandler()
handler.setFormatter(TaskFormatter("[%(asctime)s: %(levelname)s] %(message)s"))
celery_logger.addHandler(handler)
_utc_log_times(logger=celery_logger)
print(handler.formatter.format(record))
"""


def test_log_time_stamps_are_utc_in_a_server_on_another_zone() -> None:
    env = dict(os.environ, TZ="America/New_York", DJANGO_SETTINGS_MODULE="config.settings.test")
    result = subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    site, celery = result.stdout.splitlines()[-2:]
    assert site == "2027-01-01T02:30:00.250Z INFO lms hello"
    assert celery == "[2027-01-01T02:30:00.250Z: INFO] hello"


def test_the_site_formatter_is_the_utc_one() -> None:
    from config.settings import base  # the demo host's settings (the tests run on their own)

    assert base.LOGGING["formatters"]["plain"]["()"] == "config.logs.UTCFormatter"
    from config.logs import UTCFormatter

    assert isinstance(UTCFormatter("%(asctime)s"), logging.Formatter)
