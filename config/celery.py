"""The Celery app. Eager in the embedded profile; workers and beat on Redis when scaled out."""

import os

from celery import Celery
from celery.signals import beat_init, worker_ready

# No development fallback: production settings refuse to start until the site is configured.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("launch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _worker_heartbeat(**kwargs: object) -> None:
    """Workers say they are alive (/healthz; restore_site refuses to run beside them)."""
    from lms import heartbeats

    heartbeats.start("worker")


@beat_init.connect
def _beat_heartbeat(**kwargs: object) -> None:
    from lms import heartbeats

    heartbeats.start("beat")
