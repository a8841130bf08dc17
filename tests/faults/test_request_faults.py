"""Faults at request time on a real uvicorn worker: the broker unreachable while a
coordinator resends an invitation (the request succeeds, the email is sent once after the
broker is back), and a client that disconnects in the middle of an upload (no row, no file,
no temporary file left open)."""

import http.client
import os
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import reverse

from evidence import services as evidence_services
from evidence.models import Artefact
from lms.models import (
    AuditAction,
    AuditEvent,
    Enrolment,
    Invitation,
    Organisation,
    OutboxItem,
    User,
)
from lms.tasks import sweep_outbox_task

from ..evidence.helpers import PDF
from ..factories import UserFactory, enrol, make_cohort, make_coordinator, make_programme
from .conftest import Harness, wait_for

pytestmark = pytest.mark.scaleout


def login_cookies(user: User) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": _get_new_csrf_string()}


def request(
    base: str,
    method: str,
    path: str,
    cookies: dict[str, str],
    body: bytes = b"",
    content_type: str = "application/x-www-form-urlencoded",
) -> http.client.HTTPResponse:
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    headers = {
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "X-CSRFToken": cookies["csrftoken"],
    }
    if method == "POST":
        headers["Content-Type"] = content_type
    conn.request(method, path, body=body if method == "POST" else None, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def test_broker_unreachable_during_a_request_then_delivered_once(faults: Harness):
    """Redis is stopped; the coordinator resends an invitation through the real web worker:
    no error page, the invitation and its email are recorded; after Redis is back, the sweep
    sends the email once (and a second sweep sends nothing)."""
    org = Organisation.objects.create(name="District", kind="district")
    cohort = make_cohort(make_programme(), org)
    coordinator = make_coordinator(org)
    invitee = UserFactory()
    enrolment = enrol(invitee, cohort, status=Enrolment.Status.INVITED)
    invitation = Invitation.objects.create(enrolment=enrolment, sent_count=1)
    cookies = login_cookies(coordinator)
    base = faults.start_web()
    worker = faults.start_worker()
    path = reverse(
        "lms:invitation_resend", kwargs={"cohort_id": cohort.pk, "invitation_id": invitation.pk}
    )

    faults.stop_redis()
    started = time.monotonic()
    response = request(base, "POST", path, cookies)
    took = time.monotonic() - started
    assert response.status == 302, response.status
    assert took < 10, f"the request waited {took:.1f} s for the broker"
    page = request(base, "GET", response.headers["Location"], cookies)
    assert page.status == 200  # the people page renders without Redis too
    invitation.refresh_from_db()
    assert invitation.sent_count == 2
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_SENT).count() == 1
    item = OutboxItem.objects.get(kind="lms.resend_invitation")  # ids only: no link stored
    assert item.key == f"invitation:{invitation.pk}:2"
    assert (item.status, item.attempts) == (OutboxItem.Status.PENDING, 0)
    assert faults.sent() == []

    faults.start_redis()
    assert worker.poll() is None, "the worker must survive the broker's restart"
    sweep_outbox_task.delay()
    assert wait_for(
        lambda: OutboxItem.objects.get(pk=item.pk).status == OutboxItem.Status.DONE, 60
    ), faults.worker_logs()
    sweep_outbox_task.apply_async(task_id="faults-sweep-again")
    assert faults.ran("faults-sweep-again")
    item.refresh_from_db()
    assert item.attempts == 1
    sent = faults.sent()
    assert len(sent) == 1 and sent[0][0] == invitee.email


BOUNDARY = "faultsBOUNDARY"


def _multipart(payload: bytes) -> tuple[bytes, bytes]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nstudent\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + payload
    return head, f"\r\n--{BOUNDARY}--\r\n".encode()


def _deleted_files_open(pid: int) -> int:
    """Temporary files (already unlinked) the process still holds open."""
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += os.readlink(fd).endswith("(deleted)")
        except OSError:
            continue
    return count


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_an_upload_interrupted_by_the_client_leaves_no_row_and_no_file(faults: Harness):
    """A 4 MB upload to the real server; the client goes away after 3 MB (the body is then
    spooled on disk): no Artefact row, nothing in private storage or the upload temporary
    directory, and the server closes the spooled file. The same upload sent whole is stored
    (so the request really reached the view)."""
    org = Organisation.objects.create(name="District", kind="district")
    user = UserFactory()
    enrol(user, make_cohort(make_programme(), org))
    submission = evidence_services.create_submission(actor=user, standard_ids=[])
    cookies = login_cookies(user)
    base = faults.start_web()
    web = faults.processes[-1]
    path = f"/evidence/{submission.pk}/artefacts/"
    head, tail = _multipart(PDF + b"0" * 4_000_000)
    url = urlsplit(base)
    open_before = _deleted_files_open(web.pid)

    client = socket.create_connection((url.hostname, url.port), timeout=30)
    client.sendall(
        (
            f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {len(head) + len(tail)}\r\n"
            f"Cookie: sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}\r\n"
            f"X-CSRFToken: {cookies['csrftoken']}\r\n\r\n"
        ).encode()
    )
    client.sendall(head[:3_000_000])
    assert wait_for(lambda: _deleted_files_open(web.pid) > open_before, 15), (
        "the body should be spooling to a temporary file"
    )
    client.close()  # the client goes away mid-body

    assert wait_for(lambda: _deleted_files_open(web.pid) == open_before, 15)
    assert not Artefact.objects.exists()
    assert _files(faults.private_root) == []
    assert _files(faults.upload_tmp) == []
    assert web.poll() is None

    response = request(
        base,
        "POST",
        path,
        cookies,
        body=head + tail,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status == 302, response.status
    assert Artefact.objects.filter(submission=submission).count() == 1
    assert len(_files(faults.private_root)) == 1
    assert _files(faults.upload_tmp) == []
