"""A blind reviewer's download carries none of the participant's identity (issue #14, item 4).

Jordan's JPEG carried EXIF Artist/ImageDescription with his name and email, his PDF its
/Author. Here every kind of artefact, with his name, email, school and organisation in its
metadata (and in its file name), goes through the real upload, submit and download views; the
assigned blind reviewer's bytes (zip members decompressed, PDF streams decoded) and pages
contain none of it, while the participant, coach and staff get the original, byte for byte.
"""

import io
import struct
import zipfile

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from evidence import scrub
from evidence.models import Artefact, ProgrammeEvidenceSettings

from ..factories import UserFactory, enrol
from . import blind_files
from .helpers import make_draft

NAME, EMAIL = "Jordan Lee", "jordan.lee@oakhill.example"
SCHOOL, ORG = "Oak Hill Middle School", "Oakhill Unified District"
#: What must not reach the blind reviewer, in any case or encoding.
NEEDLES = ["jordan", "jordan lee", EMAIL, "oakhill.example", "oak hill", "oakhill unified"]

KINDS = {
    "jpg": lambda: blind_files.jpeg(NAME, EMAIL, SCHOOL),
    "jpeg": lambda: blind_files.jpeg(NAME, EMAIL, SCHOOL, progressive=True),
    "png": lambda: blind_files.png(NAME, EMAIL, SCHOOL),
    "gif": lambda: blind_files.gif(NAME, EMAIL, SCHOOL),
    "webp": lambda: blind_files.webp(NAME, EMAIL, SCHOOL),
    "pdf": lambda: blind_files.pdf(NAME, EMAIL, SCHOOL),
    "docx": lambda: blind_files.office("docx", NAME, EMAIL, SCHOOL),
    "xlsx": lambda: blind_files.office("xlsx", NAME, EMAIL, SCHOOL),
    "pptx": lambda: blind_files.office("pptx", NAME, EMAIL, SCHOOL),
    "mp4": lambda: blind_files.mp4(NAME, EMAIL, SCHOOL),
    "mp3": lambda: blind_files.mp3(NAME, EMAIL, SCHOOL),
}


def _leaks(data: bytes) -> list[str]:
    found = []
    for needle in NEEDLES:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            if needle.lower().encode(encoding) in data.lower():
                found.append(f"{needle!r} ({encoding})")
    return found


def _decoded_parts(extension: str, data: bytes) -> dict[str, bytes]:
    """The file itself and what it holds compressed (zip members, decoded PDF streams)."""
    parts = {"file": data}
    if extension in ("docx", "xlsx", "pptx"):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                parts[name] = z.read(name)
    if extension == "pdf":
        with pikepdf.open(io.BytesIO(data)) as pdf:
            parts["trailer"] = repr(pdf.trailer).encode()
            for obj in pdf.objects:
                parts[f"obj {obj.objgen}"] = repr(obj).encode()
                if isinstance(obj, pikepdf.Stream):
                    parts[f"stream {obj.objgen}"] = obj.read_bytes()
    return parts


@pytest.fixture
def jordan(world):
    ProgrammeEvidenceSettings.objects.create(programme=world.programme, blind_review=True)
    world.org.name = ORG
    world.org.save()
    user = UserFactory(email=EMAIL, first_name="Jordan", last_name="Lee", school=SCHOOL)
    enrol(user, world.cohort, coach=world.users["coach"])
    return user


@pytest.fixture
def submitted(world, jordan):
    """Every kind uploaded through the view, under names that say who made them; submitted."""
    client = world.client_for("participant")
    client.force_login(jordan)
    submission = make_draft(jordan)
    uploaded = {}
    for extension, build in KINDS.items():
        data = build()
        uploaded[extension] = data
        response = client.post(
            f"/evidence/{submission.pk}/artefacts/",
            {"kind": "facilitation", "label": "Agenda",
             "file": SimpleUploadedFile(f"jordan-lee-oakhill.{extension}", data)},
        )  # fmt: skip
        assert response.status_code == 302, (extension, response.content[:2000])
    assert client.post(f"/evidence/{submission.pk}/submit/").status_code == 302
    submission.refresh_from_db()
    assert submission.blind and submission.status == "submitted"
    version = submission.versions.get()
    artefacts = {a.extension: a for a in Artefact.objects.filter(submission=submission)
                 if a.is_file}  # fmt: skip
    assert set(artefacts) == set(KINDS)
    return client, version, artefacts, uploaded


def _download(client, artefact) -> bytes:
    response = client.get(f"/evidence/files/{artefact.pk}/")
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def test_the_blind_reviewer_downloads_every_kind_without_a_trace_of_the_participant(
    world, submitted
):
    _client, version, artefacts, uploaded = submitted
    reviewer = world.client_for("reviewer")
    assignment = version.assignments.get()
    assert assignment.reviewer == world.users["reviewer"]
    for extension, artefact in artefacts.items():
        response = reviewer.get(f"/evidence/files/{artefact.pk}/")
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="artefact-{artefact.pk}.{extension}"'
        )
        data = b"".join(response.streaming_content)
        original = _decoded_parts(extension, uploaded[extension]).values()
        assert any(_leaks(c) for c in original), f"the {extension} fixture carries no identity"
        for part, content in _decoded_parts(extension, data).items():
            assert not _leaks(content), (extension, part, _leaks(content))
    page = reviewer.get(f"/evidence/review/{assignment.pk}/").content.decode()
    assert not _leaks(page.encode()), _leaks(page.encode())
    assert "Blind review" in page
    queue = reviewer.get("/evidence/review/").content.decode()
    assert not _leaks(queue.encode()) and "Blind review" in queue


def test_the_anonymised_copies_still_open_and_show_the_same_content(world, submitted):
    _client, _version, artefacts, uploaded = submitted
    reviewer = world.client_for("reviewer")
    copies = {ext: _download(reviewer, a) for ext, a in artefacts.items()}
    for extension in ("jpg", "jpeg", "png", "gif", "webp"):
        before = Image.open(io.BytesIO(uploaded[extension])).convert("RGB")
        after = Image.open(io.BytesIO(copies[extension]))
        assert not after.getexif() and not {"comment", "xmp", "XML:com.adobe.xmp"} & set(after.info)
        assert after.convert("RGB").tobytes() == before.tobytes(), extension
    with pikepdf.open(io.BytesIO(copies["pdf"])) as pdf:
        assert len(pdf.pages) == 1 and "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
        assert pdf.pages[0].Annots[0].Contents == "See the agenda."
    for extension, main in (("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml"),
                            ("pptx", "ppt/presentation.xml")):  # fmt: skip
        with zipfile.ZipFile(io.BytesIO(copies[extension])) as z:
            names = set(z.namelist())
            assert {main, "docProps/core.xml", "docProps/app.xml"} <= names
            assert not {"docProps/custom.xml", "docProps/thumbnail.jpeg"} & names
            assert b"custom.xml" not in z.read("_rels/.rels") + z.read("[Content_Types].xml")
            assert b"thumbnail" not in z.read("_rels/.rels")
            assert z.read("docProps/core.xml") == scrub.EMPTY_CORE
    with zipfile.ZipFile(io.BytesIO(copies["docx"])) as z:
        assert b"Agenda of the data dialogue." in z.read("word/document.xml")
        assert b'w:author="Author"' in z.read("word/comments.xml")
    assert len(copies["mp4"]) == len(uploaded["mp4"]) and b"mdat" in copies["mp4"]
    assert copies["mp3"] == (b"\xff\xfb\x90\x64" + bytes(413)) * 4  # the audio frames only


def test_the_participant_coach_and_staff_get_the_original_byte_for_byte(world, submitted):
    client, _version, artefacts, uploaded = submitted
    for viewer in (client, world.client_for("coach"), world.client_for("editor")):
        for extension, artefact in artefacts.items():
            assert _download(viewer, artefact) == uploaded[extension], extension


def test_a_reviewer_of_a_submission_that_is_not_blind_gets_the_original(world, submitted):
    _client, version, artefacts, uploaded = submitted
    version.submission.__class__.objects.filter(pk=version.submission_id).update(blind=False)
    reviewer = world.client_for("reviewer")
    assert _download(reviewer, artefacts["jpg"]) == uploaded["jpg"]


def test_a_file_that_cannot_be_anonymised_is_not_sent_to_the_blind_reviewer(world, submitted):
    _client, _version, artefacts, _uploaded = submitted
    artefact = artefacts["png"]
    from evidence.uploads import private_storage

    storage = private_storage()
    with storage.open(artefact.storage_name, "rb") as f:
        data = f.read()
    # Cut inside a chunk: the copy cannot be made.
    broken = data[:8] + struct.pack(">I4s", 1_000_000, b"IDAT") + b"x" * 10
    storage.delete(artefact.storage_name)
    storage.save(artefact.storage_name, io.BytesIO(broken))
    response = world.client_for("reviewer").get(f"/evidence/files/{artefact.pk}/")
    assert response.status_code == 409
    assert b"could not be prepared for blind review" in response.content
