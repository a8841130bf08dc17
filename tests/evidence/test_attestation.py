"""Supervisor or client attestation through a signed, expiring link, without an account."""

import re

from django.core import mail, signing

from evidence import services
from evidence.models import Attestation

from .helpers import make_submitted


def _request(world, django_capture_on_commit_callbacks):
    version = make_submitted(world.users["participant"])
    client = world.client_for("participant")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/evidence/{version.submission_id}/attestations/",
            {"relationship": "supervisor", "name": "Pat Principal", "email": "Pat@School.example"},
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["pat@school.example"]
    link = re.search(r"https?://\S+(/evidence/attest/\S+/)", message.body).group(1)
    return version, link


def test_attester_confirms_without_an_account_and_the_hash_is_kept(
    world, django_capture_on_commit_callbacks
):
    version, link = _request(world, django_capture_on_commit_callbacks)
    from django.test import Client

    anonymous = Client()
    page = anonymous.get(link).content.decode()
    assert "Data teams at my school" in page and version.content_hash in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            link,
            {
                "decision": "confirm",
                "responder_name": "Pat P.",
                "comment": "All true.",
                "seen_hash": version.content_hash,
                "status": "confirmed",
                "email": "evil@x.example",
            },
        )
    assert "Thank you" in response.content.decode()
    attestation = Attestation.objects.get()
    assert (attestation.status, attestation.responder_name, attestation.email) == (
        "confirmed",
        "Pat P.",
        "pat@school.example",
    )
    assert attestation.version_hash_seen == version.content_hash and attestation.responded_at
    assert mail.outbox[0].to == ["participant@a.example"]
    # Answered once: a second answer changes nothing.
    anonymous.post(
        link, {"decision": "decline", "responder_name": "X", "seen_hash": version.content_hash}
    )
    attestation.refresh_from_db()
    assert attestation.status == "confirmed"
    # Reviewers see it.
    assignment = version.assignments.get()
    review = world.client_for("reviewer").get(f"/evidence/review/{assignment.pk}/").content.decode()
    assert "All true." in review and "saw this version" in review


def test_expired_or_forged_links_are_404(world, django_capture_on_commit_callbacks, settings):
    _version, link = _request(world, django_capture_on_commit_callbacks)
    from django.test import Client

    anonymous = Client()
    tampered = link.replace("/attest/", "/attest/x")
    assert anonymous.get(tampered).status_code == 404
    other_salt = signing.dumps({"a": Attestation.objects.get().pk}, salt="lms.invitation")
    assert anonymous.get(f"/evidence/attest/{other_salt}/").status_code == 404
    settings.LAUNCH_EVIDENCE_ATTESTATION_MAX_AGE = -1
    assert anonymous.get(link).status_code == 404


def test_declining_is_recorded(world, django_capture_on_commit_callbacks):
    version, link = _request(world, django_capture_on_commit_callbacks)
    token = link.rstrip("/").rsplit("/", 1)[1]
    attestation = services.respond_attestation(
        token=token,
        confirm=False,
        responder_name="",
        comment="I do not know this work.",
        seen_hash=version.content_hash,
    )
    assert attestation.status == "declined" and attestation.responder_name == "Pat Principal"
