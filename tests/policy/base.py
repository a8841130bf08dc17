"""Shared pieces of the policy table: roles, the Check record and small helpers."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALL_ROLES = (
    "anonymous",
    "participant",
    "other_participant",
    "coach",
    "other_coach",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "editor",
    "superuser",
    "unenrolled",
)
SIGNED_IN = ALL_ROLES[1:]
STAFF = ("editor", "superuser")


@dataclass
class Check:
    """One request and the outcome for each role (``default`` for the roles not named)."""

    method: str
    path: Callable[[Any], str]
    default: str
    outcomes: dict[str, str] = field(default_factory=dict)
    data: Callable[[Any], dict] | None = None

    def expected(self, role: str) -> str:
        return self.outcomes.get(role, self.default)


def only(roles: tuple[str, ...] | list[str], outcome: str) -> dict[str, str]:
    return {role: outcome for role in roles}


PARTICIPANTS = ("participant", "other_participant")
