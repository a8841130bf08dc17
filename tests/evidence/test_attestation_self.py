"""Nobody attests their own evidence (issue #14, item 5): Jordan asked for a "supervisor"
attestation at his own address, confirmed it, and the blind reviewer saw "Supervisor ·
Confirmed". Staff and coaches see the attestor's address and domain, with flags; requests
are limited per version and per day."""

import re

import pytest
from django.core import mail
from django.test import Client

from evidence import services
from evidence.models import Attestation, ProgrammeEvidenceSettings

from ..factories import UserFactory, enrol
from .helpers import make_submitted


@pytest.fixture
def jordan(world):
    """Jordan Lee, a participant of the world's cohort, with blind review on."""
    ProgrammeEvidenceSettings.objects.create(programme=world.programme, blind_review=True)
    user = UserFactory(email="jordan.lee@oakhill.example", first_name="Jordan", last_name="Lee")
    enrol(user, world.cohort, coach=world.users["coach"])
    return user


def _ask(client, submission_id, email, relationship="supervisor", organisation=""):
    return client.post(
        f"/evidence/{submission_id}/attestations/",
        {"relationship": relationship, "name": "My Supervisor", "email": email,
         "organisation": organisation},
        follow=True,
    )  # fmt: skip


@pytest.mark.parametrize(
    "own",
    [
        "jordan.lee@oakhill.example",  # exactly his address: the attack as reported
        "Jordan.Lee@OakHill.example",  # case
        "jordan.lee+boss@oakhill.example",  # plus-addressing
        "jordanlee@oakhill.example",  # dots
        " j.o.r.d.a.n.l.e.e+sup@OAKHILL.EXAMPLE ",
    ],
)
def test_jordan_cannot_send_an_attestation_request_to_his_own_address(
    world, jordan, own, django_capture_on_commit_callbacks
):
    version = make_submitted(jordan)
    client = Client()
    client.force_login(jordan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client, version.submission_id, own)
    assert "You cannot attest your own evidence" in response.content.decode()
    assert not Attestation.objects.exists()
    assert mail.outbox == []
    with pytest.raises(services.EvidenceError):
        services.request_attestation(
            actor=jordan, submission_id=version.submission_id, relationship="supervisor",
            name="Me", email=own,
        )  # fmt: skip


def test_a_second_account_on_jordans_mailbox_is_refused_too(world, jordan):
    alias = UserFactory(email="jordan.lee+second@oakhill.example")
    version = make_submitted(jordan)
    with pytest.raises(services.EvidenceError):
        services.request_attestation(
            actor=jordan, submission_id=version.submission_id, relationship="supervisor",
            name="Me", email=alias.email,
        )  # fmt: skip


def test_jordan_signed_in_cannot_confirm_a_request_sent_elsewhere(
    world, jordan, django_capture_on_commit_callbacks
):
    """He asks at another address he reads, then opens the link in his own signed-in browser:
    the answer is refused and the reviewer sees no confirmation."""
    version = make_submitted(jordan)
    client = Client()
    client.force_login(jordan)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, version.submission_id, "boss@oakhill.example")
    link = re.search(r"https?://\S+(/evidence/attest/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link).content.decode()
    assert "You cannot attest your own evidence" in page
    client.post(
        link,
        {"decision": "confirm", "responder_name": "The Boss", "seen_hash": version.content_hash},
    )
    attestation = Attestation.objects.get()
    assert attestation.status == Attestation.Status.REQUESTED
    assignment = version.assignments.get()
    review = world.client_for("reviewer").get(f"/evidence/review/{assignment.pk}/").content.decode()
    assert "Confirmed" not in review


def test_staff_and_coach_see_the_attestors_address_domain_and_flags_the_reviewer_does_not(
    world, jordan, django_capture_on_commit_callbacks
):
    version = make_submitted(jordan)
    client = Client()
    client.force_login(jordan)
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, version.submission_id, "Pat.Principal@gmail.com", organisation="Oak Hill")
        _ask(client, version.submission_id, "pat@district.example", "client", "Oak Hill Middle")
        _ask(client, version.submission_id, "pat@oakhill.example", "client", "Oak Hill Middle")
    free, elsewhere, matching = Attestation.objects.order_by("pk")
    for a in (free, elsewhere, matching):
        services.respond_attestation(
            token=services.attestation_token(a), confirm=True, responder_name="Pat",
            comment="", seen_hash=version.content_hash,
        )  # fmt: skip
    assert free.flags == ["free-mail address (gmail.com)"]
    assert elsewhere.flags == ["the domain district.example does not look like “Oak Hill Middle”"]
    assert matching.flags == []
    for role in ("coach", "editor"):
        viewer = world.client_for(role)
        for path in (f"/evidence/{version.submission_id}/",
                     f"/evidence/{version.submission_id}/versions/{version.number}/"):  # fmt: skip
            html = viewer.get(path).content.decode()
            assert "pat.principal@gmail.com" in html, (role, path)
            assert (
                "Attestor&#x27;s domain: gmail.com" in html
                or "Attestor's domain: gmail.com" in html
            )
            assert "free-mail address (gmail.com)" in html
            assert "does not look like" in html
    assignment = version.assignments.get()
    review = world.client_for("reviewer").get(f"/evidence/review/{assignment.pk}/").content.decode()
    assert "Supervisor" in review and "Confirmed" in review
    for hidden in ("gmail.com", "district.example", "oakhill.example", "free-mail", "domain"):
        assert hidden not in review, hidden


def test_requests_are_limited_per_version_and_per_day(world, jordan, settings):
    settings.LAUNCH_EVIDENCE_ATTESTATIONS_PER_VERSION = 2
    settings.LAUNCH_EVIDENCE_ATTESTATIONS_PER_DAY = 3
    first = make_submitted(jordan, (1,))
    second = make_submitted(jordan, (2,))

    def ask(version, n):
        return services.request_attestation(
            actor=jordan, submission_id=version.submission_id, relationship="client",
            name=f"Client {n}", email=f"client{n}@partner.example",
        )  # fmt: skip

    ask(first, 1)
    ask(first, 2)
    with pytest.raises(services.EvidenceError, match="limit"):
        ask(first, 3)
    ask(second, 4)
    with pytest.raises(services.EvidenceError, match="last 24 hours"):
        ask(second, 5)
    assert Attestation.objects.count() == 3
    # The form shows the reason.
    client = Client()
    client.force_login(jordan)
    response = _ask(client, second.submission_id, "client6@partner.example")
    assert "try again tomorrow" in response.content.decode()


def test_defaults_are_three_per_version_and_ten_a_day():
    assert services.attestations_per_version() == 3
    assert services.attestations_per_day() == 10
