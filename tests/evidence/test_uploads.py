"""Artefact files: refused kinds, declared type vs content, size limit, quota, hostile names,
private storage, safe downloads, nothing left behind by a failed or interrupted upload."""

import asyncio
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence import services, uploads
from evidence.models import Artefact

from .conftest import stored_files
from .helpers import PDF, PNG, make_draft


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
DOCM = _zip(
    {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\x00macro",
    }
)

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

REFUSED = [
    ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "text/html"),
    ("page.txt", b"<html><body onload=alert(1)>hi</body></html>", "text/plain"),
    ("image.svg", SVG, "image/svg+xml"),
    ("image.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/png"),
    ("tool.exe", b"MZ\x90\x00" + b"\x00" * 200, "application/octet-stream"),
    ("report.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf"),
    ("binary.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "text/plain"),
    ("run.sh", b"#!/bin/sh\nrm -rf /\n", "text/x-sh"),
    ("notes.txt", b"#!/usr/bin/env python\nprint(1)\n", "text/plain"),
    ("script.js", b"alert(1)", "text/javascript"),
    ("archive.zip", _zip({"a.txt": b"a"}), "application/zip"),
    ("letter.docx", DOCM, "application/octet-stream"),
    ("photo.png", PDF, "image/png"),  # a PDF called .png
    ("plan.pdf", PNG, "application/pdf"),  # a PNG called .pdf
    ("data.csv", b"\x00\x01\x02\x03binary", "text/csv"),
    ("noextension", PDF, "application/pdf"),
    ("empty.pdf", b"", "application/pdf"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_files_leave_no_row_and_no_file(world, private_root, name, data, declared):
    submission = make_draft(world.users["participant"], ready=False)
    client = world.client_for("participant")
    response = client.post(
        f"/evidence/{submission.pk}/artefacts/",
        {"kind": "student", "file": SimpleUploadedFile(name, data, content_type=declared)},
    )
    assert response.status_code == 200  # the page again, with the reason
    assert 'role="alert"' in response.content.decode()
    assert not Artefact.objects.exists()
    assert stored_files(private_root) == []


ACCEPTED = [
    ("plan.pdf", PDF, "application/pdf"),
    ("chart.png", PNG, "image/png"),
    ("letter.docx", DOCX, "application/octet-stream"),
    ("scores.csv", b"school,score\nOak Hill,61 %\n", "text/csv"),
    ("notes.txt", "Réunion du lundi: 7 sur 9.\n".encode(), "text/plain"),
]


@pytest.mark.parametrize(("name", "data", "declared"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted_files_are_stored_privately_under_generated_names(
    world, private_root, settings, name, data, declared
):
    submission = make_draft(world.users["participant"], ready=False)
    client = world.client_for("participant")
    response = client.post(
        f"/evidence/{submission.pk}/artefacts/",
        {"kind": "student", "file": SimpleUploadedFile(name, data, content_type=declared)},
    )
    assert response.status_code == 302
    artefact = Artefact.objects.get()
    assert artefact.original_name == name and name not in artefact.storage_name
    files = stored_files(private_root)
    assert len(files) == 1 and files[0].read_bytes() == data
    assert not str(files[0]).startswith(str(settings.MEDIA_ROOT))
    assert artefact.sha256 and artefact.size == len(data)


def test_hostile_file_name_is_sanitised_and_never_a_path(world, private_root):
    submission = make_draft(world.users["participant"], ready=False)
    client = world.client_for("participant")
    client.post(
        f"/evidence/{submission.pk}/artefacts/",
        {"kind": "student", "file": SimpleUploadedFile("../../etc/x\t.pdf", PDF)},
    )
    assert Artefact.objects.get().original_name == "x.pdf"
    # Names a browser would not even send: NUL, escape sequences, CR LF, bidi overrides.
    name = "../../x\x00\x1b[31m\r\n\u202eevil.pdf"
    artefact = services.add_file_artefact(
        actor=world.users["participant"],
        submission_id=submission.pk,
        kind="student",
        upload=SimpleUploadedFile(name, PDF),
    )
    assert "/" not in artefact.original_name and ".." not in artefact.original_name
    assert all(c.isprintable() for c in artefact.original_name)
    assert artefact.storage_name.startswith("evidence/") and artefact.storage_name.endswith(".pdf")
    for stored in stored_files(private_root):
        assert stored.resolve().is_relative_to(private_root.resolve())
    assert uploads.clean_name("../../x") == "x"


def test_size_limit_stops_the_upload(world, private_root, settings):
    settings.LAUNCH_EVIDENCE_MAX_FILE_BYTES = 1024
    submission = make_draft(world.users["participant"], ready=False)
    client = world.client_for("participant")
    big = PDF + b"0" * 4096
    response = client.post(
        f"/evidence/{submission.pk}/artefacts/",
        {"kind": "student", "file": SimpleUploadedFile("big.pdf", big)},
        follow=True,
    )
    assert "larger than" in response.content.decode()
    assert not Artefact.objects.exists() and stored_files(private_root) == []


def test_quota_per_participant(world, private_root, settings):
    settings.LAUNCH_EVIDENCE_QUOTA_BYTES = len(PDF) * 2
    user = world.users["participant"]
    submission = make_draft(user, ready=False)
    for i in range(2):
        services.add_file_artefact(
            actor=user,
            submission_id=submission.pk,
            kind="student",
            upload=SimpleUploadedFile(f"p{i}.pdf", PDF),
        )
    client = world.client_for("participant")
    response = client.post(
        f"/evidence/{submission.pk}/artefacts/",
        {"kind": "student", "file": SimpleUploadedFile("third.pdf", PDF)},
    )
    assert "quota" in response.content.decode()
    assert Artefact.objects.count() == 2 and len(stored_files(private_root)) == 2


def test_a_failed_write_leaves_no_orphan_file(world, private_root, monkeypatch):
    submission = make_draft(world.users["participant"], ready=False)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Artefact.objects, "create", broken)
    with pytest.raises(RuntimeError):
        services.add_file_artefact(
            actor=world.users["participant"],
            submission_id=submission.pk,
            kind="student",
            upload=SimpleUploadedFile("plan.pdf", PDF),
        )
    assert stored_files(private_root) == []


def _asgi_post(
    path: str, cookies: dict[str, str], chunks: list[bytes], disconnect: bool, length: int
) -> list:
    """Send a multipart upload straight to the ASGI app, in ``chunks``; optionally the client
    goes away before the body ends. Returns what the app sent back."""
    from asgiref.sync import async_to_sync

    from tests.asgi import application

    messages: list[dict] = [{"type": "http.request", "body": c, "more_body": True} for c in chunks]
    if disconnect:
        messages.append({"type": "http.disconnect"})
    else:
        messages.append({"type": "http.request", "body": b"", "more_body": False})
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
            (b"cookie", cookie.encode()),
            (b"content-length", str(length).encode()),
            (b"x-csrftoken", cookies["csrftoken"].encode()),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    sent: list[dict] = []

    async def receive():
        if messages:
            return messages.pop(0)
        await asyncio.Event().wait()  # a client that stays (Django listens for a disconnect)

    async def send(message):
        sent.append(message)

    async_to_sync(application)(scope, receive, send)
    return sent


BOUNDARY = "xyzBOUNDARY"


def _multipart(payload: bytes) -> tuple[bytes, bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nstudent\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + payload
    return head, f"\r\n--{BOUNDARY}--\r\n".encode()


# serialized_rollback: the rows migrations made (the page tree's root, the default site) are
# restored before and after, whatever an earlier transactional test flushed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_interrupted_upload_leaves_no_row_and_no_file(private_root):
    """The client goes away mid-body: no row, no file. The same upload sent whole is stored
    (so the harness really reaches the view)."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from lms.models import Organisation

    from ..factories import UserFactory, enrol, make_cohort, make_programme

    programme = make_programme()
    user = UserFactory()
    enrol(user, make_cohort(programme, Organisation.objects.create(name="O", kind="district")))
    submission = services.create_submission(actor=user, standard_ids=[])
    client = Client()
    client.force_login(user)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": _get_new_csrf_string()}
    path = f"/evidence/{submission.pk}/artefacts/"
    head, tail = _multipart(PDF + b"0" * 200_000)

    length = len(head) + len(tail)
    _asgi_post(path, cookies, [head[:70_000]], disconnect=True, length=length)
    assert not Artefact.objects.exists()
    assert stored_files(private_root) == []

    sent = _asgi_post(
        path, cookies, [head[:70_000], head[70_000:], tail], disconnect=False, length=length
    )
    assert sent and sent[0]["status"] == 302
    assert Artefact.objects.count() == 1 and len(stored_files(private_root)) == 1


def test_download_is_an_attachment_never_sniffed_or_cached(world):
    user = world.users["participant"]
    submission = make_draft(user, ready=False)
    artefact = services.add_file_artefact(
        actor=user,
        submission_id=submission.pk,
        kind="student",
        upload=SimpleUploadedFile("plan.pdf", PDF),
    )
    response = world.client_for("participant").get(f"/evidence/files/{artefact.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"
    assert (
        world.client_for("other_participant").get(f"/evidence/files/{artefact.pk}/").status_code
        == 404
    )


def test_views_by_others_are_audited_without_content(world):
    from lms.models import AuditEvent

    submission = make_draft(world.users["participant"], ready=False)
    world.client_for("participant").get(f"/evidence/{submission.pk}/")
    assert not AuditEvent.objects.filter(action="evidence.viewed").exists()
    world.client_for("coach").get(f"/evidence/{submission.pk}/")
    event = AuditEvent.objects.get(action="evidence.viewed")
    assert event.actor == world.users["coach"] and event.detail == {"as": "coach"}
    assert event.target_id == str(submission.pk)
