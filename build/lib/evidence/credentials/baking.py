"""Baking: the credential JSON inside the badge image (Open Badges 3.0, "Badge Baking").

PNG: one ``iTXt`` chunk with keyword ``openbadgecredential`` (uncompressed, no language),
placed before the image data. SVG: an ``<openbadges:credential>`` element (namespace
``https://purl.imsglobal.org/ob/v3p0``) right inside the root, holding the JSON in CDATA.
Baking replaces any credential already baked in; extraction returns None when there is none.
"""

import io
import json
import re
import struct
import zlib
from typing import Any
from xml.etree import ElementTree

from PIL import Image, PngImagePlugin, UnidentifiedImageError

from .errors import BakingError

PNG_KEYWORD = "openbadgecredential"
OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _credential_json(credential: dict[str, Any]) -> str:
    # ``<`` and ``>`` only occur inside JSON strings: escaping them keeps the same JSON value
    # and means the text can never close the CDATA section (or an SVG element).
    text = json.dumps(credential, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e")


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(_PNG_SIGNATURE):
        raise BakingError("not a PNG file")
    chunks, offset = [], len(_PNG_SIGNATURE)
    while offset < len(data):
        if offset + 8 > len(data):
            raise BakingError("truncated PNG chunk")
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        if len(body) != length:
            raise BakingError("truncated PNG chunk")
        chunks.append((kind, body))
        offset += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _is_credential_chunk(kind: bytes, body: bytes) -> bool:
    return kind == b"iTXt" and body.split(b"\x00", 1)[0] == PNG_KEYWORD.encode("ascii")


def bake_png(image: bytes, credential: dict[str, Any]) -> bytes:
    """The PNG ``image`` with ``credential`` baked in (any earlier one replaced). The image
    data is kept byte for byte; ``BakingError`` if ``image`` is not a valid PNG."""
    try:
        with Image.open(io.BytesIO(image)) as checked:
            if checked.format != "PNG":
                raise BakingError("not a PNG file")
            checked.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise BakingError(f"not a valid PNG: {exc}") from None
    text = _credential_json(credential).encode("utf-8")
    # keyword, NUL, compression flag 0, compression method 0, no language, NUL, no
    # translated keyword, NUL, text
    itxt = _chunk(b"iTXt", PNG_KEYWORD.encode("ascii") + b"\x00\x00\x00" + b"\x00\x00" + text)
    out, placed = [_PNG_SIGNATURE], False
    for kind, body in _chunks(image):
        if _is_credential_chunk(kind, body):
            continue
        if kind in (b"IDAT", b"IEND") and not placed:
            out.append(itxt)
            placed = True
        out.append(_chunk(kind, body))
    return b"".join(out)


def extract_png(image: bytes) -> dict[str, Any] | None:
    """The credential baked into a PNG (read with Pillow), or None if there is none."""
    try:
        with Image.open(io.BytesIO(image)) as opened:
            if not isinstance(opened, PngImagePlugin.PngImageFile):
                raise BakingError("not a PNG file")
            opened.load()
            text = opened.text.get(PNG_KEYWORD)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise BakingError(f"not a valid PNG: {exc}") from None
    if text is None:
        return None
    try:
        return json.loads(str(text))
    except json.JSONDecodeError as exc:
        raise BakingError(f"the baked credential is not JSON: {exc}") from None


_SVG_ROOT = re.compile(r"<svg\b[^>]*?(/?)>", re.DOTALL)
_FORBIDDEN_XML = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_BAKED = re.compile(r"\s*<openbadges:credential\b[^>]*>.*?</openbadges:credential>", re.DOTALL)


def _parse_svg(svg: str) -> ElementTree.Element:
    if _FORBIDDEN_XML.search(svg):
        raise BakingError("SVG with a DOCTYPE or entities is refused")
    try:
        root = ElementTree.fromstring(svg)  # noqa: S314 (no DTD/entities: refused above)
    except ElementTree.ParseError as exc:
        raise BakingError(f"not well-formed SVG: {exc}") from None
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise BakingError("the root element is not <svg> in the SVG namespace")
    return root


def bake_svg(svg: str, credential: dict[str, Any]) -> str:
    """The SVG text with ``credential`` baked in as the first child of the root (any earlier
    ``<openbadges:credential>`` replaced, the namespace declared if missing)."""
    _parse_svg(svg)
    svg = _BAKED.sub("", svg)
    match = _SVG_ROOT.search(svg)
    if match is None or match.group(1):
        raise BakingError("the SVG root must be an <svg ...> start tag with content")
    start_tag = match.group(0)
    if "xmlns:openbadges=" not in start_tag:
        start_tag = start_tag[:-1] + f' xmlns:openbadges="{OB_NAMESPACE}">'
    element = (
        f"\n  <openbadges:credential><![CDATA[{_credential_json(credential)}]]>"
        "</openbadges:credential>"
    )
    baked = svg[: match.start()] + start_tag + element + svg[match.end() :]
    _parse_svg(baked)
    return baked


def extract_svg(svg: str) -> dict[str, Any] | None:
    """The credential baked into an SVG, or None if there is none."""
    element = _parse_svg(svg).find(f"{{{OB_NAMESPACE}}}credential")
    if element is None or not (element.text or "").strip():
        return None
    try:
        return json.loads(element.text or "")
    except json.JSONDecodeError as exc:
        raise BakingError(f"the baked credential is not JSON: {exc}") from None
