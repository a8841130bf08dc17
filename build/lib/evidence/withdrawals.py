"""What a withdrawn reviewer leaves behind: their open reviews go to another reviewer.

Connected to :data:`lms.signals.role_withdrawn`, which is sent inside the withdrawing
transaction, so the reviews move atomically with the withdrawal.
"""

import logging
from typing import Any

from django.db import transaction

from lms.live import notify_access_changed
from lms.models import Enrolment
from lms.selectors import CURRENT

from . import services
from .models import ReviewAssignment

logger = logging.getLogger(__name__)


@transaction.atomic
def release_open_reviews(*, enrolment: Enrolment) -> list[int]:
    """Take the withdrawn reviewer off their open reviews in the enrolment's programme (unless
    another current reviewer enrolment keeps them in it) and give each version to the least
    busy eligible reviewer (staff assign one when nobody is eligible). Completed reviews stay,
    they are the record. Returns the ids of the versions released."""
    programme_id = enrolment.cohort.programme_id
    still_reviews = (
        Enrolment.objects.filter(
            user_id=enrolment.user_id,
            role=Enrolment.Role.REVIEWER,
            status__in=CURRENT,
            cohort__programme_id=programme_id,
        )
        .exclude(pk=enrolment.pk)
        .exists()
    )
    if still_reviews:
        return []
    open_reviews = list(
        ReviewAssignment.objects.select_for_update()
        .filter(
            reviewer_id=enrolment.user_id,
            completed_at__isnull=True,
            version__submission__cohort__programme_id=programme_id,
        )
        .select_related("version", "version__submission", "version__submission__cohort")
    )
    for assignment in open_reviews:
        version, role = assignment.version, assignment.role
        assignment.delete()
        if services._auto_assign(version, role) is None:
            logger.info("evidence: version %s waits for staff to assign a reviewer", version.pk)
    if open_reviews:
        notify_access_changed([enrolment.user_id])
    return [a.version_id for a in open_reviews]


def _reviewer_withdrawn(sender: Any, enrolment: Enrolment, **kwargs: Any) -> None:
    if enrolment.role == Enrolment.Role.REVIEWER:
        release_open_reviews(enrolment=enrolment)


def connect_signals() -> None:
    from lms.signals import role_withdrawn

    role_withdrawn.connect(_reviewer_withdrawn, dispatch_uid="evidence.withdrawals", weak=False)
