"""Receivers of forums: forums for every new cohort, and forums' part of the demo."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.models import Cohort
from lms.signals import demo_seeded


@receiver(post_save, sender=Cohort, dispatch_uid="forums.cohort_forums")
def _cohort_saved(
    sender: Any, instance: Cohort, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    from .services import ensure_forums

    ensure_forums(cohort=instance)


@receiver(demo_seeded, dispatch_uid="forums.demo")
def _seed_demo(sender: Any, programme: Any, cohort: Cohort, users: dict, **kwargs: Any) -> None:
    from .demo import seed_forums

    with transaction.atomic():
        seed_forums(cohort=cohort, users=users)
