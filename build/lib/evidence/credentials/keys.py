"""Ed25519 keys, Multikey encodings, did:key and did:web identifiers and DID documents.

The private key lives only inside a ``SigningKey``: its ``repr``/``str`` show the public key,
it refuses to be pickled (so it cannot slip into a task payload or a cache), and the secret
comes out only through the explicit ``secret_multibase()``.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn
from urllib.parse import quote, unquote

import base58
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from .contexts import DID_V1, MULTIKEY_V1
from .errors import InvalidKeyError

ED25519_PUB_CODEC = b"\xed\x01"  # multicodec ed25519-pub, varint
ED25519_PRIV_CODEC = b"\x80\x26"  # multicodec ed25519-priv, varint

PublicKeyResolver = Callable[[str], Ed25519PublicKey]
"""Given a verification method id, the public key it names (or ``InvalidKeyError``)."""


def multibase_encode(data: bytes) -> str:
    """Multibase base58btc: ``z`` + base58 (Bitcoin alphabet)."""
    return "z" + base58.b58encode(data).decode("ascii")


def multibase_decode(value: str) -> bytes:
    """The bytes of a multibase base58btc string (``z...``); ``InvalidKeyError`` otherwise."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise InvalidKeyError("only multibase base58btc ('z...') is supported")
    try:
        return base58.b58decode(value[1:])
    except ValueError as exc:
        raise InvalidKeyError(f"not base58btc: {exc}") from None


def _public_bytes(key: Ed25519PublicKey | bytes) -> bytes:
    if isinstance(key, bytes):
        if len(key) != 32:
            raise InvalidKeyError("an Ed25519 public key has 32 bytes")
        return key
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def encode_public_key(key: Ed25519PublicKey | bytes) -> str:
    """The Multikey ``publicKeyMultibase`` of an Ed25519 public key (``z6Mk...``)."""
    return multibase_encode(ED25519_PUB_CODEC + _public_bytes(key))


def decode_public_key(multibase: str) -> Ed25519PublicKey:
    """The Ed25519 public key of a Multikey ``publicKeyMultibase``; ``InvalidKeyError`` if
    it is not base58btc, not ed25519-pub or not 32 bytes."""
    data = multibase_decode(multibase)
    if not data.startswith(ED25519_PUB_CODEC) or len(data) != 34:
        raise InvalidKeyError("not an Ed25519 Multikey public key")
    try:
        return Ed25519PublicKey.from_public_bytes(data[2:])
    except ValueError:
        raise InvalidKeyError("not a valid Ed25519 public key") from None


class SigningKey:
    """An Ed25519 private key that does not show itself: repr and str give the public key."""

    __slots__ = ("__private", "public_key", "public_key_multibase")

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self.__private = private_key
        self.public_key: Ed25519PublicKey = private_key.public_key()
        self.public_key_multibase: str = encode_public_key(self.public_key)

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data``."""
        return self.__private.sign(data)

    def secret_multibase(self) -> str:
        """The private key as a Multikey ``secretKeyMultibase`` (``z3u2...``), for a secret
        store or environment variable only. Never log or store this in the database."""
        seed = self.__private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return multibase_encode(ED25519_PRIV_CODEC + seed)

    def __repr__(self) -> str:
        return f"<SigningKey {self.public_key_multibase}>"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a SigningKey is not picklable: pass the key's id, load it where used")

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, SigningKey)
            and other.public_key_multibase == self.public_key_multibase
        )

    def __hash__(self) -> int:
        return hash(self.public_key_multibase)


def generate_signing_key() -> SigningKey:
    """A new random Ed25519 key."""
    return SigningKey(Ed25519PrivateKey.generate())


def signing_key_from_seed(seed: bytes) -> SigningKey:
    """The Ed25519 key with this 32-byte seed (the raw private key)."""
    if len(seed) != 32:
        raise InvalidKeyError("an Ed25519 private key (seed) has 32 bytes")
    return SigningKey(Ed25519PrivateKey.from_private_bytes(seed))


def signing_key_from_multibase(secret: str) -> SigningKey:
    """The key of a Multikey ``secretKeyMultibase`` (``z3u2...``, as ``secret_multibase``
    writes it); ``InvalidKeyError`` without repeating the secret in the message."""
    try:
        data = multibase_decode(secret.strip())
    except InvalidKeyError:
        raise InvalidKeyError("the secret key is not multibase base58btc") from None
    if not data.startswith(ED25519_PRIV_CODEC) or len(data) != 34:
        raise InvalidKeyError("the secret key is not an Ed25519 Multikey secret key")
    return signing_key_from_seed(data[2:])


def verify_signature(public_key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` is a valid Ed25519 signature of ``data`` by ``public_key``."""
    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


# --- identifiers ------------------------------------------------------------------------


def did_key(key: Ed25519PublicKey | bytes) -> str:
    """``did:key:z6Mk...`` for an Ed25519 public key."""
    return "did:key:" + encode_public_key(key)


def did_key_verification_method(key: Ed25519PublicKey | bytes) -> str:
    """The verification method id of a did:key: the DID, ``#`` and the key again."""
    multibase = encode_public_key(key)
    return f"did:key:{multibase}#{multibase}"


def did_web(host: str, *path: str) -> str:
    """The did:web DID for ``host`` (may carry a port) and optional path segments:
    ``did_web("launch.example.org")`` is ``did:web:launch.example.org`` (document at
    ``/.well-known/did.json``); a port is percent-encoded (``localhost%3A8000``)."""
    if not host or "/" in host:
        raise ValueError("did:web needs a bare host name (with an optional port)")
    parts = [quote(host, safe=""), *(quote(segment, safe="") for segment in path)]
    return "did:web:" + ":".join(parts)


def did_web_document_url(did: str) -> str:
    """The https URL where the DID document of a did:web DID is served."""
    if not did.startswith("did:web:"):
        raise ValueError(f"not a did:web DID: {did!r}")
    host, *path = did.removeprefix("did:web:").split(":")
    base = "https://" + unquote(host)
    if path:
        return base + "/" + "/".join(unquote(segment) for segment in path) + "/did.json"
    return base + "/.well-known/did.json"


def verification_method_id(did: str, key: Ed25519PublicKey | bytes | str) -> str:
    """The id of ``key`` inside the DID document of ``did``: ``did#z6Mk...`` (the Multikey
    fragment stays the same across key rotations, so old ids keep resolving)."""
    multibase = key if isinstance(key, str) else encode_public_key(key)
    return f"{did}#{multibase}"


def multikey(did: str, key: Ed25519PublicKey | bytes | str) -> dict[str, Any]:
    """A ``Multikey`` verification method object controlled by ``did``."""
    multibase = key if isinstance(key, str) else encode_public_key(key)
    decode_public_key(multibase)  # refuse anything that is not an Ed25519 Multikey
    return {
        "id": verification_method_id(did, multibase),
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": multibase,
    }


def did_document(
    did: str,
    *,
    active: Sequence[Ed25519PublicKey | bytes | str],
    retired: Iterable[Ed25519PublicKey | bytes | str] = (),
) -> dict[str, Any]:
    """The DID document of the issuer: every key (active first, then retired) under
    ``verificationMethod`` and ``assertionMethod``, so credentials signed with a retired key
    still verify. New credentials should be signed with ``active[0]``."""
    unique: dict[str, dict[str, Any]] = {}
    for key in [*active, *retired]:
        method = multikey(did, key)
        unique.setdefault(method["id"], method)
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": list(unique.values()),
        "assertionMethod": list(unique),
    }


def public_key_resolver(
    did_documents: Iterable[dict[str, Any]] = (), *, allow_did_key: bool = True
) -> PublicKeyResolver:
    """A resolver for ``verify``: a verification method id -> its Ed25519 public key.

    Resolves keys listed in one of ``did_documents`` under both ``verificationMethod`` and
    ``assertionMethod`` (controlled by that DID), and, if ``allow_did_key``, did:key ids.
    Anything else raises ``InvalidKeyError``. Offline.
    """
    keys: dict[str, Ed25519PublicKey] = {}
    for document in did_documents:
        did = document["id"]
        asserted = {m if isinstance(m, str) else m.get("id") for m in document["assertionMethod"]}
        for method in document.get("verificationMethod", []):
            if method.get("controller") != did or method.get("id") not in asserted:
                continue
            if method.get("type") != "Multikey" or "revoked" in method:
                continue
            keys[method["id"]] = decode_public_key(method["publicKeyMultibase"])

    def resolve(method_id: str) -> Ed25519PublicKey:
        if method_id in keys:
            return keys[method_id]
        if allow_did_key and method_id.startswith("did:key:"):
            did, _, fragment = method_id.partition("#")
            multibase = did.removeprefix("did:key:")
            if fragment == multibase:
                return decode_public_key(multibase)
        raise InvalidKeyError(f"unknown verification method {method_id!r}")

    return resolve
