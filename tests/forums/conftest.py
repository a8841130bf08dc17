"""Forums fixtures: the forums of the world's cohorts, and a topic to talk in."""

import pytest

from forums import services
from forums.models import Forum, Topic


def deliver_outbox() -> None:
    """Run the pending outbox items here (Celery is eager only in the embedded profile)."""
    from lms.outbox import due_item_ids, run_item

    for item_id in due_item_ids():
        run_item(item_id)


def cohort_forum(cohort) -> Forum:
    return Forum.objects.get(kind=Forum.Kind.COHORT, cohort=cohort)


def make_topic(world, *, role: str = "participant", cohort=None, **kwargs) -> Topic:
    forum = cohort_forum(cohort or world.cohort)
    defaults = {"title": "Attendance ideas", "body": "What works for you?"}
    defaults.update(kwargs)
    return services.create_topic(actor=world.users[role], forum_id=forum.pk, **defaults)


@pytest.fixture
def forum(world) -> Forum:
    return cohort_forum(world.cohort)


@pytest.fixture
def topic(world) -> Topic:
    return make_topic(world)
