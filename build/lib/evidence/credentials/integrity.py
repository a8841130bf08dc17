"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C vc-di-eddsa).

Signing: canonicalise (RDFC-1.0) the proof configuration (the proof options plus the
document's ``@context``, no ``proofValue``) and the document without ``proof``; the signed
bytes are SHA-256(proof configuration) followed by SHA-256(document); ``proofValue`` is the
Ed25519 signature in multibase base58btc. Documents that fail JSON-LD safe mode are refused.
"""

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .contexts import DocumentLoader, document_loader
from .errors import CredentialError, InvalidKeyError
from .jsonld import canonicalize
from .keys import (
    PublicKeyResolver,
    SigningKey,
    multibase_decode,
    multibase_encode,
    verify_signature,
)
from .timefmt import format_datetime, utcnow

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


def _proof_configuration(document: dict[str, Any], proof: dict[str, Any]) -> dict[str, Any]:
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    options.pop("@context", None)
    return {"@context": copy.deepcopy(document["@context"]), **options}


def hash_data(
    document: dict[str, Any], proof: dict[str, Any], *, loader: DocumentLoader = document_loader
) -> bytes:
    """The 64 bytes eddsa-rdfc-2022 signs: SHA-256 of the canonical proof configuration, then
    SHA-256 of the canonical document without ``proof``."""
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    config_hash = hashlib.sha256(
        canonicalize(_proof_configuration(document, proof), loader=loader).encode("utf-8")
    ).digest()
    document_hash = hashlib.sha256(canonicalize(unsecured, loader=loader).encode("utf-8")).digest()
    return config_hash + document_hash


def sign(
    document: dict[str, Any],
    private_key: SigningKey,
    verification_method: str,
    *,
    created: datetime | None = None,
    proof_purpose: str = "assertionMethod",
    loader: DocumentLoader = document_loader,
) -> dict[str, Any]:
    """A copy of ``document`` with a ``DataIntegrityProof`` (eddsa-rdfc-2022) added.

    ``document`` must not have a proof yet and must pass JSON-LD safe mode
    (``UnsafeDocumentError`` otherwise). Serve exactly the returned dict: re-rendering it
    (dates, numbers) after signing breaks the signature.
    """
    if "proof" in document:
        raise CredentialError("the document already has a proof")
    if "@context" not in document:
        raise CredentialError("the document has no @context")
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created or utcnow()),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    # A JSON round trip copies faster than deepcopy and refuses what JSON cannot carry
    # (a Decimal, a datetime): what is signed is exactly what will be served.
    try:
        secured = json.loads(json.dumps(document, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise CredentialError(f"the document is not plain JSON: {exc}") from None
    signature = private_key.sign(hash_data(secured, proof, loader=loader))
    secured["proof"] = {**proof, "proofValue": multibase_encode(signature)}
    return secured


@dataclass(frozen=True)
class ProofResult:
    """The outcome of checking a proof: ``verified`` and, if not, a ``reason``."""

    verified: bool
    reason: str = ""
    verification_method: str = ""

    def __bool__(self) -> bool:
        return self.verified


def verify_proof(
    document: dict[str, Any],
    resolve_public_key: PublicKeyResolver,
    *,
    proof_purpose: str = "assertionMethod",
    loader: DocumentLoader = document_loader,
) -> ProofResult:
    """Check the single eddsa-rdfc-2022 proof of ``document`` (signature only: no dates, no
    status, no controller check). Never raises for a bad document: the reason says why."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        return ProofResult(False, "the document has no single proof")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofResult(False, f"not a {PROOF_TYPE} with cryptosuite {CRYPTOSUITE}")
    if proof.get("proofPurpose") != proof_purpose:
        return ProofResult(False, f"the proof purpose is not {proof_purpose}")
    method = proof.get("verificationMethod")
    if not isinstance(method, str):
        return ProofResult(False, "the proof names no verification method")
    try:
        public_key = resolve_public_key(method)
        signature = multibase_decode(proof.get("proofValue", ""))
        data = hash_data(document, proof, loader=loader)
    except InvalidKeyError as exc:
        return ProofResult(False, str(exc), method)
    except CredentialError as exc:
        return ProofResult(False, str(exc), method)
    except Exception as exc:  # pyld raises its own JsonLdError on malformed input
        return ProofResult(False, f"the document could not be processed: {exc}", method)
    if len(signature) != 64 or not verify_signature(public_key, signature, data):
        return ProofResult(False, "the signature does not match the document", method)
    return ProofResult(True, "", method)
