"""Build an Open Badges 3.0 ``OpenBadgeCredential`` (a VC 2.0 credential) from plain data.

The builder only shapes JSON; ``integrity.sign`` signs it. No
student data goes in: the subject is a DID or a salted email hash (OB 3.0 ``IdentityObject``),
and evidence is a summary (id, name, description, narrative), never the files.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .contexts import OB_V3P0, VC_V2
from .errors import CredentialError
from .timefmt import format_datetime

CREDENTIAL_CONTEXT: tuple[str, ...] = (VC_V2, OB_V3P0)


@dataclass(frozen=True)
class Image:
    """An image by URL (``id``), with an optional caption."""

    id: str
    caption: str = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "Image"}
        if self.caption:
            data["caption"] = self.caption
        return data


@dataclass(frozen=True)
class IssuerProfile:
    """The issuing organisation: ``id`` is its DID (did:web), the rest is its public face."""

    id: str
    name: str
    url: str = ""
    email: str = ""
    image: Image | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": ["Profile"], "name": self.name}
        if self.url:
            data["url"] = self.url
        if self.email:
            data["email"] = self.email
        if self.image:
            data["image"] = self.image.as_json()
        return data


@dataclass(frozen=True)
class Alignment:
    """An alignment of the achievement to a standard (``targetName`` and ``targetUrl``
    required by OB 3.0)."""

    target_name: str
    target_url: str
    target_code: str = ""
    target_framework: str = ""
    target_description: str = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": ["Alignment"],
            "targetName": self.target_name,
            "targetUrl": self.target_url,
        }
        if self.target_description:
            data["targetDescription"] = self.target_description
        if self.target_code:
            data["targetCode"] = self.target_code
        if self.target_framework:
            data["targetFramework"] = self.target_framework
        return data


@dataclass(frozen=True)
class Achievement:
    """What the badge is for: ``id`` is a stable URL, ``criteria_narrative`` says how to earn
    it."""

    id: str
    name: str
    description: str
    criteria_narrative: str
    criteria_url: str = ""
    image: Image | None = None
    alignments: tuple[Alignment, ...] = ()
    achievement_type: str = ""

    def as_json(self) -> dict[str, Any]:
        criteria: dict[str, Any] = {"narrative": self.criteria_narrative}
        if self.criteria_url:
            criteria["id"] = self.criteria_url
        data: dict[str, Any] = {
            "id": self.id,
            "type": ["Achievement"],
            "name": self.name,
            "description": self.description,
            "criteria": criteria,
        }
        if self.achievement_type:
            data["achievementType"] = self.achievement_type
        if self.image:
            data["image"] = self.image.as_json()
        if self.alignments:
            data["alignment"] = [alignment.as_json() for alignment in self.alignments]
        return data


@dataclass(frozen=True)
class IdentityHash:
    """An OB 3.0 ``IdentityObject``: a salted SHA-256 of an identifier (an email address by
    default), so the credential does not carry the address itself."""

    identity_hash: str
    salt: str
    identity_type: str = "emailAddress"

    def as_json(self) -> dict[str, Any]:
        return {
            "type": "IdentityObject",
            "identityHash": self.identity_hash,
            "identityType": self.identity_type,
            "hashed": True,
            "salt": self.salt,
        }

    def matches(self, identifier: str) -> bool:
        """Whether ``identifier`` (e.g. an email address) is the hashed one."""
        expected = hash_identity(identifier, self.salt, identity_type=self.identity_type)
        return secrets.compare_digest(expected.identity_hash, self.identity_hash)


def normalise_email(email: str) -> str:
    """Email addresses are hashed trimmed and lower-cased, so verifiers can match them."""
    return email.strip().lower()


def hash_identity(
    identifier: str, salt: str | None = None, *, identity_type: str = "emailAddress"
) -> IdentityHash:
    """``sha256$`` + hex SHA-256 of the identifier followed by the salt (OB 3.0 IdentityHash).

    Email addresses are normalised first. A random salt is drawn when none is given: store it
    with the credential if the same hash must be rebuilt later.
    """
    salt = secrets.token_hex(16) if salt is None else salt
    value = normalise_email(identifier) if identity_type == "emailAddress" else identifier
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return IdentityHash(identity_hash=f"sha256${digest}", salt=salt, identity_type=identity_type)


@dataclass(frozen=True)
class Subject:
    """The earner: a DID/URL ``id``, or an ``identity`` hash, or both (at least one)."""

    id: str = ""
    identity: IdentityHash | None = None

    def __post_init__(self) -> None:
        if not (self.id or self.identity):
            raise CredentialError("the credential subject needs an id or an identity hash")


@dataclass(frozen=True)
class StatusEntry:
    """Where the credential's revocation bit is: a Bitstring Status List credential URL and
    the index of the bit in it."""

    status_list_credential: str
    index: int
    purpose: str = "revocation"

    def as_json(self) -> dict[str, Any]:
        if self.index < 0:
            raise CredentialError("a status list index is not negative")
        return {
            "id": f"{self.status_list_credential}#{self.index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": self.purpose,
            "statusListIndex": str(self.index),
            "statusListCredential": self.status_list_credential,
        }


@dataclass(frozen=True)
class EvidenceSummary:
    """A summary of one piece of evidence: no files, no student text beyond the narrative."""

    name: str
    description: str = ""
    narrative: str = ""
    id: str = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": ["Evidence"], "name": self.name}
        if self.id:
            data["id"] = self.id
        if self.description:
            data["description"] = self.description
        if self.narrative:
            data["narrative"] = self.narrative
        return data


@dataclass(frozen=True)
class CredentialData:
    """Everything ``build_credential`` needs, in one value (handy for tasks and benchmarks)."""

    id: str
    issuer: IssuerProfile
    achievement: Achievement
    subject: Subject
    valid_from: datetime
    valid_until: datetime | None = None
    status: StatusEntry | None = None
    evidence: tuple[EvidenceSummary, ...] = field(default_factory=tuple)
    name: str = ""
    description: str = ""
    image: Image | None = None


def build_credential(
    *,
    id: str,
    issuer: IssuerProfile,
    achievement: Achievement,
    subject: Subject,
    valid_from: datetime,
    valid_until: datetime | None = None,
    status: StatusEntry | None = None,
    evidence: tuple[EvidenceSummary, ...] | list[EvidenceSummary] = (),
    name: str = "",
    description: str = "",
    image: Image | None = None,
) -> dict[str, Any]:
    """The unsigned ``OpenBadgeCredential`` JSON for these values (sign it with ``sign``).

    ``id`` is the credential's absolute URL or ``urn:uuid:...``; ``name`` defaults to the
    achievement's. Dates are written ``YYYY-MM-DDThh:mm:ssZ``; ``valid_until`` must be after
    ``valid_from``.
    """
    if valid_until is not None and valid_until <= valid_from:
        raise CredentialError("validUntil must be after validFrom")
    subject_json: dict[str, Any] = {"type": ["AchievementSubject"]}
    if subject.id:
        subject_json["id"] = subject.id
    if subject.identity:
        subject_json["identifier"] = [subject.identity.as_json()]
    subject_json["achievement"] = achievement.as_json()
    credential: dict[str, Any] = {
        "@context": list(CREDENTIAL_CONTEXT),
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name or achievement.name,
    }
    if description:
        credential["description"] = description
    if image:
        credential["image"] = image.as_json()
    credential["issuer"] = issuer.as_json()
    credential["validFrom"] = format_datetime(valid_from)
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = subject_json
    if status is not None:
        credential["credentialStatus"] = status.as_json()
    if evidence:
        credential["evidence"] = [item.as_json() for item in evidence]
    return credential


def build_credential_from(data: CredentialData) -> dict[str, Any]:
    """``build_credential`` with the fields of a ``CredentialData``."""
    return build_credential(
        id=data.id,
        issuer=data.issuer,
        achievement=data.achievement,
        subject=data.subject,
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        status=data.status,
        evidence=data.evidence,
        name=data.name,
        description=data.description,
        image=data.image,
    )
