"""The two profiles: embedded (SQLite WAL, in-memory layer, eager Celery) and scale-out."""

import os

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.embedded
def test_embedded_profile_uses_sqlite_wal_and_immediate_transactions(db):
    assert connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy = cursor.fetchone()[0]
    assert mode == "wal"
    assert synchronous == 1  # NORMAL
    assert busy >= 5000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith("InMemoryChannelLayer")
    assert settings.CELERY_TASK_ALWAYS_EAGER is True


@pytest.mark.scaleout
def test_scaleout_profile_uses_postgresql_and_redis(db):
    assert os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"), (
        "the scale-out suite must run with DATABASE_URL and REDIS_URL"
    )
    assert connection.vendor == "postgresql"
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith("RedisChannelLayer")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert settings.CELERY_BROKER_URL.startswith("redis://")


@pytest.mark.scaleout
def test_scaleout_celery_round_trip_through_a_real_worker(transactional_db):
    import time
    import uuid

    from celery.contrib.testing.worker import start_worker
    from django.core.cache import cache

    from config.celery import app
    from lms.tasks import ping_task

    token = uuid.uuid4().hex
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        ping_task.delay(token)
        deadline = time.monotonic() + 20
        while cache.get(f"celery-ping:{token}") != "pong" and time.monotonic() < deadline:
            time.sleep(0.1)
    assert cache.get(f"celery-ping:{token}") == "pong"
