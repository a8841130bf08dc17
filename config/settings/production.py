"""Production: everything secret or site-specific comes from the environment.

These are also the settings of every entry point started without ``DJANGO_SETTINGS_MODULE``
(``manage.py``, ``config.asgi``, ``config.celery``), so that nothing falls back to development
settings. They refuse to load, saying what to set, without:

- ``DJANGO_SECRET_KEY`` (50+ random characters),
- ``ALLOWED_HOSTS`` (the site's host names, comma-separated),
- ``LAUNCH_ISSUER_KEY`` or a readable ``LAUNCH_ISSUER_KEY_FILE`` (the badge issuer's secret).
  Only the two first-install steps that come before the key exists may run without it:
  ``manage.py migrate`` and ``manage.py create_issuer_key`` (which makes it).

Recommended: DATABASE_URL, REDIS_URL, CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL, the mail
settings (EMAIL_HOST..., read into Django's MAILERS; both EMAIL_USE_TLS and EMAIL_USE_SSL on is
refused).
"""

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = False


def _refuse(what: str) -> None:
    raise ImproperlyConfigured(
        f"Production settings: {what} (see docs/deploy.md; `make run` serves the demo with "
        "development settings)."
    )


SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY or len(SECRET_KEY) < 50:
    _refuse("set DJANGO_SECRET_KEY to a random string of 50+ characters")

if not env("ALLOWED_HOSTS").strip(" ,"):
    _refuse("set ALLOWED_HOSTS to the site's host names, comma-separated")
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS").split(",") if h.strip()]


def _issuer_key_configured() -> bool:
    if env("LAUNCH_ISSUER_KEY").strip():
        return True
    path = env("LAUNCH_ISSUER_KEY_FILE")
    return bool(path) and os.access(Path(path), os.R_OK)


_BEFORE_THE_KEY_EXISTS = {"migrate", "create_issuer_key"}
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else ""
if _COMMAND not in _BEFORE_THE_KEY_EXISTS and not _issuer_key_configured():
    _refuse(
        "set LAUNCH_ISSUER_KEY, or LAUNCH_ISSUER_KEY_FILE to a readable file holding it "
        "(`python manage.py create_issuer_key` prints a new one)"
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_AGE = 60 * 60 * 12

# --- Email: Django 6.1's MAILERS (the EMAIL_* settings are deprecated), built from the same
# environment variables. SMTP by default, with STARTTLS on 587 (EMAIL_USE_TLS) or implicit TLS
# on 465 (EMAIL_USE_SSL), and a timeout so that a hung mail server cannot hold a web process or
# a worker for ever (the outbox retries what failed).
_smtp_backend = "django.core.mail.backends.smtp.EmailBackend"
_email_backend = env("EMAIL_BACKEND") or _smtp_backend
_email_use_ssl = env_bool("EMAIL_USE_SSL", False)
_email_use_tls = env_bool("EMAIL_USE_TLS", not _email_use_ssl)
if _email_use_tls and _email_use_ssl:
    _refuse(
        "EMAIL_USE_TLS and EMAIL_USE_SSL are both on; set one: EMAIL_USE_TLS=true for STARTTLS "
        "(usually port 587) or EMAIL_USE_SSL=true with EMAIL_USE_TLS=false for implicit TLS "
        "(usually port 465)"
    )
_email_timeout_text = env("EMAIL_TIMEOUT", "10")
try:
    _email_timeout = float(_email_timeout_text)
except ValueError:
    _email_timeout = 0.0
if _email_timeout <= 0:
    _refuse(f"EMAIL_TIMEOUT must be a number of seconds above 0 (got {_email_timeout_text!r})")
MAILERS = {
    "default": {
        "BACKEND": _email_backend,
        # Only the SMTP backend takes these options (another backend refuses unknown ones).
        "OPTIONS": (
            {
                "host": env("EMAIL_HOST", "localhost"),
                "port": int(env("EMAIL_PORT") or (465 if _email_use_ssl else 587)),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": _email_use_tls,
                "use_ssl": _email_use_ssl,
                "timeout": _email_timeout,
            }
            if _email_backend == _smtp_backend
            else {}
        ),
    }
}
# MAILERS and the deprecated EMAIL_* settings may not be defined together: drop base's.
globals().pop("EMAIL_BACKEND", None)

# Backups live outside the code (they hold personal data and tokens).
LAUNCH_BACKUP_DIR = Path(env("LAUNCH_BACKUP_DIR") or "/var/backups/launch")

# With workers on a broker, /healthz fails when no worker or beat is alive.
if not env("LAUNCH_HEALTHZ_REQUIRED_PROCESSES") and not CELERY_TASK_ALWAYS_EAGER:  # noqa: F405
    LAUNCH_HEALTHZ_REQUIRED_PROCESSES = ["worker", "beat"]
# Beat's schedule state in the service's state directory (systemd StateDirectory=launch).
CELERY_BEAT_SCHEDULE_FILENAME = (
    env("LAUNCH_BEAT_SCHEDULE_FILE") or "/var/lib/launch/celerybeat-schedule"
)
