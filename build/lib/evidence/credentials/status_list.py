"""W3C Bitstring Status List v1.0: the revocation list and its credential.

``encodedList`` is ``u`` + base64url (no padding) of the GZIP of the bitstring; the list has
at least 131,072 bits (16 KB, for herd privacy); bit 0 is the most significant bit of the
first byte.
"""

import base64
import gzip
import zlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from .contexts import VC_V2
from .errors import StatusListError
from .timefmt import format_datetime

MIN_BITS = 131_072
MAX_DECODED_BYTES = 16 * 1024 * 1024  # refuse gzip bombs when reading a list


def _check_index(index: int, size: int) -> None:
    if not 0 <= index < size:
        raise StatusListError(f"status list index {index} is outside 0..{size - 1}")


def encode_status_list(revoked: Iterable[int], *, size: int = MIN_BITS) -> str:
    """The ``encodedList`` with the bits at the ``revoked`` indexes set (``size`` bits, at
    least 131,072 and a multiple of 8). Deterministic: same bits, same string."""
    if size < MIN_BITS or size % 8:
        raise StatusListError(f"a status list has at least {MIN_BITS} bits, a multiple of 8")
    bits = bytearray(size // 8)
    for index in revoked:
        _check_index(index, size)
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_status_list(encoded: object) -> bytes:
    """The raw bitstring of an ``encodedList`` (``StatusListError`` if it is malformed or
    shorter than 131,072 bits)."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("encodedList must be multibase base64url ('u...')")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        bits = decompressor.decompress(compressed, MAX_DECODED_BYTES)
    except (ValueError, zlib.error) as exc:
        raise StatusListError(f"encodedList is not GZIP in base64url: {exc}") from None
    if decompressor.unconsumed_tail:
        raise StatusListError("encodedList is too large")
    if len(bits) * 8 < MIN_BITS:
        raise StatusListError(f"a status list has at least {MIN_BITS} bits")
    return bits


def status_bit(bits: bytes, index: int) -> bool:
    """Whether bit ``index`` is set (bit 0 = most significant bit of the first byte)."""
    _check_index(index, len(bits) * 8)
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def revoked_indexes(encoded: str) -> list[int]:
    """Every index whose bit is set in an ``encodedList``."""
    bits = decode_status_list(encoded)
    return [
        byte_index * 8 + bit
        for byte_index, byte in enumerate(bits)
        if byte
        for bit in range(8)
        if byte & (0x80 >> bit)
    ]


def build_status_list_credential(
    *,
    id: str,
    issuer: str,
    revoked: Iterable[int],
    valid_from: datetime,
    valid_until: datetime | None = None,
    purpose: str = "revocation",
    size: int = MIN_BITS,
) -> dict[str, Any]:
    """The unsigned ``BitstringStatusListCredential`` at URL ``id`` with the bits at
    ``revoked`` set. ``issuer`` is the DID of the issuer of the credentials it covers: sign
    it with ``sign`` and that issuer's key (verifiers check the issuers match)."""
    credential: dict[str, Any] = {
        "@context": [VC_V2],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = {
        "id": f"{id}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": encode_status_list(revoked, size=size),
    }
    return credential
