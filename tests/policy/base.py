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
    # Issue #14: people whose role ended or never began (see ROLE_FALLBACK). Before the staff
    # roles: a check's requests run in this order, and staff requests may change the world
    # (e.g. move a cohort to the other organisation).
    "withdrawn_coach",
    "withdrawn_reviewer",
    "importing_coordinator",
    "editor",
    "superuser",
    "unenrolled",
)
SIGNED_IN = ALL_ROLES[1:]
#: Roles that get another role's outcome wherever a check does not name them: access derives
#: only from current enrolments, so a coach or reviewer withdrawn from the world's cohort
#: reaches exactly what someone never enrolled reaches; a coordinator of the other
#: organisation who imported the participant's existing account (an invitation, not yet
#: accepted) reaches exactly what the other organisation's coordinator reaches.
ROLE_FALLBACK = {
    "withdrawn_coach": "unenrolled",
    "withdrawn_reviewer": "unenrolled",
    "importing_coordinator": "other_coordinator",
}
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
        if role in self.outcomes:
            return self.outcomes[role]
        if role in ROLE_FALLBACK:
            return self.expected(ROLE_FALLBACK[role])
        return self.default


def only(roles: tuple[str, ...] | list[str], outcome: str) -> dict[str, str]:
    return {role: outcome for role in roles}


PARTICIPANTS = ("participant", "other_participant")
