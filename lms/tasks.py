"""Background tasks of the lms app: thin, idempotent, taking plain identifiers."""

from celery import shared_task
from django.core.cache import cache


@shared_task(name="lms.ping")
def ping_task(token: str) -> str:
    """Prove a worker is consuming: write ``pong`` under the token (used by health tests)."""
    cache.set(f"celery-ping:{token}", "pong", 60)
    return token


@shared_task(name="lms.run_outbox_item")
def run_outbox_item_task(item_id: int) -> bool:
    """Attempt one outbox item (idempotent: a done, parked or leased item is left alone)."""
    from .outbox import run_item

    return run_item(item_id)


@shared_task(name="lms.sweep_outbox")
def sweep_outbox_task() -> int:
    """Retry what is due: pending items whose first attempt never ran or failed."""
    from .outbox import due_item_ids, run_item

    ids = due_item_ids()
    for item_id in ids:
        run_item(item_id)
    return len(ids)


@shared_task(name="lms.send_inactivity_reminders")
def send_inactivity_reminders_task() -> int:
    """Remind participants inactive for 14 days (idempotent: one email per person per ISO
    week, keyed in the outbox). Returns how many reminders were recorded."""
    from .dashboard.reminders import send_inactivity_reminders

    return send_inactivity_reminders()


@shared_task(name="lms.prune_access_changes")
def prune_access_changes_task() -> int:
    """Delete access-log rows older than an hour (live sockets only read the last minutes)."""
    from .live import prune_access_changes

    return prune_access_changes()
