"""Evidence tests keep their files in a temporary private root."""

import pytest


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    root = tmp_path / "private"
    settings.LAUNCH_PRIVATE_MEDIA_ROOT = root
    return root


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture(autouse=True)
def eager_outbox():
    """Run outbox items inline in both profiles: these tests read the emails evidence sends
    (delivery itself, retries and parking are the outbox's own tests)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
