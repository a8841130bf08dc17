"""The copy of a file a blind reviewer gets: the same content without the metadata that names
its author.

* JPEG: APP1 (EXIF, XMP), APP13 (Photoshop, IPTC), COM and the other APPn segments are
  dropped (JFIF, the ICC profile and Adobe's colour segment are kept), and anything after the
  image's end (MPF secondary images and their EXIF, vendor trailers).
* PNG: ``tEXt``, ``iTXt``, ``zTXt`` and ``eXIf`` chunks are dropped.
* WebP: ``EXIF`` and ``XMP`` chunks are dropped (and their ``VP8X`` flags cleared).
* GIF: comments and application extensions other than looping (e.g. XMP) are dropped.
* PDF (pikepdf): the document information dictionary, every ``/Metadata`` XMP stream and
  ``/PieceInfo``, and annotation authors (``/T``). Only reachable objects are written, so an
  old XMP stream left in an object stream or an earlier revision goes too.
* Word, Excel, PowerPoint: ``docProps/core.xml`` and ``docProps/app.xml`` are replaced by
  empty but valid parts, ``docProps/custom.xml`` and the thumbnail are dropped (with their
  relationships and content types), comment and revision authors become "Author", and
  embedded JPEG/PNG images are scrubbed as above.
* MP3: ID3v2, ID3v1 and APE tags are dropped. MP4/M4A: ``udta``, ``meta`` and ``uuid`` boxes
  (iTunes tags, XMP) are blanked into ``free`` boxes of the same size (no offset changes).
* Text and CSV are sent as they are: their content is the participant's own text.

Everything streams between temporary files in chunks of at most :data:`CHUNK` bytes (segment
and chunk headers are small), so a large file never sits in memory. The copy is made when a
blind reviewer downloads the file; the participant, coach and staff get the original. A file
that cannot be parsed raises :class:`ScrubFailed`: the reviewer then gets no file rather
than an unscrubbed one.
"""

import logging
import re
import shutil
import struct
import tempfile
import zipfile
from collections.abc import Callable
from typing import IO, BinaryIO, cast

logging.getLogger("pikepdf._core").setLevel(logging.WARNING)  # its import-time notice

import pikepdf  # noqa: E402

CHUNK = 256 * 1024
#: Relationship and content-type parts are small; they are read whole, up to this size.
_PACKAGE_PART_MAX = 4 * 1024 * 1024


class ScrubFailed(ValueError):
    """The file could not be parsed, so no anonymised copy exists."""


def _temp() -> IO[bytes]:
    return tempfile.TemporaryFile()


def _copy(src: IO[bytes], dst: IO[bytes], n: int | None = None) -> None:
    """Copy ``n`` bytes (all, when None) in chunks."""
    if n is None:
        shutil.copyfileobj(src, dst, CHUNK)
        return
    while n > 0:
        data = src.read(min(n, CHUNK))
        if not data:
            raise ScrubFailed("truncated")
        dst.write(data)
        n -= len(data)


def _skip(src: IO[bytes], n: int) -> None:
    src.seek(n, 1)


def _exact(src: IO[bytes], n: int) -> bytes:
    data = src.read(n)
    if len(data) != n:
        raise ScrubFailed("truncated")
    return data


# --- JPEG --------------------------------------------------------------------------------------

_JPEG_KEEP_APP = (
    (0xE0, (b"JFIF\x00", b"JFXX\x00")),
    (0xE2, (b"ICC_PROFILE\x00",)),
    (0xEE, (b"Adobe",)),
)


def _keep_jpeg_segment(marker: int, payload: bytes) -> bool:
    if marker == 0xFE:  # COM
        return False
    if 0xE0 <= marker <= 0xEF:
        return any(marker == m and payload.startswith(p) for m, ps in _JPEG_KEEP_APP for p in ps)
    return True


def _jpeg_entropy(src: IO[bytes], dst: IO[bytes]) -> None:
    """Copy entropy-coded data up to (not including) the next marker's 0xFF."""
    pending = b""
    while True:
        block = src.read(CHUNK)
        if not block:
            raise ScrubFailed("no end of image")
        data = pending + block
        start = 0
        while True:
            i = data.find(b"\xff", start)
            if i < 0 or i == len(data) - 1:
                break
            nxt = data[i + 1]
            if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
                start = i + 1 if nxt == 0xFF else i + 2
                continue
            dst.write(data[:i])
            src.seek(-(len(data) - i), 1)
            return
        keep = 1 if data.endswith(b"\xff") else 0
        dst.write(data[: len(data) - keep])
        pending = data[len(data) - keep :]


def scrub_jpeg(src: IO[bytes], dst: IO[bytes]) -> None:
    if src.read(2) != b"\xff\xd8":
        raise ScrubFailed("not a JPEG")
    dst.write(b"\xff\xd8")
    while True:
        byte = src.read(1)
        if not byte:
            raise ScrubFailed("no end of image")
        if byte != b"\xff":
            raise ScrubFailed("bad marker")
        marker = _exact(src, 1)[0]
        while marker == 0xFF:
            marker = _exact(src, 1)[0]
        if marker == 0xD9:  # EOI: anything after it is dropped
            dst.write(b"\xff\xd9")
            return
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            dst.write(bytes((0xFF, marker)))
            continue
        size = struct.unpack(">H", _exact(src, 2))[0]
        if size < 2:
            raise ScrubFailed("bad segment")
        payload = _exact(src, size - 2)
        if _keep_jpeg_segment(marker, payload):
            dst.write(bytes((0xFF, marker)) + struct.pack(">H", size) + payload)
        if marker == 0xDA:  # SOS: the scan's data follows
            _jpeg_entropy(src, dst)


# --- PNG ---------------------------------------------------------------------------------------

_PNG_DROP = {b"tEXt", b"iTXt", b"zTXt", b"eXIf"}


def scrub_png(src: IO[bytes], dst: IO[bytes]) -> None:
    signature = src.read(8)
    if signature != b"\x89PNG\r\n\x1a\n":
        raise ScrubFailed("not a PNG")
    dst.write(signature)
    while True:
        header = src.read(8)
        if not header:
            return
        if len(header) != 8:
            raise ScrubFailed("truncated")
        length, kind = struct.unpack(">I4s", header)
        if kind in _PNG_DROP:
            _skip(src, length + 4)
            continue
        dst.write(header)
        _copy(src, dst, length + 4)  # data and CRC
        if kind == b"IEND":
            return


# --- WebP --------------------------------------------------------------------------------------


def scrub_webp(src: IO[bytes], dst: IO[bytes]) -> None:
    riff = _exact(src, 12)
    if riff[:4] != b"RIFF" or riff[8:] != b"WEBP":
        raise ScrubFailed("not a WebP")
    total = struct.unpack("<I", riff[4:8])[0]
    dst.write(riff)
    written = 4
    remaining = total - 4
    while remaining >= 8:
        header = _exact(src, 8)
        kind, size = header[:4], struct.unpack("<I", header[4:])[0]
        padded = size + (size & 1)
        remaining -= 8 + padded
        if kind in (b"EXIF", b"XMP "):
            _skip(src, padded)
            continue
        dst.write(header)
        if kind == b"VP8X":
            flags = _exact(src, padded)
            dst.write(bytes((flags[0] & ~0x0C,)) + flags[1:])
        else:
            _copy(src, dst, padded)
        written += 8 + padded
    dst.seek(4)
    dst.write(struct.pack("<I", written))
    dst.seek(0, 2)


# --- GIF ---------------------------------------------------------------------------------------


def _gif_blocks(src: IO[bytes], dst: IO[bytes] | None) -> None:
    """Copy (or skip, when ``dst`` is None) data sub-blocks up to the terminator."""
    while True:
        size = _exact(src, 1)
        if dst is not None:
            dst.write(size)
        if size == b"\x00":
            return
        if dst is None:
            _skip(src, size[0])
        else:
            _copy(src, dst, size[0])


def scrub_gif(src: IO[bytes], dst: IO[bytes]) -> None:
    header = _exact(src, 13)
    if header[:3] != b"GIF":
        raise ScrubFailed("not a GIF")
    dst.write(header)
    if header[10] & 0x80:
        _copy(src, dst, 3 * 2 ** ((header[10] & 0x07) + 1))
    while True:
        introducer = _exact(src, 1)
        if introducer == b"\x3b":
            dst.write(introducer)
            return
        if introducer == b"\x2c":
            descriptor = _exact(src, 9)
            dst.write(introducer + descriptor)
            if descriptor[8] & 0x80:
                _copy(src, dst, 3 * 2 ** ((descriptor[8] & 0x07) + 1))
            dst.write(_exact(src, 1))  # LZW minimum code size
            _gif_blocks(src, dst)
            continue
        if introducer != b"\x21":
            raise ScrubFailed("bad GIF block")
        label = _exact(src, 1)
        if label == b"\xfe":  # comment
            _gif_blocks(src, None)
            continue
        if label == b"\xff":  # application extension: keep only looping
            first = _exact(src, 1)
            ident = _exact(src, first[0])
            if ident[:11] in (b"NETSCAPE2.0", b"ANIMEXTS1.0"):
                dst.write(introducer + label + first + ident)
                _gif_blocks(src, dst)
            else:
                _gif_blocks(src, None)
            continue
        dst.write(introducer + label)
        _gif_blocks(src, dst)


# --- PDF ---------------------------------------------------------------------------------------


def scrub_pdf(src: IO[bytes], dst: IO[bytes]) -> None:
    try:
        with pikepdf.open(cast(BinaryIO, src)) as pdf:
            if "/Info" in pdf.trailer:
                del pdf.trailer["/Info"]
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                    for key in ("/Metadata", "/PieceInfo"):
                        if key in obj:
                            del obj[key]
                    if obj.get("/Type") == "/Annot" or ("/Subtype" in obj and "/Rect" in obj):
                        for key in ("/T", "/RC"):
                            if key in obj:
                                del obj[key]
            pdf.save(
                cast(BinaryIO, dst),
                fix_metadata_version=False,
                preserve_pdfa=False,
                encryption=False,
            )
    except (pikepdf.PdfError, pikepdf.PasswordError, ValueError, OSError) as exc:
        raise ScrubFailed("unreadable PDF") from exc


# --- Office (docx, xlsx, pptx) -----------------------------------------------------------------

EMPTY_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
EMPTY_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'docPropsVTypes"/>'
)
_OFFICE_REPLACED = {"docProps/core.xml": EMPTY_CORE, "docProps/app.xml": EMPTY_APP}
_OFFICE_DROPPED = re.compile(r"^docProps/(custom\.xml|thumbnail\.[A-Za-z]+)$")
_OFFICE_PARTS = ("word/", "xl/", "ppt/")
#: Author attributes of comments and tracked changes (any namespace prefix).
_AUTHOR_ATTRS = re.compile(
    rb'(\s(?:\w+:)?(?:author|initials|userId|providerId|userName|lastModifiedBy))="[^"]*"'
)
#: Excel keeps the folder it was saved from (``C:\Users\<name>\...``).
_ABS_PATH = re.compile(rb'(<(?:\w+:)?absPath\b[^>]*\surl=)"[^"]*"')
#: Where people are listed (Word people, PowerPoint comment authors, Excel persons).
_PEOPLE_PARTS = re.compile(r"(people|commentAuthors|authors|persons/person\w*)\.xml$")
_PEOPLE_ATTRS = re.compile(rb'(\s(?:\w+:)?(?:name|displayName))="[^"]*"')
_AUTHOR_ELEMENT = re.compile(rb"<author>[^<]*</author>")
_IMAGE_MEMBERS = re.compile(r"\.(jpe?g|png|gif|webp)$", re.IGNORECASE)


def _scrub_xml_chunk(data: bytes, people: bool) -> bytes:
    data = _AUTHOR_ATTRS.sub(rb'\1="Author"', data)
    data = _AUTHOR_ELEMENT.sub(b"<author>Author</author>", data)
    data = _ABS_PATH.sub(rb'\1""', data)
    if people:
        data = _PEOPLE_ATTRS.sub(rb'\1="Author"', data)
    return data


def _stream_xml(src: IO[bytes], dst: IO[bytes], people: bool) -> None:
    """Rewrite author attributes chunk by chunk, cutting each chunk before its last ``<`` so
    no tag is split (a tag longer than a chunk is written as it is)."""
    carry = b""
    while True:
        block = src.read(CHUNK)
        data = carry + block
        if not block:
            dst.write(_scrub_xml_chunk(data, people))
            return
        cut = data.rfind(b"<")
        if cut <= 0 or len(data) - cut > CHUNK:
            cut = len(data)
        dst.write(_scrub_xml_chunk(data[:cut], people))
        carry = data[cut:]


def _without_dropped(xml: bytes, dropped: set[str]) -> bytes:
    for name in dropped:
        target = re.escape(name.encode())
        xml = re.sub(rb'<Relationship\b[^>]*Target="/?' + target + rb'"[^>]*/>', b"", xml)
        xml = re.sub(rb'<Override\b[^>]*PartName="/' + target + rb'"[^>]*/>', b"", xml)
    return xml


def scrub_office(src: IO[bytes], dst: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            infos = zin.infolist()
            dropped = {i.filename for i in infos if _OFFICE_DROPPED.match(i.filename)}
            for info in infos:
                name = info.filename
                if name in dropped or info.is_dir():
                    continue
                out = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                out.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(out, "w", force_zip64=info.file_size > 2**31) as target:
                    if name in _OFFICE_REPLACED:
                        target.write(_OFFICE_REPLACED[name])
                        continue
                    with zin.open(info) as member:
                        if name == "[Content_Types].xml" or name.endswith(".rels"):
                            xml = member.read(_PACKAGE_PART_MAX + 1)
                            if len(xml) > _PACKAGE_PART_MAX:
                                raise ScrubFailed("package part too large")
                            target.write(_without_dropped(xml, dropped))
                        elif name.startswith(_OFFICE_PARTS) and name.endswith(".xml"):
                            _stream_xml(member, target, bool(_PEOPLE_PARTS.search(name)))
                        elif name.startswith(_OFFICE_PARTS) and _IMAGE_MEMBERS.search(name):
                            _scrub_member_image(member, target, name)
                        else:
                            shutil.copyfileobj(member, target, CHUNK)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError) as exc:
        raise ScrubFailed("unreadable Office file") from exc


def _scrub_member_image(member: IO[bytes], target: IO[bytes], name: str) -> None:
    """An image inside an Office file: scrubbed through a temporary file (zip members do not
    seek)."""
    extension = name.rsplit(".", 1)[1].lower()
    with _temp() as raw, _temp() as clean:
        shutil.copyfileobj(member, raw, CHUNK)
        raw.seek(0)
        try:
            _SCRUBBERS[_FAMILY[extension]](raw, clean)
        except ScrubFailed:
            return  # an image that cannot be read is left out rather than copied
        clean.seek(0)
        shutil.copyfileobj(clean, target, CHUNK)


# --- audio and video ---------------------------------------------------------------------------


def _syncsafe(data: bytes) -> int:
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def scrub_mp3(src: IO[bytes], dst: IO[bytes]) -> None:
    start = 0
    while True:  # one or more ID3v2 tags at the start
        src.seek(start)
        header = src.read(10)
        if len(header) == 10 and header[:3] == b"ID3":
            start += 10 + _syncsafe(header[6:10]) + (10 if header[5] & 0x10 else 0)
            continue
        break
    end = src.seek(0, 2)
    for _ in range(3):  # ID3v1 (and its "TAG+" extension), APEv2 at the end, in any order
        if end - start >= 128:
            src.seek(end - 128)
            if src.read(3) == b"TAG":
                end -= 128
                src.seek(end - 227)
                if end - start >= 227 and src.read(4) == b"TAG+":
                    end -= 227
                continue
        if end - start >= 32:
            src.seek(end - 32)
            footer = src.read(32)
            if footer[:8] == b"APETAGEX":
                size = struct.unpack("<I", footer[12:16])[0]
                has_header = bool(struct.unpack("<I", footer[20:24])[0] & 0x80000000)
                end -= size + (32 if has_header else 0)
                continue
        break
    if end < start:
        raise ScrubFailed("bad MP3 tags")
    src.seek(start)
    _copy(src, dst, end - start)


_MP4_BLANK = {b"udta", b"meta", b"uuid", b"XMP_"}
_MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"moof", b"traf"}


def _mp4_walk(f: IO[bytes], start: int, end: int) -> None:
    pos = start
    while pos + 8 <= end:
        f.seek(pos)
        header = f.read(8)
        size, kind = struct.unpack(">I4s", header)
        head = 8
        if size == 1:
            size = struct.unpack(">Q", _exact(f, 8))[0]
            head = 16
        elif size == 0:
            size = end - pos
        if size < head or pos + size > end:
            raise ScrubFailed("bad MP4 box")
        if kind in _MP4_BLANK:
            f.seek(pos + 4)
            f.write(b"free")
            f.seek(pos + head)
            left = size - head
            zeros = bytes(min(left, CHUNK))
            while left > 0:
                f.write(zeros[: min(left, CHUNK)])
                left -= min(left, CHUNK)
        elif kind in _MP4_CONTAINERS:
            _mp4_walk(f, pos + head, pos + size)
        pos += size


def scrub_mp4(src: IO[bytes], dst: IO[bytes]) -> None:
    _copy(src, dst)
    end = dst.seek(0, 2)
    _mp4_walk(dst, 0, end)
    dst.seek(0, 2)


def copy_as_is(src: IO[bytes], dst: IO[bytes]) -> None:
    _copy(src, dst)


_SCRUBBERS: dict[str, Callable[[IO[bytes], IO[bytes]], None]] = {
    "jpeg": scrub_jpeg,
    "png": scrub_png,
    "webp": scrub_webp,
    "gif": scrub_gif,
    "pdf": scrub_pdf,
    "docx": scrub_office,
    "xlsx": scrub_office,
    "pptx": scrub_office,
    "mp3": scrub_mp3,
    "mp4": scrub_mp4,
    "text": copy_as_is,
}
_FAMILY = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "gif": "gif", "webp": "webp"}


def blind_copy(src: IO[bytes], family: str) -> IO[bytes]:
    """The anonymised copy of ``src`` (a file of ``family``, see ``uploads.ALLOWED``) in a
    temporary file positioned at its start; the caller closes it (which deletes it)."""
    scrubber = _SCRUBBERS.get(family)
    if scrubber is None:
        raise ScrubFailed(f"no scrubber for {family}")
    with _temp() as raw:
        _copy(src, raw)  # a seekable local copy, whatever the storage gives
        raw.seek(0)
        out = _temp()
        try:
            scrubber(raw, out)
        except (ScrubFailed, struct.error, OSError) as exc:
            out.close()
            raise ScrubFailed(str(exc)) from exc
        except BaseException:
            out.close()
            raise
    out.seek(0)
    return out
