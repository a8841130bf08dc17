"""Background tasks of forums: thin, idempotent, taking plain values."""

from celery import shared_task


@shared_task(name="forums.send_digests")
def send_digests_task(frequency: str) -> int:
    """Send the due ``"daily"`` or ``"weekly"`` digests (idempotent per user and period)."""
    from .services import send_digests

    return send_digests(frequency=frequency)
