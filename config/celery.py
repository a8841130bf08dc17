"""The demo host's Celery app (``celery -A config``): the plugin's (``launch.celery``). Eager
in the embedded profile; workers and beat on Redis when scaled out."""

import os

# No development fallback: production settings refuse to start until the site is configured.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from launch.celery import app

__all__ = ["app"]
