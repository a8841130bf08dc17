"""Builders for the badge tests (also used by tests/policy/credentials.py and the e2e test)."""

import json
from typing import Any

from evidence.badges import issuer as badge_issuer
from evidence.badges import services as badge_services
from evidence.models import Achievement, Credential
from lms.models import (
    ModulePage,
    ModuleProgress,
    RubricLevel,
    Standard,
    StandardProgress,
    User,
)
from lms.services import record_proficiency


def completion() -> Achievement:
    return Achievement.objects.get(slug=badge_services.COMPLETION_SLUG)


def complete_modules(user: User) -> None:
    for module in ModulePage.objects.live():
        ModuleProgress.objects.update_or_create(
            user=user, module=module, defaults={"status": ModuleProgress.Status.COMPLETED}
        )


def make_proficient(user: User, numbers: range | list[int] = range(1, 11)) -> None:
    for standard in Standard.objects.filter(number__in=list(numbers)):
        record_proficiency(user=user, standard=standard, level=RubricLevel.PROFICIENT)


def make_earner(user: User) -> User:
    """``user`` meets the LAUNCH! completion criteria (all modules, all ten standards)."""
    complete_modules(user)
    make_proficient(user)
    return user


def issue_for(user: User, achievement: Achievement | None = None, **kwargs: Any) -> Credential:
    """The credential of an earner (made one first), issued directly."""
    achievement = achievement or completion()
    make_earner(user)
    # Tests roll the database back, not the process's memo of issuer and achievement JSON.
    badge_issuer.bump_static_version()
    credential = badge_services.issue_credential(
        user_id=user.pk, achievement_id=achievement.pk, **kwargs
    )
    assert credential is not None
    return credential


def document(credential: Credential) -> dict[str, Any]:
    return json.loads(credential.document)


def proficient_ids(user: User) -> set[int]:
    return set(StandardProgress.objects.filter(user=user).values_list("standard_id", flat=True))
