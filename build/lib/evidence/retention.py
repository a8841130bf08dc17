"""Retention: evidence files older than ``EVIDENCE_RETENTION_DAYS`` are removed from storage.

Runs daily (Celery beat, ``evidence.purge_expired_files``). A removed file's row stays, with
its name, size and hash and the time it was purged, so submitted versions keep their history
and their content hash; the download view says the file is no longer kept. Each run writes
one audit event with the number of files removed (no content, no names). Idempotent.
"""

from datetime import timedelta
from functools import partial

from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone

from lms.models import AuditAction
from lms.services import record_audit_event

from .conf import conf
from .models import Artefact
from .uploads import private_storage

BATCH = 500


def retention_days() -> int:
    """Days a stored evidence file is kept after upload (0: kept for ever)."""
    return int(conf.LAUNCH_EVIDENCE_RETENTION_DAYS or 0)


def _delete_files(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def purge_expired_files(*, now=None) -> int:  # type: ignore[no-untyped-def]
    """Delete stored files uploaded more than the retention period ago. Returns how many."""
    days = retention_days()
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    storage = private_storage()
    removed = 0
    while True:
        batch = list(
            Artefact.objects.filter(created_at__lt=cutoff, purged_at__isnull=True)
            .exclude(storage_name="")
            .values_list("pk", "storage_name")[:BATCH]
        )
        if not batch:
            break
        with transaction.atomic():
            # Mark first: if deleting a file fails, the row says so and the next run does not
            # retry forever; a file already gone counts as removed.
            Artefact.objects.filter(pk__in=[pk for pk, _ in batch]).update(purged_at=timezone.now())
            transaction.on_commit(partial(_delete_files, storage, [name for _, name in batch]))
        removed += len(batch)
    if removed:
        record_audit_event(
            action=AuditAction.EVIDENCE_PURGED,
            actor=None,
            detail={"files": removed, "retention_days": days},
        )
    return removed
