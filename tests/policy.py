"""The authorization policy: every URL of the site, what each role gets.

``tests/test_authorization_matrix.py`` walks the URL resolver; a route without an entry here
fails the suite. Outcomes:

* ``ok``: 200; ``login``: redirect to the login page; ``redirect``: another redirect;
* ``404``: not found (also for objects the role may not see); ``405``: wrong method;
* ``403``: refused.

Groups of routes owned by a library (the Wagtail admin, documents) are covered by a prefix
entry with a representative request each.
"""

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


def _only(roles: tuple[str, ...] | list[str], outcome: str) -> dict[str, str]:
    return {role: outcome for role in roles}


def _module_path(w) -> str:
    return w.module.url


def _reflection(w) -> str:
    return f"/learn/modules/{w.module.pk}/reflection/"


def _progress(w) -> str:
    return f"/learn/modules/{w.module.pk}/progress/"


PARTICIPANTS = ("participant", "other_participant")

POLICY: dict[str, list[Check]] = {
    "healthz": [Check("GET", lambda w: "/healthz", "ok")],
    # Accounts
    "accounts:login": [Check("GET", lambda w: "/accounts/login/", "redirect", {"anonymous": "ok"})],
    "accounts:logout": [
        Check("POST", lambda w: "/accounts/logout/", "redirect"),
        Check("GET", lambda w: "/accounts/logout/", "405"),
    ],
    "accounts:profile": [
        Check("GET", lambda w: "/accounts/profile/", "ok", {"anonymous": "login"})
    ],
    "accounts:password_change": [
        Check("GET", lambda w: "/accounts/password/", "ok", {"anonymous": "login"})
    ],
    "accounts:password_reset": [Check("GET", lambda w: "/accounts/password/reset/", "ok")],
    "accounts:password_reset_done": [
        Check("GET", lambda w: "/accounts/password/reset/sent/", "ok")
    ],
    "accounts:password_reset_confirm": [
        Check("GET", lambda w: "/accounts/password/reset/MQ/forged-token/", "ok")
    ],
    "accounts:password_reset_complete": [
        Check("GET", lambda w: "/accounts/password/reset/complete/", "ok")
    ],
    # Participant pages
    "lms:dashboard": [Check("GET", lambda w: "/learn/dashboard/", "ok", {"anonymous": "login"})],
    "lms:save_reflection": [
        Check(
            "POST",
            _reflection,
            "404",
            {"anonymous": "login", **_only(PARTICIPANTS, "redirect")},
            data=lambda w: {"text": "My reflection"},
        ),
        Check(
            "POST",
            lambda w: f"/learn/modules/{w.module.pk + 999}/reflection/",
            "404",
            {"anonymous": "login"},
            data=lambda w: {"text": "forged id"},
        ),
        Check("GET", _reflection, "405"),
    ],
    "lms:set_progress": [
        Check(
            "POST",
            _progress,
            "404",
            {"anonymous": "login", **_only(PARTICIPANTS, "redirect")},
            data=lambda w: {"status": "completed"},
        ),
        Check(
            "POST",
            lambda w: f"/learn/modules/{w.module.pk + 999}/progress/",
            "404",
            {"anonymous": "login"},
            data=lambda w: {"status": "completed"},
        ),
        Check("GET", _progress, "405"),
    ],
    # Wagtail's page tree: the programme is public, modules are for people in the programme.
    "wagtail_serve": [
        Check("GET", lambda w: "/", "ok"),
        Check("GET", _module_path, "ok", {"anonymous": "login", "unenrolled": "404"}),
        Check("GET", lambda w: "/no-such-page/", "404"),
    ],
    # Wagtail's front-end helpers for private pages (none are used; forged ids give 404).
    "wagtailcore_authenticate_with_password": [
        Check("GET", lambda w: f"/_util/authenticate_with_password/999/{w.module.pk}/", "404"),
        Check(
            "POST",
            lambda w: f"/_util/authenticate_with_password/999/{w.module.pk}/",
            "404",
            data=lambda w: {"password": "guess"},
        ),
    ],
    "wagtailcore_login": [Check("GET", lambda w: "/_util/login/", "ok")],
    # Library-owned route groups.
    # Wagtail sends everyone who may not use the admin to its login page.
    "prefix:admin/": [
        Check("GET", lambda w: "/admin/", "login", _only(STAFF, "ok")),
        Check("GET", lambda w: "/admin/snippets/lms/standard/", "login", _only(STAFF, "ok")),
        Check("GET", lambda w: "/admin/cohorts/", "login", _only(STAFF, "ok")),
        Check(
            "GET", lambda w: "/admin/audit_log/", "login", {"superuser": "ok", "editor": "redirect"}
        ),
        Check(
            "GET",
            lambda w: "/admin/audit_log/edit/1/",
            "login",
            {"superuser": "redirect", "editor": "redirect"},
        ),
    ],
    "prefix:documents/": [Check("GET", lambda w: "/documents/999/missing.pdf", "404")],
}
