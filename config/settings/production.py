"""Production: everything secret or site-specific comes from the environment.

These are also the settings of every entry point started without ``DJANGO_SETTINGS_MODULE``
(``manage.py``, ``config.asgi``, ``config.celery``), so that nothing falls back to development
settings. They refuse to load, saying what to set, without:

- ``DJANGO_SECRET_KEY`` (50+ random characters),
- ``ALLOWED_HOSTS`` (the site's host names, comma-separated),
- ``LAUNCH_ISSUER_KEY`` or a readable ``LAUNCH_ISSUER_KEY_FILE`` (the badge issuer's secret).
  Only the two first-install steps that come before the key exists may run without it:
  ``manage.py migrate`` and ``manage.py create_issuer_key`` (which makes it).

Recommended: DATABASE_URL, REDIS_URL, CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL, the SMTP
settings (EMAIL_HOST...).
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

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)

# Backups live outside the code (they hold personal data and tokens).
LAUNCH_BACKUP_DIR = Path(env("LAUNCH_BACKUP_DIR") or "/var/backups/launch")

# With workers on a broker, /healthz fails when no worker or beat is alive.
if not env("LAUNCH_HEALTHZ_REQUIRED_PROCESSES") and not CELERY_TASK_ALWAYS_EAGER:  # noqa: F405
    LAUNCH_HEALTHZ_REQUIRED_PROCESSES = ["worker", "beat"]
# Beat's schedule state in the service's state directory (systemd StateDirectory=launch).
CELERY_BEAT_SCHEDULE_FILENAME = (
    env("LAUNCH_BEAT_SCHEDULE_FILE") or "/var/lib/launch/celerybeat-schedule"
)
