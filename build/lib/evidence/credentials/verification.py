"""Full verification of a credential: proof, issuer, dates and revocation status.

``verify`` answers the question the public verification page asks, with one of the statuses
``valid``, ``revoked``, ``expired``, ``not_yet_valid`` or ``invalid`` and a plain reason.
"""

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from cachetools import LRUCache

from .contexts import VC_V2, DocumentLoader, document_loader
from .errors import InvalidKeyError, StatusListError
from .integrity import verify_proof
from .keys import PublicKeyResolver, encode_public_key
from .status_list import decode_status_list, status_bit
from .timefmt import parse_datetime, utcnow

Status = Literal["valid", "revoked", "expired", "not_yet_valid", "invalid"]
StatusListSource = Callable[[str], dict[str, Any] | None] | Mapping[str, dict[str, Any]]
"""Gives the signed status list credential for a ``statusListCredential`` URL (or None)."""


@dataclass(frozen=True)
class VerificationResult:
    """``status`` (``valid`` only when everything holds) and a ``reason`` when it is not."""

    status: Status
    reason: str = ""

    @property
    def valid(self) -> bool:
        return self.status == "valid"

    def __bool__(self) -> bool:
        return self.valid


def _issuer_id(document: dict[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def _check_secured(
    document: dict[str, Any], resolve_public_key: PublicKeyResolver, loader: DocumentLoader
) -> str:
    """'' if the document is a VC 2.0 credential with a valid proof by its issuer's key."""
    context = document.get("@context")
    if not (isinstance(context, list) and context and context[0] == VC_V2):
        return "the first @context is not the VC 2.0 context"
    types = document.get("type")
    if not (isinstance(types, list) and "VerifiableCredential" in types):
        return "not a VerifiableCredential"
    proof = verify_proof(document, resolve_public_key, loader=loader)
    if not proof:
        return proof.reason
    issuer = _issuer_id(document)
    controller = proof.verification_method.partition("#")[0]
    if not issuer or issuer != controller:
        return "the proof's key is not controlled by the credential's issuer"
    return ""


_VERIFIED_STATUS_LISTS: LRUCache = LRUCache(maxsize=256)


def _check_status_list(
    status_list: dict[str, Any], resolve_public_key: PublicKeyResolver, loader: DocumentLoader
) -> str:
    """``_check_secured`` for a status list credential, remembering lists already verified:
    many credentials share one list. The memo key is the list's exact content and the public
    key its proof names, so a changed list or another key is checked again."""
    proof = status_list.get("proof")
    method = proof.get("verificationMethod") if isinstance(proof, dict) else None
    if not isinstance(method, str):
        return "the status list has no proof"
    try:
        public_key = encode_public_key(resolve_public_key(method))
    except InvalidKeyError as exc:
        return str(exc)
    content = json.dumps(status_list, sort_keys=True, separators=(",", ":"))
    key = (hashlib.sha256(content.encode("utf-8")).digest(), method, public_key)
    if key in _VERIFIED_STATUS_LISTS:
        return ""
    problem = _check_secured(status_list, resolve_public_key, loader)
    if not problem:
        _VERIFIED_STATUS_LISTS[key] = True
    return problem


def _status_list(source: StatusListSource | None, url: str) -> dict[str, Any] | None:
    if source is None:
        return None
    if isinstance(source, Mapping):
        return source.get(url)
    return source(url)


def _check_status(
    document: dict[str, Any],
    resolve_public_key: PublicKeyResolver,
    status_lists: StatusListSource | None,
    loader: DocumentLoader,
) -> VerificationResult | None:
    entries = document.get("credentialStatus")
    if entries is None:
        return None
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            return VerificationResult("invalid", "unsupported credentialStatus")
        url, purpose = entry.get("statusListCredential"), entry.get("statusPurpose")
        index = entry.get("statusListIndex")
        if not (isinstance(url, str) and isinstance(index, str) and index.isdigit()):
            return VerificationResult("invalid", "malformed credentialStatus entry")
        status_list = _status_list(status_lists, url)
        if not isinstance(status_list, dict):
            return VerificationResult("invalid", f"the status list {url} is not available")
        problem = _check_status_list(status_list, resolve_public_key, loader)
        if problem:
            return VerificationResult("invalid", f"the status list is not valid: {problem}")
        if _issuer_id(status_list) != _issuer_id(document):
            return VerificationResult("invalid", "the status list has another issuer")
        subject = status_list.get("credentialSubject")
        if not isinstance(subject, dict):
            return VerificationResult("invalid", "the status list has no BitstringStatusList")
        if "BitstringStatusListCredential" not in status_list.get("type", []):
            return VerificationResult("invalid", "not a BitstringStatusListCredential")
        if subject.get("type") != "BitstringStatusList" or subject.get("statusPurpose") != (
            purpose
        ):
            return VerificationResult("invalid", "the status list does not match the entry")
        try:
            is_set = status_bit(decode_status_list(subject.get("encodedList")), int(index))
        except StatusListError as exc:
            return VerificationResult("invalid", str(exc))
        if is_set and purpose == "revocation":
            return VerificationResult("revoked", "the issuer has revoked this credential")
        if is_set:
            return VerificationResult("invalid", f"status {purpose} is set")
    return None


def verify(
    document: dict[str, Any],
    resolve_public_key: PublicKeyResolver,
    *,
    status_lists: StatusListSource | None = None,
    now: datetime | None = None,
    loader: DocumentLoader = document_loader,
) -> VerificationResult:
    """Verify a credential the way an independent verifier does, offline.

    In order: VC 2.0 shape and JSON-LD safe mode, the eddsa-rdfc-2022 proof, the key belongs
    to the issuer (``resolve_public_key`` maps a verification method id to a public key, see
    ``keys.public_key_resolver``), the revocation status (the status list credential comes
    from ``status_lists``, must verify and have the same issuer), then ``validFrom`` and
    ``validUntil`` against ``now`` (default: the current time). Never raises for a bad
    credential; the first failing check decides the status.
    """
    if not isinstance(document, dict):
        return VerificationResult("invalid", "a credential is a JSON object")
    problem = _check_secured(document, resolve_public_key, loader)
    if problem:
        return VerificationResult("invalid", problem)
    status = _check_status(document, resolve_public_key, status_lists, loader)
    if status is not None:
        return status
    now = now or utcnow()
    try:
        valid_from = parse_datetime(document["validFrom"]) if "validFrom" in document else None
        valid_until = parse_datetime(document["validUntil"]) if "validUntil" in document else None
    except ValueError as exc:
        return VerificationResult("invalid", str(exc))
    if valid_until is not None and now > valid_until:
        return VerificationResult("expired", f"the credential expired on {document['validUntil']}")
    if valid_from is not None and now < valid_from:
        return VerificationResult("not_yet_valid", f"valid from {document['validFrom']} only")
    return VerificationResult("valid")
