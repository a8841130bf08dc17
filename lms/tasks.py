"""Background tasks of the lms app: thin, idempotent, taking plain identifiers."""

from celery import shared_task
from django.core.cache import cache


@shared_task(name="lms.ping")
def ping_task(token: str) -> str:
    """Prove a worker is consuming: write ``pong`` under the token (used by health tests)."""
    cache.set(f"celery-ping:{token}", "pong", 60)
    return token
