"""Badge images: the achievement's own image or a plain default, baked with the credential
(Open Badges 3.0 baking), and the QR code of the verification page."""

import base64
import io
from functools import lru_cache
from xml.sax.saxutils import escape

import segno
from PIL import Image, ImageDraw, ImageFont

from . import credentials as ob
from .models import Achievement, Credential

SIZE = 400


@lru_cache(maxsize=32)
def default_png(title: str) -> bytes:
    """A plain round badge with the title, drawn with Pillow."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=(14, 59, 112, 255), outline=(242, 169, 0, 255),
                 width=14)  # fmt: skip
    try:
        big, small = ImageFont.load_default(size=54), ImageFont.load_default(size=22)
    except TypeError:  # Pillow without FreeType
        big = small = ImageFont.load_default()  # type: ignore[assignment]
    draw.text((SIZE / 2, SIZE / 2 - 30), "LAUNCH!", font=big, fill="white", anchor="mm")
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) > 22 and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for n, text in enumerate(lines[:3]):
        draw.text((SIZE / 2, SIZE / 2 + 30 + n * 28), text, font=small, fill="white", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def default_svg(title: str) -> str:
    """A plain round badge with the title, as SVG."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400"'
        ' role="img" aria-label="' + escape(title, {'"': "&quot;"}) + '">\n'
        '  <circle cx="200" cy="200" r="185" fill="#0e3b70" stroke="#f2a900" stroke-width="14"/>\n'
        '  <text x="200" y="185" text-anchor="middle" font-family="sans-serif" font-size="54"'
        ' font-weight="bold" fill="#ffffff">LAUNCH!</text>\n'
        '  <text x="200" y="235" text-anchor="middle" font-family="sans-serif" font-size="20"'
        ' fill="#ffffff">' + escape(title[:40]) + "</text>\n</svg>\n"
    )


def _image_bytes(achievement: Achievement) -> tuple[str, bytes] | None:
    """(format, bytes) of the achievement's own image, or None."""
    image = achievement.image
    if image is None:
        return None
    name = image.file.name.lower()
    with image.open_file() as handle:
        data = handle.read()
    if name.endswith(".svg"):
        return "svg", data
    if name.endswith(".png"):
        return "png", data
    rendition = image.get_rendition("original|format-png")
    with rendition.file.open("rb") as handle:
        return "png", handle.read()


def badge_png(credential: Credential) -> bytes:
    """The badge PNG with the credential baked in (the stored signed JSON, unchanged)."""
    own = _image_bytes(credential.achievement)
    png = own[1] if own and own[0] == "png" else default_png(credential.achievement.name)
    return ob.bake_png(png, ob_document(credential))


def badge_svg(credential: Credential) -> str:
    """The badge SVG with the credential baked in. A raster image is wrapped in an SVG."""
    own = _image_bytes(credential.achievement)
    name = credential.achievement.name
    if own and own[0] == "svg":
        svg = own[1].decode("utf-8")
    elif own:
        data = base64.b64encode(own[1]).decode("ascii")
        svg = (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" '
            f'height="400" role="img" aria-label="{escape(name, {chr(34): "&quot;"})}">'
            f'<image href="data:image/png;base64,{data}" width="400" height="400"/></svg>'
        )
    else:
        svg = default_svg(name)
    return ob.bake_svg(svg, ob_document(credential))


def ob_document(credential: Credential) -> dict:
    import json

    return json.loads(credential.document)


def qr_svg(url: str) -> bytes:
    """A QR code (SVG) that opens ``url``."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2, title=url)
    return out.getvalue()
