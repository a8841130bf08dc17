"""The badge's receivers: progress events check the criteria, edits forget the built
documents. Connected by ``EvidenceConfig.ready``."""

import logging
from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from lms.models import Standard
from lms.people import User
from lms.signals import module_completed

from ..models import Achievement, IssuerProfile
from ..signals import standard_proficient
from .issuer import bump_static_version
from .services import award_if_due

logger = logging.getLogger(__name__)


def _on_progress(sender: Any, user: User, **kwargs: Any) -> None:
    # Sent after the cause committed: a failure here must not turn the participant's (or the
    # reviewer's) finished request into an error page. The next progress event checks again.
    try:
        award_if_due(user_id=user.pk)
    except Exception:
        logger.exception("badge: could not check the criteria for user %s", user.pk)


def connect_signals() -> None:
    """Called from ``EvidenceConfig.ready``."""
    for model in (IssuerProfile, Achievement, Standard):
        post_save.connect(bump_static_version, sender=model, weak=False)
        post_delete.connect(bump_static_version, sender=model, weak=False)
    m2m_changed.connect(bump_static_version, sender=Achievement.alignments.through, weak=False)
    module_completed.connect(_on_progress, dispatch_uid="evidence.badges.module", weak=False)
    standard_proficient.connect(_on_progress, dispatch_uid="evidence.badges.standard", weak=False)
