"""The code of ethics is staff-edited, versioned content: invitations show the current published
version and each attestation records that version and the SHA-256 of its exact text."""

import hashlib
import importlib

from django.apps import apps
from django.test import Client
from django.utils import timezone

from lms.invitations.selectors import invitation_token
from lms.models import CodeOfEthics, Enrolment, EthicsAttestation, Invitation, User

from ..factories import UserFactory, make_cohort, make_programme

# The text every attestation before the snippet existed was given for (lms/content.py's
# CODE_OF_ETHICS, version 2026.1): the seeded version must hash to the same value.
SEEDED_VERSION = "2026.1"
SEEDED_SHA256 = "05a7e8fe939c00e7dc854303f88648c5cdd0878d9286f5d36ba41ac3108d73de"
PASSWORD = "a-long-Passphrase-9"

NEW_TEXT = (
    "1. Students first: every improvement decision keeps students' learning at its centre.\r\n"
    "2. Honest evidence: I claim only the results my evidence supports."
)


def _invite(cohort, email: str) -> str:
    """A new person invited to ``cohort``; returns the path of their invitation link."""
    user = User.objects.create_user(email=email, password=None, first_name="Ana")
    enrolment = Enrolment.objects.create(
        user=user, cohort=cohort, role=Enrolment.Role.PARTICIPANT, status=Enrolment.Status.INVITED
    )
    invitation = Invitation.objects.create(enrolment=enrolment)
    return f"/learn/invitations/{invitation_token(invitation)}/"


def _accept(link: str, **extra) -> object:
    data = {"password1": PASSWORD, "password2": PASSWORD, "attest": "on", **extra}
    return Client().post(link, data)


def _staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _form(**fields) -> dict:
    return {"effective_on": timezone.localdate().isoformat(), **fields}


def test_the_seeded_version_is_todays_text_with_the_same_hash(db):
    current = CodeOfEthics.objects.current()
    assert current is not None and current.live
    assert current.version == SEEDED_VERSION
    assert current.title == "School Improvement Specialist Code of Ethics"
    assert current.text_sha256 == SEEDED_SHA256
    assert hashlib.sha256(current.text.encode()).hexdigest() == SEEDED_SHA256
    assert current.text.startswith("1. Students first:") and current.text.count("\n") == 9

    link = _invite(make_cohort(make_programme()), "ana@x.example")
    page = Client().get(link).content.decode()
    assert f'<h2 id="ethics-heading">{current.title}</h2>' in page and "Version 2026.1" in page
    assert "1. Students first: I keep the learning" in page
    assert f'name="ethics_version" value="{current.pk}"' in page
    assert _accept(link).status_code == 302
    attestation = EthicsAttestation.objects.get(user__email="ana@x.example")
    assert attestation.code_of_ethics == current
    assert (attestation.version, attestation.text_sha256) == (SEEDED_VERSION, SEEDED_SHA256)


def test_staff_publish_a_new_version_and_the_next_acceptance_attests_it(db):
    cohort = make_cohort(make_programme())
    old = CodeOfEthics.objects.current()
    assert _accept(_invite(cohort, "first@x.example")).status_code == 302
    first = EthicsAttestation.objects.get(user__email="first@x.example")

    staff = _staff_client()
    assert staff.get("/admin/snippets/lms/codeofethics/").status_code == 200
    assert staff.get("/admin/snippets/lms/codeofethics/add/").status_code == 200
    # A draft is not shown to anyone yet.
    fields = _form(version="2027.1", title="Code of Ethics, 2027 edition", text=NEW_TEXT)
    response = staff.post("/admin/snippets/lms/codeofethics/add/", fields)
    assert response.status_code == 302
    new = CodeOfEthics.objects.get(version="2027.1")
    assert not new.live and CodeOfEthics.objects.current() == old
    link = _invite(cohort, "second@x.example")
    assert "2027 edition" not in Client().get(link).content.decode()

    # Published: the next acceptance shows and attests it.
    response = staff.post(
        f"/admin/snippets/lms/codeofethics/edit/{new.pk}/", {**fields, "action-publish": "1"}
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.live and CodeOfEthics.objects.current() == new
    assert new.text == NEW_TEXT.replace("\r\n", "\n")  # the text keeps LF line breaks
    page = Client().get(link).content.decode()
    assert "Code of Ethics, 2027 edition" in page and "Version 2027.1" in page
    assert "every improvement decision keeps students" in page
    assert '<h2 id="ethics-heading">School Improvement Specialist Code of Ethics' not in page
    assert "1. Students first: I keep the learning" not in page
    assert _accept(link).status_code == 302
    second = EthicsAttestation.objects.get(user__email="second@x.example")
    assert second.code_of_ethics == new and second.version == "2027.1"
    assert second.text_sha256 == hashlib.sha256(new.text.encode()).hexdigest() != SEEDED_SHA256

    # Earlier attestations still point at the version they were given for.
    first.refresh_from_db()
    assert first.code_of_ethics == old and first.version == SEEDED_VERSION
    assert first.text_sha256 == SEEDED_SHA256
    assert list(old.attestations.all()) == [first] and list(new.attestations.all()) == [second]


def test_a_version_someone_attested_cannot_change(db):
    old = CodeOfEthics.objects.current()
    staff = _staff_client()
    edit = f"/admin/snippets/lms/codeofethics/edit/{old.pk}/"
    fields = _form(version=old.version, title=old.title, text=old.text + "\n11. Added later.")
    # Nobody has attested it yet in this database: staff may still correct it.
    assert staff.post(edit, {**fields, "action-publish": "1"}).status_code == 302
    old.refresh_from_db()
    assert old.text.endswith("11. Added later.")

    assert _accept(_invite(make_cohort(make_programme()), "ana@x.example")).status_code == 302
    response = staff.post(edit, {**fields, "text": "Something else", "action-publish": "1"})
    assert response.status_code == 200
    assert "People have attested this version; add a new version instead." in (
        response.content.decode()
    )
    old.refresh_from_db()
    assert old.text.endswith("11. Added later.")
    attestation = EthicsAttestation.objects.get()
    assert attestation.text_sha256 == old.text_sha256


def test_a_version_published_while_the_page_was_open_is_shown_before_anyone_attests(db):
    old = CodeOfEthics.objects.current()
    link = _invite(make_cohort(make_programme()), "ana@x.example")
    assert f'value="{old.pk}"' in Client().get(link).content.decode()
    new = CodeOfEthics.objects.create(
        version="2027.1", title="Code of Ethics, 2027 edition", text="1. Students first."
    )

    response = _accept(link, ethics_version=str(old.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "The code of ethics was updated while you were reading it." in page
    assert "Code of Ethics, 2027 edition" in page and f'value="{new.pk}"' in page
    assert not EthicsAttestation.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING

    assert _accept(link, ethics_version=str(new.pk)).status_code == 302
    assert EthicsAttestation.objects.get().code_of_ethics == new


def test_the_data_migration_links_existing_attestations_to_the_seeded_version(db):
    seeded = CodeOfEthics.objects.get(version=SEEDED_VERSION)
    earlier = EthicsAttestation.objects.create(
        user=UserFactory(), version=SEEDED_VERSION, text_sha256=SEEDED_SHA256
    )
    migration = importlib.import_module("lms.migrations.0017_seed_code_of_ethics")
    migration.seed_code_of_ethics(apps, None)
    earlier.refresh_from_db()
    assert earlier.code_of_ethics == seeded and earlier.text_sha256 == SEEDED_SHA256
    assert CodeOfEthics.objects.filter(version=SEEDED_VERSION).count() == 1
    assert migration.CODE_OF_ETHICS["text"] == seeded.text
