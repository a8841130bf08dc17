"""The restore drill: back up, damage, restore; counts and file checksums match the backup."""

import os

import pytest
from django.conf import settings
from django.core.management import call_command

from lms.backup import file_checksums, make_backup, restore_backup, row_counts
from lms.models import User

from .factories import UserFactory


@pytest.fixture
def pg_tools(monkeypatch):
    # The scale-out harness says where PostgreSQL's binaries are (pg_dump, pg_restore).
    if os.environ.get("TESTENV_PG_BINDIR"):
        monkeypatch.setenv("PG_BINDIR", os.environ["TESTENV_PG_BINDIR"])


@pytest.mark.django_db(transaction=True)
def test_backup_restore_drill(tmp_path, pg_tools, programme):
    UserFactory.create_batch(3)
    media = settings.MEDIA_ROOT
    private = settings.PRIVATE_MEDIA_ROOT
    os.makedirs(media, exist_ok=True)
    os.makedirs(os.path.join(private, "evidence"), exist_ok=True)
    with open(os.path.join(media, "drill.txt"), "wb") as handle:
        handle.write(b"public file")
    with open(os.path.join(private, "evidence", "drill.bin"), "wb") as handle:
        handle.write(os.urandom(4096))
    counts, sums = row_counts(), file_checksums()

    backup = make_backup(tmp_path)
    assert (backup / "manifest.json").exists() and (backup / "files.tar").exists()

    # Damage: people gone, a file changed, a file added.
    User.objects.all().delete()
    with open(os.path.join(private, "evidence", "drill.bin"), "wb") as handle:
        handle.write(b"overwritten")
    with open(os.path.join(media, "stray.txt"), "wb") as handle:
        handle.write(b"not in the backup")

    report = restore_backup(backup)
    assert report == {"count_mismatches": [], "file_mismatches": []}
    assert row_counts() == counts and file_checksums() == sums
    assert User.objects.count() == counts["lms.User"]


@pytest.mark.django_db(transaction=True)
def test_restore_command_refuses_without_yes(tmp_path):
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(Exception, match="--yes"):
        call_command("restore_site", str(tmp_path))
