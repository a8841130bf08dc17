"""Keys, did:key, did:web and DID documents; the private key never shows itself."""

import json
import pickle

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from evidence.credentials import (
    InvalidKeyError,
    decode_public_key,
    did_document,
    did_key,
    did_key_verification_method,
    did_web,
    did_web_document_url,
    encode_public_key,
    generate_signing_key,
    public_key_resolver,
    signing_key_from_multibase,
    signing_key_from_seed,
)


def test_multikey_and_did_key_encodings() -> None:
    # did:key spec example (Ed25519): the 32 public key bytes behind z6Mk...
    multibase = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
    public = decode_public_key(multibase)
    assert encode_public_key(public) == multibase
    assert did_key(public) == f"did:key:{multibase}"
    assert did_key_verification_method(public) == f"did:key:{multibase}#{multibase}"
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert encode_public_key(raw) == multibase
    for bad in ["", "6MkiTBz", "z0OIl", "z" + "1" * 10, "u" + multibase[1:]]:
        with pytest.raises(InvalidKeyError):
            decode_public_key(bad)


def test_did_web_identifiers() -> None:
    assert did_web("launch.example.org") == "did:web:launch.example.org"
    assert did_web("localhost:8000") == "did:web:localhost%3A8000"
    assert did_web("example.org", "issuers", "1") == "did:web:example.org:issuers:1"
    assert did_web_document_url("did:web:launch.example.org") == (
        "https://launch.example.org/.well-known/did.json"
    )
    assert did_web_document_url("did:web:localhost%3A8000") == (
        "https://localhost:8000/.well-known/did.json"
    )
    assert did_web_document_url("did:web:example.org:issuers:1") == (
        "https://example.org/issuers/1/did.json"
    )


def test_did_document_lists_active_and_retired_keys_for_assertion() -> None:
    active, retired = generate_signing_key(), generate_signing_key()
    did = did_web("launch.example.org")
    document = did_document(did, active=[active.public_key], retired=[retired.public_key])
    assert document["@context"] == [
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/multikey/v1",
    ]
    ids = [f"{did}#{active.public_key_multibase}", f"{did}#{retired.public_key_multibase}"]
    assert [method["id"] for method in document["verificationMethod"]] == ids
    assert document["assertionMethod"] == ids
    assert {method["type"] for method in document["verificationMethod"]} == {"Multikey"}
    resolve = public_key_resolver([document])
    assert encode_public_key(resolve(ids[1])) == retired.public_key_multibase
    with pytest.raises(InvalidKeyError):
        resolve(f"{did}#{generate_signing_key().public_key_multibase}")


def test_the_private_key_never_shows_itself(issue, issuer) -> None:
    key = issuer.key
    secret = key.secret_multibase()
    assert signing_key_from_multibase(secret) == key
    seed_hex = signing_key_from_multibase(secret).secret_multibase()
    assert seed_hex == secret
    for text in [repr(key), str(key), f"{key}", f"{key!r}"]:
        assert secret not in text
        assert key.public_key_multibase in text
    with pytest.raises(TypeError):
        pickle.dumps(key)
    signed_text = json.dumps(issue(1)) + json.dumps(issuer.documents())
    assert secret not in signed_text
    assert secret[1:] not in signed_text
    with pytest.raises(InvalidKeyError) as refused:
        signing_key_from_multibase(secret[:-3] + "000")
    assert secret not in str(refused.value)
    with pytest.raises(InvalidKeyError):
        signing_key_from_seed(b"short")
