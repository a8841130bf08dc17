"""Coaching fixtures: a feedback thread between the world's participant and their coach."""

import pytest

from coaching.models import FeedbackThread

from .helpers import make_thread


def deliver_outbox() -> None:
    """Run the pending outbox items here (Celery is eager only in the embedded profile)."""
    from lms.outbox import due_item_ids, run_item

    for item_id in due_item_ids():
        run_item(item_id)


@pytest.fixture
def thread(world) -> FeedbackThread:
    return make_thread(world.users["participant"])
