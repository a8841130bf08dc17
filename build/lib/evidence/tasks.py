"""Background tasks of evidence: thin, idempotent, taking plain identifiers.

Credential issuance runs through the outbox (``evidence.issue_credential``, see
``evidence.badges``); the tasks here are the periodic ones."""

from celery import shared_task


@shared_task(name="evidence.send_renewal_reminders")
def send_renewal_reminders_task() -> int:
    """Record renewal reminders for credentials expiring within 90, 30 or 7 days (each sent
    once: the outbox key holds the credential and the day count)."""
    from .badges.services import send_renewal_reminders

    return send_renewal_reminders()


@shared_task(name="evidence.purge_expired_files")
def purge_expired_files_task() -> int:
    """Remove stored evidence files past the retention period (idempotent)."""
    from .retention import purge_expired_files

    return purge_expired_files()
