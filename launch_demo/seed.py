"""``seed_demo``: the whole demo world, each app's part in order, in one transaction."""

from django.db import transaction

from .coaching_demo import seed_coaching
from .evidence_demo import award_due_badges, seed_evidence
from .forums_demo import seed_forums
from .lms_demo import DEMO_PASSWORD, seed_lms

__all__ = ["DEMO_PASSWORD", "seed_demo"]


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create the demo world where it is missing; running it again changes nothing. Returns
    the demo logins (email, what they are)."""
    world = seed_lms()
    seed_evidence(cohort=world.cohort, users=world.users)
    award_due_badges(users=world.users)
    seed_coaching(cohort=world.cohort, users=world.users)
    seed_forums(cohort=world.cohort, users=world.users)
    return world.logins
