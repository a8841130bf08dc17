"""Bitstring Status List: the encoding rules, and revocation seen through ``verify``."""

import base64
import gzip

import pytest

from evidence.credentials import (
    MIN_BITS,
    StatusListError,
    decode_status_list,
    encode_status_list,
    revoked_indexes,
    sign,
    status_bit,
    verify,
)

from .helpers import STATUS_LIST_URL


def test_encoding_is_gzip_base64url_without_padding_with_bit_zero_first() -> None:
    encoded = encode_status_list({0, 9, MIN_BITS - 1})
    assert encoded.startswith("u") and "=" not in encoded
    assert "+" not in encoded and "/" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 == MIN_BITS
    assert raw[0] == 0b1000_0000 and raw[1] == 0b0100_0000 and raw[-1] == 0b0000_0001
    bits = decode_status_list(encoded)
    assert status_bit(bits, 0) and status_bit(bits, 9) and not status_bit(bits, 1)
    assert revoked_indexes(encoded) == [0, 9, MIN_BITS - 1]
    assert encode_status_list({9, 0, MIN_BITS - 1}) == encoded  # deterministic
    # the W3C spec's example of an empty 16 KB list
    assert revoked_indexes(encode_status_list(())) == []


def test_malformed_lists_are_refused() -> None:
    with pytest.raises(StatusListError):
        encode_status_list({MIN_BITS})
    with pytest.raises(StatusListError):
        encode_status_list((), size=1024)
    with pytest.raises(StatusListError):
        decode_status_list("H4sI")
    short = gzip.compress(bytes(10))
    with pytest.raises(StatusListError):
        decode_status_list("u" + base64.urlsafe_b64encode(short).decode().rstrip("="))
    with pytest.raises(StatusListError):
        status_bit(decode_status_list(encode_status_list(())), MIN_BITS)


def test_revocation_and_a_forged_status_list(issue, issuer) -> None:
    credential = issue(7)
    resolver = issuer.resolver()
    assert verify(credential, resolver, status_lists=issuer.documents()).status == "valid"
    issuer.revoked.add(7)
    revoked = verify(credential, resolver, status_lists=issuer.documents())
    assert revoked.status == "revoked" and not revoked.valid
    # a status list without a valid signature, or by another issuer, is not trusted
    forged = issuer.status_list()
    forged["credentialSubject"]["encodedList"] = encode_status_list(())
    assert verify(credential, resolver, status_lists={STATUS_LIST_URL: forged}).status == (
        "invalid"
    )
    unsigned = {name: value for name, value in forged.items() if name != "proof"}
    unsigned["issuer"] = "did:web:elsewhere.example"
    other = sign(unsigned, issuer.key, "did:web:elsewhere.example#k")
    result = verify(credential, resolver, status_lists={STATUS_LIST_URL: other})
    assert result.status == "invalid"
    assert verify(credential, resolver, status_lists={}).status == "invalid"


def test_verify_reports_garbage_without_raising(issue, issuer) -> None:
    good = issue(1)
    resolver = issuer.resolver()
    garbage: list = [[], "x", {}, {"@context": 5}]
    for name, value in [
        ("proof", "x"),
        ("proof", {"type": "DataIntegrityProof", "verificationMethod": {"id": 1}}),
        ("credentialStatus", "x"),
        ("credentialStatus", {"type": "BitstringStatusListEntry", "statusListIndex": 3}),
        ("issuer", 5),
        ("validFrom", 5),
        ("credentialSubject", None),
        ("type", "VerifiableCredential"),
    ]:
        garbage.append({**good, name: value})
    for document in garbage:
        assert verify(document, resolver, status_lists=issuer.documents()).status == "invalid"
    broken_lists = [
        "x",
        {**issuer.status_list(), "credentialSubject": "x"},
        {**issuer.status_list(), "proof": {"verificationMethod": ["x"]}},
    ]
    for broken in broken_lists:
        result = verify(good, resolver, status_lists={STATUS_LIST_URL: broken})
        assert result.status == "invalid"
