"""Test settings: same profile switch as production (SQLite or DATABASE_URL/REDIS_URL)."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASE_URL, DATABASES, INSTALLED_APPS, env

# The tests seed the demo world too (`seed_demo`).
INSTALLED_APPS = [*INSTALLED_APPS, "launch_demo"]

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
LAUNCH_PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
if not DATABASE_URL:
    # Test databases are deleted and recreated: no pooled connections to stale files.
    DATABASES["default"]["OPTIONS"]["pool_size"] = 0
    # A file database so that threads (live server, Channels) share it with the tests.
    DATABASES["default"]["NAME"] = env("SQLITE_PATH") or str(BASE_DIR / "var" / "test.sqlite3")
    # One test database per pytest process, so two runs in one work tree never collide.
    DATABASES["default"]["TEST"] = {
        "NAME": env("SQLITE_TEST_PATH") or str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")
    }
LAUNCH_LOGIN_RATE_LIMIT = 5
# Tests run long effects inline (browser tests turn threads on where they watch progress).
LAUNCH_OUTBOX_EAGER_THREADS = False
# No heartbeat threads writing rows under the tests, unless a test's subprocess asks for them.
LAUNCH_HEARTBEAT_SECONDS = float(env("LAUNCH_HEARTBEAT_SECONDS", "0"))
