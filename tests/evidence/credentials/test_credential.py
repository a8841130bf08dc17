"""The shape of the OpenBadgeCredential: what Open Badges 3.0 verifiers look for."""

from datetime import UTC, datetime

import pytest

from evidence.credentials import (
    CredentialError,
    IdentityHash,
    Subject,
    build_credential_from,
    expand_safely,
    hash_identity,
    verify,
)

from .helpers import credential_data


def test_shape_of_the_credential(issuer) -> None:
    credential = build_credential_from(
        credential_data(issuer, valid_until=datetime(2028, 6, 1, 12, 0, 0, 999, tzinfo=UTC))
    )
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "did:web:launch.example.org"
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["validFrom"] == "2025-06-01T12:00:00Z"
    assert credential["validUntil"] == "2028-06-01T12:00:00Z"
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["identityHash"].startswith("sha256$")
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert {"id", "name", "description", "criteria"} <= set(achievement)
    assert achievement["alignment"][0]["targetCode"] == "SIS-1"
    assert credential["credentialStatus"]["statusListIndex"] == "1"
    assert set(credential["evidence"][0]) == {"id", "type", "name", "description", "narrative"}
    assert "learner1@example.org" not in str(credential)
    expand_safely(credential)


def test_identity_hash_matches_the_normalised_email() -> None:
    identity = hash_identity("Learner@Example.org ", salt="pepper")
    assert identity == IdentityHash(
        identity_hash="sha256$"
        + __import__("hashlib").sha256(b"learner@example.orgpepper").hexdigest(),
        salt="pepper",
    )
    assert identity.matches("learner@example.org")
    assert not identity.matches("other@example.org")
    assert hash_identity("a@b.c").salt != hash_identity("a@b.c").salt  # random salt


def test_refusals(issuer) -> None:
    with pytest.raises(CredentialError):
        Subject()
    with pytest.raises(CredentialError):
        build_credential_from(credential_data(issuer, valid_until=datetime(2020, 1, 1, tzinfo=UTC)))
    with pytest.raises(ValueError, match="naive"):
        build_credential_from(credential_data(issuer, valid_from=datetime(2025, 1, 1)))


def test_dates_decide_expired_and_not_yet_valid(issue, issuer) -> None:
    credential = issue(
        1,
        valid_from=datetime(2026, 1, 1, tzinfo=UTC),
        valid_until=datetime(2029, 1, 1, tzinfo=UTC),
    )

    def check(now: datetime) -> str:
        return verify(
            credential, issuer.resolver(), status_lists=issuer.documents(), now=now
        ).status

    assert check(datetime(2027, 1, 1, tzinfo=UTC)) == "valid"
    assert check(datetime(2029, 1, 1, 0, 0, 1, tzinfo=UTC)) == "expired"
    assert check(datetime(2025, 12, 31, tzinfo=UTC)) == "not_yet_valid"
