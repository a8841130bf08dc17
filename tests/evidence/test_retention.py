"""Retention: stored evidence files past the retention period are removed, audited, once."""

from datetime import timedelta

from django.utils import timezone

from evidence.models import Artefact
from evidence.retention import purge_expired_files
from evidence.tasks import purge_expired_files_task
from lms.models import AuditEvent

from .conftest import stored_files
from .helpers import make_submitted


def test_files_past_the_retention_period_are_removed(
    world, private_root, settings, django_capture_on_commit_callbacks
):
    settings.LAUNCH_EVIDENCE_RETENTION_DAYS = 365
    version = make_submitted(world.users["participant"])
    artefact = Artefact.objects.exclude(storage_name="").get()
    assert len(stored_files(private_root)) == 1

    # Not yet due: nothing happens.
    assert purge_expired_files() == 0
    Artefact.objects.filter(pk=artefact.pk).update(created_at=timezone.now() - timedelta(days=400))
    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired_files_task() == 1
    artefact.refresh_from_db()
    assert artefact.purged_at is not None and artefact.sha256  # the record stays
    assert stored_files(private_root) == []
    event = AuditEvent.objects.get(action="evidence.purged")
    assert event.detail == {"files": 1, "retention_days": 365}
    assert purge_expired_files() == 0  # idempotent

    # The owner is told the file is no longer kept; the version's history is intact.
    response = world.client_for("participant").get(f"/evidence/files/{artefact.pk}/")
    assert response.status_code == 410
    assert version.submission.versions.count() == 1


def test_retention_zero_keeps_everything(world, private_root, settings):
    settings.LAUNCH_EVIDENCE_RETENTION_DAYS = 0
    make_submitted(world.users["participant"])
    Artefact.objects.update(created_at=timezone.now() - timedelta(days=4000))
    assert purge_expired_files() == 0
    assert len(stored_files(private_root)) == 1
