"""Celery tasks of coaching (thin: call the service)."""

from celery import shared_task


@shared_task(name="coaching.send_due_notifications")
def send_due_notifications_task() -> int:
    """Email each person with unread messages older than the window, once (batched)."""
    from .services import send_due_notifications

    return send_due_notifications()
