"""The plugin's settings: each declared once, with its default and a one-line doc.

Every setting a LAUNCH! app reads is a ``LAUNCH_*`` Django setting declared in that app's
``conf.py`` (this module for lms) and read as an attribute of the app's ``conf`` object::

    from lms.conf import conf

    conf.LAUNCH_OUTBOX_MAX_ATTEMPTS

Each attribute is looked up in ``django.conf.settings`` when it is read, so
``override_settings`` and pytest-django's ``settings`` fixture work. The names the apps used
before the prefix keep working for one release: when only the old name is set, its value is
used and a :class:`DeprecationWarning` names the new one (once per name), and the system check
``lms.W001`` lists them. ``docs/settings.md`` is generated from these declarations
(``python manage.py settings_reference``) and a test keeps it in step.
"""

import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "LAUNCH_"

#: Every app's declarations, by app label, as their ``conf`` modules are imported.
_REGISTRY: dict[str, "AppSettings"] = {}
#: Old names already warned about in this process.
_warned: set[str] = set()


@dataclass(frozen=True)
class Setting:
    """One setting: its ``LAUNCH_`` name, default, one-line doc and the name it replaces.

    ``default`` is a value, or a function of no arguments called at each read when the
    default depends on other settings; ``default_doc`` says what that function returns, or
    glosses a plain value (``64 MB``), in docs/settings.md.
    """

    name: str
    default: Any
    doc: str
    old_name: str | None = None
    default_doc: str | None = None

    def __post_init__(self) -> None:
        if not self.name.startswith(PREFIX):
            raise ValueError(f"{self.name}: plugin settings are named {PREFIX}...")

    def is_set(self) -> bool:
        """Whether the host sets this setting (under its name or its old one)."""
        return hasattr(settings, self.name) or bool(
            self.old_name and hasattr(settings, self.old_name)
        )

    def value(self) -> Any:
        if hasattr(settings, self.name):
            return getattr(settings, self.name)
        if self.old_name and hasattr(settings, self.old_name):
            if self.old_name not in _warned:
                _warned.add(self.old_name)
                warnings.warn(
                    f"The setting {self.old_name} is deprecated: rename it {self.name} "
                    "(the old name stops working in the next release).",
                    DeprecationWarning,
                    stacklevel=3,
                )
            return getattr(settings, self.old_name)
        return self.default() if callable(self.default) else self.default

    def shown_default(self) -> str:
        if callable(self.default):
            return self.default_doc or "computed"
        shown = f"`{self.default!r}`"
        return f"{shown} ({self.default_doc})" if self.default_doc else shown


class AppSettings:
    """An app's settings, read by attribute (``conf.LAUNCH_X``) from the Django settings."""

    def __init__(self, app: str, *declared: Setting) -> None:
        self.app = app
        self._declared = {s.name: s for s in declared}
        if len(self._declared) != len(declared):
            raise ValueError(f"{app}: a setting is declared twice")
        _REGISTRY[app] = self

    def __getattr__(self, name: str) -> Any:
        try:
            setting = self.__dict__["_declared"][name]
        except KeyError:
            raise AttributeError(f"{self.__dict__.get('app')} declares no setting {name}") from None
        return setting.value()

    def __iter__(self) -> Iterator[Setting]:
        return iter(self._declared.values())

    def __getitem__(self, name: str) -> Setting:
        return self._declared[name]


def declared() -> list[AppSettings]:
    """Every installed app's declarations (imports each app's ``conf`` module, as the admin
    imports ``admin`` modules), in the order of ``INSTALLED_APPS``."""
    from django.apps import apps
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("conf")
    return [_REGISTRY[c.label] for c in apps.get_app_configs() if c.label in _REGISTRY]


def beside_media_root(name: str, *, setting: str) -> Path:
    """``name`` in the folder holding ``MEDIA_ROOT``: the default of the plugin's private
    folders, never inside ``MEDIA_ROOT`` itself (which the web server may serve)."""
    media = str(getattr(settings, "MEDIA_ROOT", "") or "")
    if not media:
        raise ImproperlyConfigured(f"Set {setting} (it defaults to a folder beside MEDIA_ROOT).")
    return Path(media).parent / name


def _beside_media(name: str, setting: str) -> Callable[[], Path]:
    return lambda: beside_media_root(name, setting=setting)


def reference_markdown() -> str:
    """``docs/settings.md``: every declared setting, by app (``manage.py settings_reference``)."""
    lines = [
        "# Settings",
        "",
        "Every setting of the LAUNCH! apps, with its default. Each app declares its own in",
        "`<app>/conf.py`; this page is generated from them (`python manage.py",
        "settings_reference > docs/settings.md`) and a test fails when it is out of date.",
        "The names in the last column are the ones used before the `LAUNCH_` prefix: they still",
        "work for one release, with a deprecation warning (and the system check `lms.W001`).",
        "Environment variables of the demo host (`config/settings/`) are in",
        "[deploy.md](deploy.md).",
        "",
        "System checks (`manage.py check`, and `check --deploy` for the last three) say what a",
        "host must set:",
        "",
        "| check | when |",
        "| --- | --- |",
        "| `lms.E002` | `WAGTAILADMIN_BASE_URL` is not set (links in emails and credentials) |",
        "| `lms.E003` | no folder for private uploads: neither `LAUNCH_PRIVATE_MEDIA_ROOT` nor "
        "`MEDIA_ROOT` |",
        "| `lms.E004` | `LAUNCH_PRIVATE_MEDIA_ROOT` is inside `MEDIA_ROOT` |",
        "| `lms.W001` | a setting is still set under its old name |",
        "| `lms.W002` | `LAUNCH_PRIVATE_MEDIA_ROOT` is not set (deploy) |",
        "| `evidence.W001` | `DEBUG` is off and no issuer key is configured (deploy) |",
        "| `evidence.W002` | `DEBUG` is off and the development key fallback is on (deploy) |",
        "",
    ]
    for app in declared():
        lines += [
            f"## {app.app}",
            "",
            "| setting | default | what it does | old name |",
            "| --- | --- | --- | --- |",
        ]
        for s in app:
            old = f"`{s.old_name}`" if s.old_name else ""
            lines.append(f"| `{s.name}` | {s.shown_default()} | {s.doc} | {old} |")
        lines.append("")
    return "\n".join(lines)


def beside_media_doc(name: str) -> str:
    """How a default made by :func:`beside_media_root` reads in docs/settings.md."""
    return f"`<parent of MEDIA_ROOT>/{name}`"


conf = AppSettings(
    "lms",
    Setting(
        "LAUNCH_BASE_TEMPLATE",
        "lms/chrome.html",
        "The host's template that `lms/base.html` extends (blocks: title, description, "
        "extra_head, content, extra_js); the default is the packaged shell.",
    ),
    Setting(
        "LAUNCH_PRIVATE_MEDIA_ROOT",
        _beside_media("private", "LAUNCH_PRIVATE_MEDIA_ROOT"),
        "Folder of private uploads (evidence files), outside `MEDIA_ROOT`; never serve it.",
        old_name="PRIVATE_MEDIA_ROOT",
        default_doc=beside_media_doc("private"),
    ),
    Setting(
        "LAUNCH_INVITATION_MAX_AGE_DAYS",
        14,
        "Days an invitation link stays valid.",
        old_name="INVITATION_MAX_AGE_DAYS",
    ),
    Setting(
        "LAUNCH_CALENDAR_UID_DOMAIN",
        "",
        "Domain in calendar event UIDs; empty: the request's host.",
        old_name="LMS_CALENDAR_UID_DOMAIN",
    ),
    Setting(
        "LAUNCH_DASHBOARD_SUMMARY_TTL",
        60,
        "Seconds the cohort dashboard's summary cards may be reused from the cache.",
        old_name="LMS_DASHBOARD_SUMMARY_TTL",
    ),
    Setting(
        "LAUNCH_OUTBOX_MAX_ATTEMPTS",
        5,
        "Attempts before an outbox item (email, push, issuance) is parked for staff.",
        old_name="OUTBOX_MAX_ATTEMPTS",
    ),
    Setting(
        "LAUNCH_OUTBOX_EAGER_THREADS",
        False,
        "With eager Celery, run long effects (roster imports) in a thread, not inline.",
        old_name="OUTBOX_EAGER_THREADS",
    ),
    Setting(
        "LAUNCH_LOGIN_RATE_LIMIT",
        10,
        "Failed logins per account from one address before a cool-down.",
        old_name="LOGIN_RATE_LIMIT",
    ),
    Setting(
        "LAUNCH_LOGIN_RATE_LIMIT_PER_ADDRESS",
        50,
        "Failed logins from one address, all accounts together, before a cool-down.",
        old_name="LOGIN_RATE_LIMIT_PER_ADDRESS",
    ),
    Setting(
        "LAUNCH_LOGIN_RATE_WINDOW_SECONDS",
        15 * 60,
        "Length of the login cool-down, in seconds.",
        old_name="LOGIN_RATE_WINDOW_SECONDS",
    ),
    Setting(
        "LAUNCH_TRUSTED_PROXIES",
        (),
        "Addresses or networks of reverse proxies whose `X-Forwarded-For` is believed.",
        old_name="TRUSTED_PROXIES",
    ),
    Setting(
        "LAUNCH_WEB_CONCURRENCY",
        1,
        "Number of web processes; above 1 needs a channel layer shared between processes.",
        old_name="WEB_CONCURRENCY",
    ),
    Setting(
        "LAUNCH_ALLOWED_ORIGINS",
        (),
        "Origins whose pages may open WebSockets; empty: from `WAGTAILADMIN_BASE_URL` and "
        "`ALLOWED_HOSTS`.",
    ),
    Setting(
        "LAUNCH_HEARTBEAT_SECONDS",
        10,
        "Seconds between process heartbeats (web, worker, beat); 0 turns them off.",
    ),
    Setting(
        "LAUNCH_HEALTHZ_REQUIRED_PROCESSES",
        (),
        "Process kinds (`worker`, `beat`) without which `/healthz` answers 503.",
    ),
    Setting(
        "LAUNCH_BACKUP_DIR",
        _beside_media("backups", "LAUNCH_BACKUP_DIR"),
        "Folder of `backup_site`'s backups; keep it off the web server's paths.",
        default_doc=beside_media_doc("backups"),
    ),
    Setting("LAUNCH_BACKUP_KEEP", 14, "Backups to keep (the newest); 0 keeps all."),
    Setting(
        "LAUNCH_BACKUP_AGE_RECIPIENTS",
        "",
        "age public keys (`age1...`, a list or comma-separated) backups are encrypted to.",
    ),
    Setting(
        "LAUNCH_DEV_MAILBOX_DIR",
        _beside_media("sent-mail", "LAUNCH_DEV_MAILBOX_DIR"),
        "Folder where the development mailbox backend keeps sent emails.",
        default_doc=beside_media_doc("sent-mail"),
    ),
)
