"""Safe artefact files: limits, a sanitised display name, content sniffing, private storage.

* Every file streams to disk while it uploads (Django's ``TemporaryFileUploadHandler`` above
  ``FILE_UPLOAD_MAX_MEMORY_SIZE``); :class:`SizeLimitUploadHandler` stops reading a file that
  grows past the per-file limit, so an oversized upload never fills the disk.
* The declared type is the file's extension; the sniffed content (``puremagic``, plus a look
  inside Office zips and a text check) must match it. HTML, SVG, XML, scripts and
  executables are refused whatever they are called.
* Files live in a private storage outside ``MEDIA_ROOT`` (``PRIVATE_MEDIA_ROOT``, or a
  ``STORAGES["evidence"]`` backend) under names the server generates.
"""

import hashlib
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

import puremagic
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _

from lms.conf import conf as lms_conf

from . import scrub
from .conf import conf

MB = 1024 * 1024

#: Extension -> (MIME type sent on download, family the sniffed content must belong to).
ALLOWED: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "pdf"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "gif": ("image/gif", "gif"),
    "webp": ("image/webp", "webp"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
    "mp4": ("video/mp4", "mp4"),
    "mp3": ("audio/mpeg", "mp3"),
    "m4a": ("audio/mp4", "mp4"),
    "txt": ("text/plain", "text"),
    "csv": ("text/csv", "text"),
}

#: What puremagic calls each family (its candidate extensions).
_SNIFFED_FAMILY = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gif": "gif",
    ".webp": "webp",
    ".mp4": "mp4",
    ".m4a": "mp4",
    ".m4v": "mp4",
    ".mov": "mp4",
    ".3gp": "mp4",
    ".mp3": "mp3",
}

#: Sniffed kinds refused whatever the file claims to be.
_DANGEROUS_EXTENSIONS = {
    ".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml", ".js", ".exe", ".dll", ".msi", ".com",
    ".sys", ".drv", ".elf", ".so", ".dylib", ".class", ".jar", ".sh", ".bat", ".ps1", ".swf",
    ".AppImage",
}  # fmt: skip
_DANGEROUS_NAMES = ("executable", "script", "html", "svg", "elf", "mach-o", "java")
_TEXT_MARKERS = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe")
_SNIFF_BYTES = 64 * 1024


class UploadRefused(ValueError):
    """The file is not accepted; the message is shown to the participant."""


def max_file_bytes() -> int:
    return int(conf.LAUNCH_EVIDENCE_MAX_FILE_BYTES)


def quota_bytes() -> int:
    return int(conf.LAUNCH_EVIDENCE_QUOTA_BYTES)


def private_storage() -> Storage:
    """The evidence storage: ``STORAGES["evidence"]`` if configured, else a private
    ``FileSystemStorage`` at ``LAUNCH_PRIVATE_MEDIA_ROOT`` (never served by a URL)."""
    if "evidence" in settings.STORAGES:
        return storages["evidence"]
    root = lms_conf.LAUNCH_PRIVATE_MEDIA_ROOT
    return FileSystemStorage(location=str(root), base_url=None)


def clean_name(name: str) -> str:
    """The file's base name without directories, control or format characters, at most 120
    characters (kept only for showing to the owner; never used as a storage path)."""
    name = unicodedata.normalize("NFKC", name or "")
    name = "".join(c for c in name if unicodedata.category(c)[0] not in {"C", "Z"} or c == " ")
    name = PurePosixPath(name.replace("\\", "/")).name.strip(" .")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:110] + dot + ext[:9]) if dot else name[:120]
    return name or "file"


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


@dataclass(frozen=True)
class CheckedFile:
    display_name: str
    extension: str
    content_type: str
    size: int
    sha256: str


def _read_head(f: IO[bytes]) -> bytes:
    f.seek(0)
    head = f.read(_SNIFF_BYTES)
    f.seek(0)
    return head


def _candidates(f: IO[bytes]) -> list[Any]:
    f.seek(0)
    try:
        found = puremagic.magic_stream(f)
    except (puremagic.PureError, ValueError):
        found = []
    f.seek(0)
    return list(found)


def _office_family(f: IO[bytes]) -> str | None:
    """docx, xlsx or pptx from the zip's own parts (macro-enabled files are refused)."""
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        f.seek(0)
    if "[Content_Types].xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None
    for prefix, family in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return family
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    sample = head[:-4] if len(head) == _SNIFF_BYTES else head  # a cut UTF-8 sequence
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff_family(f: IO[bytes]) -> str:
    """What the content is (a family of :data:`ALLOWED`), or raise :class:`UploadRefused`."""
    head = _read_head(f)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"#!", b"mz", b"\x7felf")) or any(
        m in stripped[:4096] for m in _TEXT_MARKERS
    ):
        raise UploadRefused(_("Web pages, SVG images, scripts and programs are not accepted."))
    if head.startswith(b"PK\x03\x04"):
        family = _office_family(f)
        if family:
            return family
        raise UploadRefused(_("Zip archives and macro-enabled documents are not accepted."))
    candidates = _candidates(f)
    for c in candidates:
        if c.extension in _DANGEROUS_EXTENSIONS or any(
            word in (c.name or "").lower() for word in _DANGEROUS_NAMES
        ):
            raise UploadRefused(_("Web pages, SVG images, scripts and programs are not accepted."))
    for c in candidates:
        family = _SNIFFED_FAMILY.get(c.extension)
        if family:
            return family
    if not candidates and _looks_like_text(head):
        return "text"
    raise UploadRefused(_("This kind of file is not accepted."))


def check_file(upload: UploadedFile) -> CheckedFile:
    """Check an uploaded file against the limits and its declared type; hash it.

    Raises :class:`UploadRefused` with a message for the participant. Reads the file in
    chunks (never wholly in memory).
    """
    name = clean_name(upload.name or "")
    ext = extension_of(name)
    if ext not in ALLOWED:
        raise UploadRefused(
            _("Files of type “%(ext)s” are not accepted. Accepted: %(allowed)s.")
            % {"ext": ext or "?", "allowed": ", ".join(sorted(ALLOWED))}
        )
    size = upload.size or 0
    if size > max_file_bytes():
        raise UploadRefused(
            _("The file is larger than %(mb)s MB.") % {"mb": max_file_bytes() // MB}
        )
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    content_type, expected = ALLOWED[ext]
    family = sniff_family(upload.file)  # type: ignore[arg-type]
    if family != expected:
        raise UploadRefused(
            _("The file's content does not match its type (.%(ext)s).") % {"ext": ext}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(name, ext, content_type, size, digest.hexdigest())


def open_stored(storage_name: str, extension: str, *, blind: bool) -> IO[bytes]:
    """A stored file for download: the original, or for a blind reviewer the anonymised copy
    :mod:`evidence.scrub` makes into a temporary file at download time (streamed in chunks;
    nothing extra is stored). Raises ``scrub.ScrubFailed`` when no anonymised copy can be
    made: the reviewer then gets no file."""
    handle: IO[bytes] = private_storage().open(storage_name, "rb")
    if not blind:
        return handle
    with handle:
        return scrub.blind_copy(handle, ALLOWED.get(extension, ("", ""))[1])


def generated_name(extension: str) -> str:
    """A storage name the server chooses: nothing from the participant's file name."""
    token = uuid.uuid4().hex
    return f"evidence/{token[:2]}/{token}.{extension}"


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop reading a request once a file in it passes the per-file limit.

    Put first in ``request.upload_handlers``; ``too_large`` tells the view what happened.
    """

    def __init__(self, request: Any = None, limit: int | None = None) -> None:
        super().__init__(request)
        self.limit = limit or max_file_bytes()
        self.received = 0
        self.too_large = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
