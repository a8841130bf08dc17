"""Baking into PNG (iTXt ``openbadgecredential``) and SVG (``<openbadges:credential>``)."""

import io

import pytest
from PIL import Image

from evidence.credentials import BakingError, bake_png, bake_svg, extract_png, extract_svg, verify

SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10">'
    '<circle cx="5" cy="5" r="4" fill="#123"/></svg>'
)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 8), (200, 30, 60)).save(out, format="PNG")
    return out.getvalue()


def test_png_round_trip_keeps_the_image_and_the_signature(issue, issuer) -> None:
    credential = issue(1)
    credential["credentialSubject"]["achievement"]["description"] += " <b>]]></b> ✓"
    original = _png()
    baked = bake_png(original, credential)
    assert extract_png(baked) == credential
    assert baked.count(b"openbadgecredential") == 1
    with Image.open(io.BytesIO(baked)) as image, Image.open(io.BytesIO(original)) as before:
        assert image.tobytes() == before.tobytes()
    again = bake_png(baked, issue(2))  # re-baking replaces, never duplicates
    assert extract_png(again) == issue(2) | {"proof": extract_png(again)["proof"]}
    assert again.count(b"openbadgecredential") == 1
    assert extract_png(original) is None
    signed = issue(3)
    assert verify(
        extract_png(bake_png(original, signed)), issuer.resolver(), status_lists=issuer.documents()
    ).valid
    with pytest.raises(BakingError):
        bake_png(b"GIF89a not a png", credential)


def test_svg_round_trip(issue, issuer) -> None:
    credential = issue(1)
    credential["name"] += " ]]> & <script>"
    baked = bake_svg(SVG, credential)
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert "<openbadges:credential><![CDATA[" in baked
    assert "<script>" not in baked
    assert extract_svg(baked) == credential
    rebaked = bake_svg(baked, issue(2))
    assert rebaked.count("<openbadges:credential>") == 1
    assert extract_svg(rebaked)["id"] == issue(2)["id"]
    assert extract_svg(SVG) is None
    signed = issue(3)
    assert verify(
        extract_svg(bake_svg(SVG, signed)), issuer.resolver(), status_lists=issuer.documents()
    ).valid
    with pytest.raises(BakingError):
        bake_svg(
            '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>', credential
        )
    with pytest.raises(BakingError):
        extract_svg("<html/>")
