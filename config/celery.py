"""The Celery app. Eager in the embedded profile; workers and beat on Redis when scaled out."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, beat_init, worker_ready

from config.logs import use_utc

# No development fallback: production settings refuse to start until the site is configured.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("launch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _utc_log_times(logger: object, **kwargs: object) -> None:
    """Celery's own handlers (workers, beat) write UTC time stamps like the site's (LOGGING)."""
    for handler in getattr(logger, "handlers", []):
        if handler.formatter is not None:
            use_utc(handler.formatter)


@worker_ready.connect
def _worker_heartbeat(**kwargs: object) -> None:
    """Workers say they are alive (/healthz; restore_site refuses to run beside them)."""
    from lms import heartbeats

    heartbeats.start("worker")


@beat_init.connect
def _beat_heartbeat(**kwargs: object) -> None:
    from lms import heartbeats

    heartbeats.start("beat")
