"""The issuer's private key stays out of the database, dumps, logs and pages; the key
commands; export_credential; the demo participant who completed everything holds the badge."""

import io
import json
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evidence import credentials as ob
from evidence.badges import services as badge_services
from evidence.badges import verification as badge_verification
from evidence.keys import load_signing_key
from evidence.models import Credential, IssuerKey

from .badge_helpers import document, issue_for


def _secret_forms(key: ob.SigningKey) -> list[str]:
    """The secret as multibase, and its raw seed in hex and base64 (any way it could leak)."""
    import base64

    raw = ob.keys.multibase_decode(key.secret_multibase())[2:]
    return [key.secret_multibase(), raw.hex(), base64.b64encode(raw).decode()]


def test_the_private_key_is_in_no_dump_log_or_page(world, caplog, client):
    key = load_signing_key()
    root = logging.getLogger()
    previous = root.level
    root.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG):
            credential = issue_for(world.users["participant"])
            badge_services.revoke_credential(
                actor=world.users["editor"], credential_id=credential.pk, reason="Test."
            )
            pages = [
                client.get(f"/credentials/{credential.uuid}/"),
                client.get(f"/credentials/{credential.uuid}.json"),
                client.get(f"/credentials/{credential.uuid}/badge.svg"),
                client.get(f"/credentials/{credential.uuid}/badge.png"),
                client.get("/.well-known/did.json"),
                client.get(f"/credentials/status/{credential.status_list_id}.json"),
                world.client_for("participant").get("/evidence/badges/"),
                world.client_for("superuser").get("/admin/snippets/evidence/credential/"),
                world.client_for("superuser").get("/admin/snippets/evidence/issuerkey/"),
                world.client_for("superuser").get(f"/admin/credentials/{credential.pk}/revoke/"),
            ]
    finally:
        root.setLevel(previous)
    assert all(page.status_code == 200 for page in pages), [p.status_code for p in pages]
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    haystacks = {
        "dumpdata": dump.getvalue(),
        "logs": caplog.text + "\n".join(str(r.__dict__) for r in caplog.records),
        **{f"page {n}": page.content.decode("latin-1") for n, page in enumerate(pages)},
    }
    assert "registered issuer public key" in caplog.text  # DEBUG logging was on
    assert key.public_key_multibase in haystacks["dumpdata"]  # the public key is stored
    for where, text in haystacks.items():
        for secret in _secret_forms(key):
            assert secret not in text, f"the private key leaked into {where}"


def test_create_issuer_key_prints_the_secret_once_and_stores_the_public_key(db, tmp_path):
    out = io.StringIO()
    call_command("create_issuer_key", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    key = ob.signing_key_from_multibase(secret)
    stored = IssuerKey.objects.get()
    assert stored.public_key_multibase == key.public_key_multibase
    assert stored.status == IssuerKey.Status.ACTIVE
    with pytest.raises(CommandError, match="rotate"):
        call_command("create_issuer_key", stdout=io.StringIO())
    out = io.StringIO()
    path = tmp_path / "new.secret"
    call_command("rotate_issuer_key", "--secret-file", str(path), stdout=out)
    assert (path.stat().st_mode & 0o777) == 0o600
    new = ob.signing_key_from_multibase(path.read_text())
    assert new.secret_multibase() not in out.getvalue()
    assert list(IssuerKey.objects.values_list("public_key_multibase", "status")) == [
        (new.public_key_multibase, "active"),
        (key.public_key_multibase, "retired"),
    ]
    fields = {f.name for f in IssuerKey._meta.get_fields()}
    assert fields == {"id", "public_key_multibase", "status", "created_at", "retired_at"}


def test_export_credential_prints_the_newest_signed_credential(world):
    credential = issue_for(world.users["participant"])
    out = io.StringIO()
    call_command("export_credential", world.users["participant"].email.upper(), stdout=out)
    assert json.loads(out.getvalue()) == document(credential)
    with pytest.raises(CommandError):
        call_command("export_credential", "nobody@example.org", stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_demo_participant_who_completed_everything_holds_the_badge():
    from django.core.management import call_command as run

    run("seed_demo", stdout=io.StringIO())
    run("seed_demo", stdout=io.StringIO())  # idempotent
    holders = set(Credential.objects.values_list("user__email", flat=True))
    assert holders == {"aisha@launch.example"}
    credential = Credential.objects.get()
    assert badge_verification.verify_credential(credential).valid
    out = io.StringIO()
    run("export_credential", "aisha@launch.example", stdout=out)
    assert json.loads(out.getvalue())["credentialSubject"]["achievement"]["name"] == (
        "LAUNCH! School Improvement Specialist"
    )
