"""The restore drill: back up, damage, restore; counts and file checksums match the backup,
and the badge credentials restored still verify (a revoked one is still revoked)."""

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from evidence.badges import services as badge_services
from evidence.badges import verification as badge_verification
from evidence.models import Credential, IssuerKey, StatusList
from lms.backup import file_checksums, make_backup, restore_backup, row_counts
from lms.models import User

from .evidence.badge_helpers import issue_for
from .factories import UserFactory, enrol


@pytest.mark.django_db(transaction=True)
def test_backup_restore_drill(tmp_path, pg_tools, site_files, world, client):
    UserFactory.create_batch(3)
    # Credentials signed before the backup: one valid, one revoked by programme staff.
    held = issue_for(world.users["participant"])
    revoked = issue_for(world.users["other_participant"])
    badge_services.revoke_credential(
        actor=world.users["editor"], credential_id=revoked.pk, reason="Drill"
    )
    assert badge_verification.verify_credential(held).status == "valid"
    media = settings.MEDIA_ROOT
    private = settings.LAUNCH_PRIVATE_MEDIA_ROOT
    os.makedirs(media, exist_ok=True)
    os.makedirs(os.path.join(private, "evidence"), exist_ok=True)
    with open(os.path.join(media, "drill.txt"), "wb") as handle:
        handle.write(b"public file")
    with open(os.path.join(private, "evidence", "drill.bin"), "wb") as handle:
        handle.write(os.urandom(4096))
    # Signed in before the backup: the session is in the backup's database.
    before = Client()
    before.force_login(world.users["participant"])
    assert before.get("/learn/dashboard/").status_code == 200

    counts, sums = row_counts(), file_checksums()

    backup = make_backup(tmp_path / "backups")
    assert (backup / "manifest.json").exists() and (backup / "files.tar").exists()

    # Signed in after the backup: the session lives in the database and the cache (Redis in
    # the scale-out profile); the restore must not leave it behind in the cache.
    after = Client()
    after.force_login(world.users["other_participant"])
    assert after.get("/learn/dashboard/").status_code == 200

    # Damage: people gone (their credentials with them), the status lists and the issuer's
    # public keys gone, a file changed, a file added.
    User.objects.all().delete()
    assert not Credential.objects.exists()
    StatusList.objects.all().delete()
    IssuerKey.objects.all().delete()
    with open(os.path.join(private, "evidence", "drill.bin"), "wb") as handle:
        handle.write(b"overwritten")
    with open(os.path.join(media, "stray.txt"), "wb") as handle:
        handle.write(b"not in the backup")

    report = restore_backup(backup)
    assert report == {"count_mismatches": [], "file_mismatches": []}
    assert row_counts() == counts and file_checksums() == sums
    assert User.objects.count() == counts["lms.User"]
    assert after.get("/learn/dashboard/").status_code == 302  # signed out: sign in again
    assert before.get("/learn/dashboard/").status_code == 200

    # The restored credentials verify with the site's verifier (the public page's): signature
    # by a key of the restored DID document, status from the restored, signed status list.
    restored = Credential.objects.get(uuid=held.uuid)
    assert restored.document == held.document
    assert badge_verification.verify_credential(restored).status == "valid"
    assert (
        badge_verification.verify_credential(Credential.objects.get(uuid=revoked.uuid)).status
        == "revoked"
    )
    page = client.get(f"/credentials/{held.uuid}/").content.decode()
    assert "Verified:" in page and "this credential is valid" in page
    page = client.get(f"/credentials/{revoked.uuid}/").content.decode()
    assert "Revoked:" in page and "Verified:" not in page
    # The issuer key (from the secret store, not the backup) still matches the restored active
    # public key: issuing goes on, and the new credential verifies too.
    newcomer = UserFactory()
    enrol(newcomer, world.cohort)
    issued_after = issue_for(newcomer)
    assert badge_verification.verify_credential(issued_after).status == "valid"


@pytest.mark.django_db(transaction=True)
def test_restore_command_refuses_without_yes(tmp_path):
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(Exception, match="--yes"):
        call_command("restore_site", str(tmp_path))
