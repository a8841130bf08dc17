"""The plugin's Celery app, for a host that has none of its own::

    from launch.celery import app as celery_app  # e.g. at the end of the host's settings

It reads its configuration from Django's settings (``CELERY_*``), finds every installed app's
``tasks`` module, and makes workers and beat write their heartbeats (``/healthz``;
``restore_site`` refuses to run beside them). A host with its own Celery app needs none of
this: the plugin's tasks are ``shared_task`` and bind to whichever app is current; it may
connect :func:`worker_heartbeat` and :func:`beat_heartbeat` itself.

Without a broker (``CELERY_TASK_ALWAYS_EAGER = True``) tasks run in the process that sends
them, and the outbox runs long jobs (roster imports) in a thread.
"""

from celery import Celery
from celery.signals import beat_init, worker_ready

app = Celery("launch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def worker_heartbeat(**kwargs: object) -> None:
    """Workers say they are alive."""
    from lms import heartbeats

    heartbeats.start("worker")


@beat_init.connect
def beat_heartbeat(**kwargs: object) -> None:
    from lms import heartbeats

    heartbeats.start("beat")
