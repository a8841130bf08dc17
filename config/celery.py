"""The Celery app. Eager in the embedded profile; workers and beat on Redis when scaled out."""

import os

from celery import Celery

# No development fallback: production settings refuse to start until the site is configured.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("launch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
