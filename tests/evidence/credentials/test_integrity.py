"""eddsa-rdfc-2022: the W3C test vector byte for byte, sign/verify, safe mode, no network."""

import copy
import hashlib
import json
import socket
from pathlib import Path

import pytest

from evidence.credentials import (
    ContextNotVendoredError,
    UnsafeDocumentError,
    canonicalize,
    document_loader,
    make_document_loader,
    parse_datetime,
    public_key_resolver,
    sign,
    signing_key_from_multibase,
    verify_proof,
)
from evidence.credentials.integrity import hash_data

from .helpers import credential_data

VECTOR = json.loads(
    (Path(__file__).parent / "fixtures" / "eddsa-rdfc-2022-vector.json").read_text()
)


def test_w3c_eddsa_rdfc_2022_vector_is_reproduced_byte_for_byte() -> None:
    loader = make_document_loader(VECTOR["extraContexts"])
    key = signing_key_from_multibase(VECTOR["keyPair"]["secretKeyMultibase"])
    assert key.public_key_multibase == VECTOR["keyPair"]["publicKeyMultibase"]
    signed = VECTOR["signed"]
    unsigned = {name: value for name, value in signed.items() if name != "proof"}
    proof = signed["proof"]
    proof_config = {"@context": signed["@context"], **proof}
    del proof_config["proofValue"]
    assert canonicalize(proof_config, loader=loader) == VECTOR["proofConfigCanonical"]
    assert hash_data(unsigned, proof, loader=loader).hex() == VECTOR["combinedHashHex"]
    proof_hash = hashlib.sha256(VECTOR["proofConfigCanonical"].encode()).hexdigest()
    assert VECTOR["combinedHashHex"].startswith(proof_hash)  # proof configuration hash first

    ours = sign(
        unsigned,
        key,
        proof["verificationMethod"],
        created=parse_datetime(proof["created"]),
        loader=loader,
    )

    assert json.dumps(ours, indent=2) == json.dumps(signed, indent=2)
    assert ours["proof"]["proofValue"] == proof["proofValue"]
    resolver = public_key_resolver(
        [
            {
                "id": "https://vc.example/issuers/5678",
                "verificationMethod": [
                    {
                        "id": proof["verificationMethod"],
                        "type": "Multikey",
                        "controller": "https://vc.example/issuers/5678",
                        "publicKeyMultibase": VECTOR["keyPair"]["publicKeyMultibase"],
                    }
                ],
                "assertionMethod": [proof["verificationMethod"]],
            }
        ]
    )
    assert verify_proof(signed, resolver, loader=loader)
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    assert not verify_proof(tampered, resolver, loader=loader)


def test_undefined_terms_types_and_relative_ids_are_refused_before_signing(issuer) -> None:
    from evidence.credentials import build_credential_from

    good = build_credential_from(credential_data(issuer))
    sign(good, issuer.key, issuer.method())  # allowed

    undefined_term = copy.deepcopy(good)
    undefined_term["credentialSubject"]["achievement"]["difficulty"] = "hard"
    top_level_term = copy.deepcopy(good)
    top_level_term["grade"] = "A"
    undefined_type = copy.deepcopy(good)
    undefined_type["type"].append("GoldBadge")
    relative_id = copy.deepcopy(good)
    relative_id["id"] = "42"
    for document, words in [
        (undefined_term, "'difficulty'"),
        (top_level_term, "'grade'"),
        (undefined_type, "'GoldBadge'"),
        (relative_id, "'42'"),
    ]:
        with pytest.raises(UnsafeDocumentError, match=words):
            sign(document, issuer.key, issuer.method())


def test_unknown_contexts_are_never_fetched(issuer, monkeypatch) -> None:
    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(ContextNotVendoredError):
        document_loader("https://www.w3.org/2018/credentials/v1", {})
    from evidence.credentials import build_credential_from

    document = build_credential_from(credential_data(issuer))
    document["@context"].append("https://example.org/extra-context.json")
    with pytest.raises(ContextNotVendoredError):
        canonicalize(document)
    # signing and verifying a normal credential works with the network refused
    document["@context"].pop()
    signed = sign(document, issuer.key, issuer.method())
    assert verify_proof(signed, issuer.resolver())


def test_a_proof_by_an_unknown_key_or_a_bad_value_is_reported_not_raised(issue, issuer) -> None:
    signed = issue(1)
    assert verify_proof(signed, issuer.resolver()).verified
    assert verify_proof(signed, public_key_resolver([])).reason.startswith("unknown")
    broken = copy.deepcopy(signed)
    broken["proof"]["proofValue"] = "not-multibase"
    assert not verify_proof(broken, issuer.resolver())
    no_proof = {name: value for name, value in signed.items() if name != "proof"}
    assert verify_proof(no_proof, issuer.resolver()).reason == "the document has no single proof"
    with pytest.raises(Exception, match="already has a proof"):
        sign(signed, issuer.key, issuer.method())
