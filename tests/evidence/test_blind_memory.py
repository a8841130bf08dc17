"""The blind reviewer's copy is made in chunks: a large file does not raise peak memory by more
than a few megabytes (P9's 10 MB bar), whatever its kind."""

import io
import struct
import tempfile
import tracemalloc
import zipfile
import zlib

import pytest

from evidence import scrub

from . import blind_files

SIZE = 24 * 1024 * 1024


def _big_png(f) -> None:
    f.write(b"\x89PNG\r\n\x1a\n")
    ihdr = struct.pack(">IIBBBBB", 4096, 4096, 8, 2, 0, 0, 0)
    f.write(
        struct.pack(">I", len(ihdr))
        + b"IHDR"
        + ihdr
        + struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    )
    text = b"Author\x00Jordan Lee"
    f.write(struct.pack(">I", len(text)) + b"tEXt" + text + b"\x00" * 4)
    f.write(struct.pack(">I", SIZE) + b"IDAT")
    block = b"\x11" * (1024 * 1024)
    for _ in range(SIZE // len(block)):
        f.write(block)
    f.write(b"\x00" * 4 + struct.pack(">I", 0) + b"IEND" + b"\xaeB`\x82")


def _big_jpeg(f) -> None:
    small = blind_files.jpeg("Jordan Lee", "jordan@x.example", "Oak Hill")
    sos = small.index(b"\xff\xda")
    length = struct.unpack(">H", small[sos + 2 : sos + 4])[0]
    f.write(small[: sos + 2 + length])
    block = (b"\x12\x34\xff\x00" * 1024) * 256  # entropy data with stuffed 0xFF bytes
    for _ in range(SIZE // len(block)):
        f.write(block)
    f.write(b"\xff\xd9")


def _big_docx(f) -> None:
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("docProps/core.xml", "<cp:coreProperties>Jordan Lee</cp:coreProperties>")
        with z.open("word/document.xml", "w") as member:
            row = (
                b'<w:p><w:ins w:author="Jordan Lee"><w:r><w:t>Agenda item</w:t></w:r></w:ins></w:p>'
            )
            block = row * (1024 * 1024 // len(row))
            for _ in range(SIZE // len(block)):
                member.write(block)
        with z.open("word/media/big.bin", "w") as member:
            for _ in range(8):
                member.write(bytes(1024 * 1024))


@pytest.mark.parametrize(
    ("family", "build"), [("png", _big_png), ("jpeg", _big_jpeg), ("docx", _big_docx)]
)
def test_a_large_file_is_anonymised_within_a_few_megabytes(family, build):
    with tempfile.TemporaryFile() as source:
        build(source)
        source.seek(0)
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            with scrub.blind_copy(source, family) as copy:
                _current, peak = tracemalloc.get_traced_memory()
                if family == "docx":
                    with zipfile.ZipFile(copy) as z:
                        assert z.getinfo("word/document.xml").file_size > SIZE // 2
                        with z.open("word/document.xml") as member:
                            assert b"Jordan Lee" not in member.read(1 << 20)
                else:
                    assert b"Jordan Lee" not in copy.read(1 << 16)
                    assert copy.seek(0, io.SEEK_END) > SIZE // 2
        finally:
            tracemalloc.stop()
    assert peak < 10 * 1024 * 1024, f"{family}: peak {peak / 1e6:.1f} MB"
