"""Receivers of forums: forums for every new cohort."""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.models import Cohort


@receiver(post_save, sender=Cohort, dispatch_uid="forums.cohort_forums")
def _cohort_saved(
    sender: Any, instance: Cohort, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    from .services import ensure_forums

    ensure_forums(cohort=instance)
