"""Backups are private (0700/0600), kept to the newest N, and optionally encrypted with age."""

import os
import stat
from pathlib import Path

import pyrage
import pytest
from django.core.management import CommandError, call_command

from lms.backup import make_backup, restore_backup, row_counts
from lms.models import User

from .factories import UserFactory


@pytest.fixture
def case_notes(site_files, settings):
    os.makedirs(os.path.join(settings.LAUNCH_PRIVATE_MEDIA_ROOT, "evidence"))
    Path(settings.LAUNCH_PRIVATE_MEDIA_ROOT, "evidence", "case.txt").write_text(
        "private case notes"
    )


@pytest.fixture
def open_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(
    tmp_path, pg_tools, case_notes, open_umask, settings
):
    settings.LAUNCH_BACKUP_DIR = tmp_path / "backups"
    call_command("backup_site")
    (backup,) = (tmp_path / "backups").iterdir()
    assert _mode(tmp_path / "backups") == 0o700
    assert _mode(backup) == 0o700
    files = list(backup.iterdir())
    assert {f.name for f in files} >= {"manifest.json", "files.tar"}
    assert all(_mode(f) == 0o600 for f in files), {f.name: oct(_mode(f)) for f in files}
    # The process's umask is left as it was.
    assert os.umask(0o022) == 0o022


@pytest.mark.django_db(transaction=True)
def test_only_the_newest_backups_are_kept(tmp_path, pg_tools, case_notes):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes").mkdir()  # not a backup: never removed
    made = [make_backup(folder, keep=2) for _ in range(3)]
    assert sorted(p.name for p in folder.iterdir()) == sorted([made[1].name, made[2].name, "notes"])


@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_needs_its_identity_to_restore(tmp_path, pg_tools, case_notes):
    person = UserFactory(email="private.person@district.example")
    identity = pyrage.x25519.Identity.generate()
    identity_file = tmp_path / "backup-identity.txt"
    identity_file.write_text(f"# offline copy\n{identity}\n")
    backup = make_backup(tmp_path / "backups", recipients=[str(identity.to_public())])

    names = {p.name for p in backup.iterdir()}
    assert "files.tar" not in names and "files.tar.age" in names
    assert not any(n.startswith("database.") and not n.endswith(".age") for n in names)
    for path in backup.iterdir():
        if path.name != "manifest.json":
            data = path.read_bytes()
            assert b"private.person" not in data and b"private case notes" not in data

    counts = row_counts()
    User.objects.filter(pk=person.pk).delete()
    with pytest.raises(CommandError, match="encrypted"):
        call_command("restore_site", str(backup), "--yes")
    stranger = tmp_path / "stranger.txt"
    stranger.write_text(f"{pyrage.x25519.Identity.generate()}\n")
    with pytest.raises(CommandError, match="cannot decrypt"):
        call_command("restore_site", str(backup), "--yes", "--identity", str(stranger))
    assert not User.objects.filter(email=person.email).exists()

    report = restore_backup(backup, identity=identity_file)
    assert report == {"count_mismatches": [], "file_mismatches": []}
    assert row_counts() == counts
    assert User.objects.filter(email=person.email).exists()
