"""Receivers of coaching: coaching's part of the demo."""

from typing import Any

from django.dispatch import receiver

from lms.models import Cohort
from lms.signals import demo_seeded


@receiver(demo_seeded, dispatch_uid="coaching.demo")
def _seed_demo(sender: Any, programme: Any, cohort: Cohort, users: dict, **kwargs: Any) -> None:
    from .demo import seed_coaching

    seed_coaching(cohort=cohort, users=users)
