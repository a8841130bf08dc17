"""Issue #14, item 6: no live secret (a password-reset token, a signed invitation or attestation
link) is stored in the outbox or shown at /admin/outbox/; the emailed links still work once."""

import json
import re

import pytest
from django.core import mail
from django.test import Client

from evidence.models import Attestation
from lms.models import Invitation, OutboxItem, User
from lms.roster import services as roster_services

from ..evidence.helpers import make_submitted
from ..factories import UserFactory

pytestmark = pytest.mark.usefixtures("eager_celery")

HEADER = "email,first name,last name,role,school or organisation,coach email\r\n"


def _path(message, pattern: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
    assert match, message.body
    return match.group(1)


def _everything_stored_and_shown(superuser: User) -> str:
    """Every outbox row as stored, and every admin page that lists or shows one."""
    rows = list(OutboxItem.objects.values("kind", "key", "payload", "last_error"))
    OutboxItem.objects.update(status=OutboxItem.Status.PARKED)  # the parked page lists them too
    admin = Client()
    admin.force_login(superuser)
    pages = [admin.get("/admin/outbox/"), admin.get("/admin/parked-outbox/")]
    pages += [admin.get(f"/admin/outbox/inspect/{row.pk}/") for row in OutboxItem.objects.all()]
    assert all(page.status_code == 200 for page in pages)
    return json.dumps(rows, default=str) + "".join(page.content.decode() for page in pages)


def _assert_secret_absent(secret: str, superuser: User) -> None:
    assert len(secret) > 10
    assert secret not in _everything_stored_and_shown(superuser)


def test_password_reset_token_is_not_stored_and_the_link_works_once(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory(email="admin@launch.example", is_superuser=True, is_staff=True)
    staff = UserFactory(email="staff@launch.example", is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/accounts/password/reset/", {"email": "admin@launch.example"})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = _path(message, r"/accounts/password/reset/[^/\s]+/[^/\s]+/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    _assert_secret_absent(token, staff)

    # The emailed link works, once, from any browser.
    browser = Client()
    page = browser.get(link, follow=True)
    assert b"Save the new password" in page.content
    browser.post(
        page.redirect_chain[-1][0],
        {
            "new_password1": "a much better passphrase 42",
            "new_password2": "a much better passphrase 42",
        },
    )
    user.refresh_from_db()
    assert user.check_password("a much better passphrase 42")
    again = Client().get(link, follow=True)
    assert b"expired or was already used" in again.content


def test_resent_invitation_link_is_not_stored_and_works_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        roster_services.import_enrolments(
            actor=None,
            cohort=world.cohort,
            data=(HEADER + "new@x.example,New,Person,participant,,\r\n").encode(),
        )
    invitation = Invitation.objects.get(enrolment__user__email="new@x.example")
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("coordinator").post(
            f"/learn/cohorts/{world.cohort.pk}/invitations/{invitation.pk}/resend/"
        )
    first, second = mail.outbox
    for message in (first, second):
        link = _path(message, r"/learn/invitations/[^\s]+/")
        _assert_secret_absent(link.rstrip("/").rsplit("/", 1)[1], world.users["superuser"])

    link = _path(second, r"/learn/invitations/[^\s]+/")
    form = {"password1": "a-long-Passphrase-9", "password2": "a-long-Passphrase-9", "attest": "on"}
    response = Client().post(link, form)
    assert response.status_code == 302
    assert User.objects.get(email="new@x.example").check_password("a-long-Passphrase-9")
    assert "already been accepted" in Client().get(link).content.decode()


def test_resend_superseded_before_sending_sends_only_the_newest_link(
    world, django_capture_on_commit_callbacks
):
    """An item recorded for an older resend does not mail a link that no longer works."""
    with django_capture_on_commit_callbacks(execute=True):
        roster_services.import_enrolments(
            actor=None,
            cohort=world.cohort,
            data=(HEADER + "new@x.example,New,Person,participant,,\r\n").encode(),
        )
    invitation = Invitation.objects.get(enrolment__user__email="new@x.example")
    coordinator = world.client_for("coordinator")
    url = f"/learn/cohorts/{world.cohort.pk}/invitations/{invitation.pk}/resend/"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(url)
        coordinator.post(url)
    (message,) = mail.outbox
    link = _path(message, r"/learn/invitations/[^\s]+/")
    assert "Choose a password" in Client().get(link).content.decode()


def test_attestation_link_is_not_stored_and_is_answered_once(
    world, django_capture_on_commit_callbacks
):
    version = make_submitted(world.users["participant"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("participant").post(
            f"/evidence/{version.submission_id}/attestations/",
            {"relationship": "supervisor", "name": "Pat Principal", "email": "pat@school.example"},
        )
    (message,) = mail.outbox
    link = _path(message, r"/evidence/attest/[^\s]+/")
    _assert_secret_absent(link.rstrip("/").rsplit("/", 1)[1], world.users["superuser"])

    anonymous = Client()
    assert version.content_hash in anonymous.get(link).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(
            link,
            {"decision": "confirm", "responder_name": "Pat P.", "seen_hash": version.content_hash},
        )
    assert Attestation.objects.get().status == "confirmed"


def test_reset_for_a_disabled_account_sends_nothing(db, django_capture_on_commit_callbacks):
    user = UserFactory(email="gone@x.example")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": "gone@x.example"})
        User.objects.filter(pk=user.pk).update(is_active=False)
    assert mail.outbox == []


def test_older_items_lose_their_links_and_unsent_ones_make_theirs_when_sent(
    world, django_capture_on_commit_callbacks
):
    """The migration that cleans the outbox of a site that ran the older code."""
    import importlib

    from django.apps import apps
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    scrub = importlib.import_module("lms.migrations.0013_outbox_without_secrets").scrub
    participant = world.users["participant"]
    uid = urlsafe_base64_encode(force_bytes(participant.pk))
    secret = "cr0m3x-0123456789abcdef0123456789abcdef"
    old = {"to": [participant.email], "subject": "Reset", "text": f"/reset/{uid}/{secret}/"}
    OutboxItem.objects.create(
        kind="lms.email", key=f"password-reset:{uid}:{secret}", payload=old, status="done"
    )
    pending = OutboxItem.objects.create(
        kind="lms.email", key=f"password-reset:{uid}:{secret}x", payload=old, status="parked"
    )
    OutboxItem.objects.create(
        kind="lms.email",
        key="evidence:attestation-requested:77",
        payload={**old, "text": f"/evidence/attest/{secret}/"},
        status="done",
    )
    scrub(apps, None)
    _assert_secret_absent(secret, world.users["superuser"])
    pending.refresh_from_db()
    assert (pending.kind, pending.payload) == ("lms.password_reset", {"user_id": participant.pk})
    from lms.outbox import retry_parked, run_item

    retry_parked(item_ids=[pending.pk])
    assert run_item(pending.pk)
    (message,) = mail.outbox
    assert f"/accounts/password/reset/{uid}/" in message.body
