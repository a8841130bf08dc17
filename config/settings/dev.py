"""Local development and the `make run` demo (embedded profile unless the environment says)."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

# The demo world (`manage.py seed_demo`, which `make run` calls); never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "launch_demo"]

DEBUG = True
SECRET_KEY = env("DJANGO_SECRET_KEY") or "dev-only-insecure-key-change-me"
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
# Serve static files straight from the app folders while developing.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Emails are kept as files under var/sent-mail/ and read, decoded, by programme staff at
# /learn/dev/emails/ (the console only says where): quoted-printable no longer splits links.
EMAIL_BACKEND = env("EMAIL_BACKEND") or "lms.notifications.mailbox.DevMailboxBackend"
