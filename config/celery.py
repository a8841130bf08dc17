"""The demo host's Celery app (``celery -A config``): the plugin's (``launch.celery``), with
this host's UTC log times. Eager in the embedded profile; workers and beat on Redis when
scaled out."""

import os

from celery.signals import after_setup_logger, after_setup_task_logger

from config.logs import use_utc

# No development fallback: production settings refuse to start until the site is configured.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from launch.celery import app

__all__ = ["app"]


@after_setup_logger.connect
@after_setup_task_logger.connect
def _utc_log_times(logger: object, **kwargs: object) -> None:
    """Celery's own handlers (workers, beat) write UTC time stamps like the site's (LOGGING)."""
    for handler in getattr(logger, "handlers", []):
        if handler.formatter is not None:
            use_utc(handler.formatter)
