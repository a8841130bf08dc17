"""Policy entries for the routes of lms, accounts, Wagtail and the host site."""

from lms.models import ModuleProgress, Reflection

from .base import PARTICIPANTS, STAFF, Check, only

WATCHED = [Reflection, ModuleProgress]


def _module_path(w) -> str:
    return w.module.url


def _reflection(w) -> str:
    return f"/learn/modules/{w.module.pk}/reflection/"


def _progress(w) -> str:
    return f"/learn/modules/{w.module.pk}/progress/"


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
            {"anonymous": "login", **only(PARTICIPANTS, "redirect")},
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
            {"anonymous": "login", **only(PARTICIPANTS, "redirect")},
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
        Check("GET", lambda w: "/admin/", "login", only(STAFF, "ok")),
        Check("GET", lambda w: "/admin/snippets/lms/standard/", "login", only(STAFF, "ok")),
        Check("GET", lambda w: "/admin/cohorts/", "login", only(STAFF, "ok")),
        Check(
            "GET", lambda w: "/admin/audit_log/", "login", {"superuser": "ok", "editor": "redirect"}
        ),
        Check(
            "GET",
            lambda w: "/admin/audit_log/edit/1/",
            "login",
            {"superuser": "redirect", "editor": "redirect"},
        ),
        Check(
            "GET",
            lambda w: "/admin/parked-outbox/",
            "login",
            {"superuser": "ok", "editor": "redirect"},
        ),
        Check(
            "POST",
            lambda w: "/admin/parked-outbox/",
            "login",
            {"superuser": "redirect", "editor": "redirect"},
            data=lambda w: {"item": "1"},
        ),
    ],
    "prefix:documents/": [Check("GET", lambda w: "/documents/999/missing.pdf", "404")],
}
