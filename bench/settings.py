"""Settings for benchmark servers: production-like (DEBUG off), embedded profile, plus a bare
"hello" view on the same middleware stack as the baseline."""

from config.settings.base import *  # noqa: F403
from config.settings.base import INSTALLED_APPS, env

# The benchmarks run on the demo world (`seed_demo`).
INSTALLED_APPS = [*INSTALLED_APPS, "launch_demo"]

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY") or "bench-only-insecure-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
