"""The independent verifier (Digital Bazaar's JavaScript libraries, run with node, offline)
checks credentials issued by the Django path: valid passes, any changed field fails, revoked
reports revoked, expired reports expired, one signed before a key rotation still passes.

The verifier gets exactly what the site serves: the DID document from /.well-known/did.json
and the status list credential from its URL (both fetched through the test client)."""

import copy
import json
from datetime import UTC, datetime

from evidence.badges import issuer as badge_issuer
from evidence.badges import services as badge_services
from evidence.badges import verification as badge_verification
from evidence.models import Achievement
from lms.models import Standard

from .badge_helpers import document, issue_for
from .credentials.helpers import node_verify
from .credentials.test_node_verifier import _changed, _leaves


def _served(client, credential) -> dict:
    return json.loads(client.get(f"/credentials/{credential.uuid}.json").content)


def test_the_independent_verifier_agrees_with_the_public_page(world, client, monkeypatch):
    csis = Achievement.objects.create(
        slug="csis", name="CSIS", description="d", criteria_narrative="c",
        require_modules=False, validity_years=3,
    )  # fmt: skip
    csis.proficient_standards.set(Standard.objects.filter(number=1))
    early = Achievement.objects.create(
        slug="early", name="Early", description="d", criteria_narrative="c", require_modules=False
    )
    before_rotation = issue_for(world.users["coach"], early)
    new_key = badge_issuer.rotate_issuer_key()
    monkeypatch.setenv("LAUNCH_ISSUER_KEY", new_key.secret_multibase())
    valid = issue_for(world.users["participant"])
    revoked = issue_for(world.users["other_participant"])
    badge_services.revoke_credential(
        actor=world.users["editor"], credential_id=revoked.pk, reason="R."
    )
    expired = issue_for(world.users["reviewer"], csis, now=datetime(2020, 5, 1, tzinfo=UTC))

    did_document = json.loads(client.get("/.well-known/did.json").content)
    status_url = badge_issuer.status_list_url(valid.status_list_id)
    status_list = json.loads(client.get(f"/credentials/status/{valid.status_list_id}.json").content)
    documents = {badge_issuer.issuer_did(): did_document, status_url: status_list}

    served = {c: _served(client, c) for c in (valid, revoked, expired, before_rotation)}
    assert served[valid] == document(valid)
    cases: dict[str, tuple[dict, str]] = {
        "valid": (served[valid], "valid"),
        "revoked": (served[revoked], "revoked"),
        "expired": (served[expired], "expired"),
        "signed before the key rotation": (served[before_rotation], "valid"),
    }
    for path in _leaves(served[valid]):
        if path[0] == "@context":
            continue
        cases["changed " + "/".join(map(str, path))] = (_changed(served[valid], path), "invalid")
    added = copy.deepcopy(served[valid])
    added["credentialSubject"]["achievement"]["criteria"]["id"] = "https://evil.example/"
    cases["field added"] = (added, "invalid")
    assert len(cases) > 60

    node = node_verify(
        [{"name": name, "credential": credential} for name, (credential, _) in cases.items()],
        documents,
    )
    wrong = {
        name: (expected, node[name]["status"], node[name]["errors"][:2])
        for name, (_, expected) in cases.items()
        if node[name]["status"] != expected
    }
    assert not wrong, json.dumps(wrong, indent=1)
    # The site's own verification (the public page) says the same for the stored ones.
    for credential, expected in (
        (valid, "valid"),
        (revoked, "revoked"),
        (expired, "expired"),
        (before_rotation, "valid"),
    ):
        assert badge_verification.verify_credential(credential).status == expected
