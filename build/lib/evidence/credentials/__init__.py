"""Open Badges 3.0 credentials in plain Python: no Django, no ORM, no network.

Build an ``OpenBadgeCredential`` from dataclasses (``build_credential``), refuse documents
that JSON-LD safe mode would refuse, sign with Data Integrity ``eddsa-rdfc-2022`` (``sign``),
verify proof, issuer, status and dates (``verify``), publish revocations as a Bitstring
Status List credential, describe the issuer's keys as a did:web DID document, and bake the
credential into PNG and SVG badge images. JSON-LD contexts are vendored (``contexts/``).
"""

from .baking import bake_png, bake_svg, extract_png, extract_svg
from .contexts import (
    CONTEXT_FILES,
    DATA_INTEGRITY_V2,
    DID_V1,
    MULTIKEY_V1,
    OB_V3P0,
    VC_V2,
    document_loader,
    make_document_loader,
)
from .credential import (
    CREDENTIAL_CONTEXT,
    Achievement,
    Alignment,
    CredentialData,
    EvidenceSummary,
    IdentityHash,
    Image,
    IssuerProfile,
    StatusEntry,
    Subject,
    build_credential,
    build_credential_from,
    hash_identity,
)
from .errors import (
    BakingError,
    ContextNotVendoredError,
    CredentialError,
    InvalidKeyError,
    StatusListError,
    UnsafeDocumentError,
)
from .integrity import ProofResult, sign, verify_proof
from .jsonld import canonicalize, expand_safely
from .keys import (
    PublicKeyResolver,
    SigningKey,
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
    verification_method_id,
)
from .status_list import (
    MIN_BITS,
    build_status_list_credential,
    decode_status_list,
    encode_status_list,
    revoked_indexes,
    status_bit,
)
from .timefmt import format_datetime, parse_datetime
from .verification import VerificationResult, verify

__all__ = [
    "CONTEXT_FILES",
    "CREDENTIAL_CONTEXT",
    "DATA_INTEGRITY_V2",
    "DID_V1",
    "MIN_BITS",
    "MULTIKEY_V1",
    "OB_V3P0",
    "VC_V2",
    "Achievement",
    "Alignment",
    "BakingError",
    "ContextNotVendoredError",
    "CredentialData",
    "CredentialError",
    "EvidenceSummary",
    "IdentityHash",
    "Image",
    "InvalidKeyError",
    "IssuerProfile",
    "ProofResult",
    "PublicKeyResolver",
    "SigningKey",
    "StatusEntry",
    "StatusListError",
    "Subject",
    "UnsafeDocumentError",
    "VerificationResult",
    "bake_png",
    "bake_svg",
    "build_credential",
    "build_credential_from",
    "build_status_list_credential",
    "canonicalize",
    "decode_public_key",
    "decode_status_list",
    "did_document",
    "did_key",
    "did_key_verification_method",
    "did_web",
    "did_web_document_url",
    "document_loader",
    "encode_public_key",
    "encode_status_list",
    "expand_safely",
    "extract_png",
    "extract_svg",
    "format_datetime",
    "generate_signing_key",
    "hash_identity",
    "make_document_loader",
    "parse_datetime",
    "public_key_resolver",
    "revoked_indexes",
    "sign",
    "signing_key_from_multibase",
    "signing_key_from_seed",
    "status_bit",
    "verification_method_id",
    "verify",
    "verify_proof",
]
