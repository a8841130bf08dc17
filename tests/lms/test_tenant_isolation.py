"""Issue #14, item 1: a coordinator cannot enrol another organisation's people.

The attack as reported: the coordinator of another organisation uploads a roster naming
``sam`` (a participant of Org A) and the programme's admin, with their own coach. Before the
fix both were enrolled at once, the export showed their names, schools, activity and module
counts, sam's "current" enrolment silently became the attacker's cohort, and the attacker's
coach read sam's next evidence and his older reflections.
"""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from evidence import services as evidence_services
from lms import selectors, services
from lms.models import Enrolment, ImportJob, Invitation, ModuleProgress, Reflection, User
from lms.people import school_of, update_profile

from ..factories import UserFactory, enrol, make_cohort

# Outbox side effects (emails, import batches) run inline in both profiles.
pytestmark = pytest.mark.usefixtures("eager_celery")

HEADER = "email,first name,last name,role,school,coach email\r\n"


def _sam(world) -> User:
    """The world's participant, with a real name, school, activity and progress."""
    sam = world.users["participant"]
    sam.first_name, sam.last_name = "Zenobia", "Quillfeather"
    sam.save()
    update_profile(
        sam,
        school="Hidden Valley Elementary",
        last_activity_at=timezone.now() - timedelta(days=2),
    )
    ModuleProgress.objects.create(user=sam, module=world.module, status="completed")
    return sam


def _admin() -> User:
    return UserFactory(
        email="admin@launch.example",
        first_name="Ozymandias",
        last_name="Rootwellington",
        school="Programme Back Office",
        is_superuser=True,
        is_staff=True,
    )


def _roster(world, *emails: str) -> bytes:
    coach = world.users["other_coach"].email
    lines = [f"{email},Forged,Name,participant,Forged School,{coach}\r\n" for email in emails]
    return (HEADER + "".join(lines)).encode()


def _preview(client, cohort, body: bytes) -> tuple[ImportJob, str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("roster.csv", body, content_type="text/csv")
    response = client.post(f"/learn/cohorts/{cohort.pk}/import/", {"file": upload})
    assert response.status_code == 302, response.content[:500]
    job = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    return job, client.get(response["Location"]).content.decode()


def _import(client, cohort, body: bytes, capture) -> tuple[ImportJob, str]:
    job, preview = _preview(client, cohort, body)
    with capture(execute=True):
        client.post(f"/learn/cohorts/{cohort.pk}/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done", job.error
    return job, preview


def _secrets(*people: User) -> list[str]:
    """What the attacker must never see of these people."""
    return [s for p in people for s in (p.first_name, p.last_name, school_of(p)) if s]


def test_another_organisations_import_invites_and_reveals_nothing(
    world, django_capture_on_commit_callbacks
):
    sam, admin = _sam(world), _admin()
    attacker = world.client_for("other_coordinator")
    cohort = world.other_cohort
    job, preview = _import(
        attacker,
        cohort,
        _roster(world, sam.email, admin.email, "nobody-yet@new.example"),
        django_capture_on_commit_callbacks,
    )

    # Invited, never enrolled: their consent comes through the invitation they accept.
    for person in (sam, admin):
        enrolment = Enrolment.objects.get(user=person, cohort=cohort)
        assert enrolment.status == "invited"
        assert Invitation.objects.get(enrolment=enrolment).status == "pending"
    assert {m.to[0] for m in mail.outbox} == {sam.email, admin.email, "nobody-yet@new.example"}
    assert User.objects.get(pk=sam.pk).first_name == "Zenobia"  # the file did not rename sam

    # The preview says the same of an address with an account and of one without.
    labels = {row["email"]: row["label"] for row in job.summary["rows"]}
    assert labels[sam.email] == labels[admin.email] == labels["nobody-yet@new.example"]
    table = re.search(r'<table[^>]*id="import-rows".*?</table>', preview, re.S).group(0)
    assert "account" not in table.lower()

    # Nothing about them in the preview, the people page, the dashboard or the export.
    people = attacker.get(f"/learn/cohorts/{cohort.pk}/people/").content.decode()
    dashboard = attacker.get(f"/learn/cohorts/{cohort.pk}/").content.decode()
    export = b"".join(
        attacker.get(f"/learn/cohorts/{cohort.pk}/export.csv").streaming_content
    ).decode("utf-8-sig")
    for page in (preview, people, dashboard, export):
        for secret in _secrets(sam, admin):
            assert secret not in page
    assert sam.email in people and sam.email in export  # the address they typed, only
    rows = {r[2]: r for r in csv.reader(io.StringIO(export))}
    assert rows[sam.email][0:2] == ["", ""]  # no name
    assert rows[sam.email][3] == "" and rows[sam.email][7] == ""  # no school, no activity
    assert rows[sam.email][9:11] == ["", ""]  # no module count, no standards
    # Searching the people page or the dashboard by name finds nobody.
    assert (
        sam.email
        not in attacker.get(
            f"/learn/cohorts/{cohort.pk}/people/", {"q": "Zenobia"}
        ).content.decode()
    )
    assert (
        sam.email
        not in attacker.get(f"/learn/cohorts/{cohort.pk}/", {"q": "Quillfeather"}).content.decode()
    )

    # Sam's current cohort is still his own; his next work goes there, out of the attacker's
    # coach's reach.
    sam = User.objects.get(pk=sam.pk)
    assert selectors.participant_enrolment_for(sam).cohort == world.cohort
    draft = evidence_services.create_submission(actor=sam, standard_ids=[], title="Mine")
    assert draft.cohort == world.cohort
    other_coach = world.client_for("other_coach")
    assert other_coach.get(f"/evidence/{draft.pk}/").status_code == 404
    reflection = services.save_reflection(actor=sam, module_id=world.module.pk, text="Private")
    response = other_coach.post(f"/coaching/reflections/{reflection.pk}/thread/")
    assert response.status_code == 404
    assert not Reflection.objects.filter(feedback_thread__isnull=False).exists()


def test_accepting_keeps_the_current_cohort_until_the_person_chooses(
    world, django_capture_on_commit_callbacks
):
    sam = _sam(world)
    sam.set_password("sams-own-Passphrase-1")
    sam.save()
    _import(
        world.client_for("other_coordinator"),
        world.other_cohort,
        _roster(world, sam.email),
        django_capture_on_commit_callbacks,
    )
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/learn/invitations/\S+/", message.body).group(0)
    path = "/" + link.split("/", 3)[3]

    # The link alone never sets an account holder's password: they accept signed in.
    anonymous = world.client_for("anonymous")
    assert "Log in to accept" in anonymous.get(path).content.decode()
    anonymous.post(path, {"password1": "x-Taken-over-99", "password2": "x-Taken-over-99"})
    assert User.objects.get(pk=sam.pk).check_password("sams-own-Passphrase-1")
    client = world.client_for("participant")
    response = client.post(path, {"attest": "on"})
    assert response.status_code == 302
    assert Enrolment.objects.get(user=sam, cohort=world.other_cohort).status == "active"

    # Two current cohorts now: the chosen one stays until Sam changes it himself.
    sam = User.objects.get(pk=sam.pk)
    assert selectors.participant_enrolment_for(sam).cohort == world.cohort
    page = client.get("/learn/dashboard/").content.decode()
    assert 'id="choose-cohort"' in page and world.other_cohort.name in page
    assert client.post("/learn/dashboard/cohort/", {"cohort": 999999}).status_code == 404
    client.post("/learn/dashboard/cohort/", {"cohort": world.other_cohort.pk})
    sam = User.objects.get(pk=sam.pk)
    assert selectors.participant_enrolment_for(sam).cohort == world.other_cohort


def test_people_of_the_organisation_are_still_enrolled_at_once(
    world, django_capture_on_commit_callbacks
):
    """The rule: coordinators of the organisation and people with a current enrolment in one
    of its cohorts are enrolled at once (and told); an invitation not accepted is not enough."""
    colleague = UserFactory(email="colleague@a.example")
    enrol(colleague, make_cohort(world.programme, world.org, name="Earlier A"))
    pending = UserFactory(email="pending@a.example")
    enrol(pending, make_cohort(world.programme, world.org, name="Invited A"), status="invited")
    _import(
        world.client_for("coordinator"),
        world.cohort,
        _roster(world, colleague.email, pending.email).replace(
            world.users["other_coach"].email.encode(), b""
        ),
        django_capture_on_commit_callbacks,
    )
    assert Enrolment.objects.get(user=colleague, cohort=world.cohort).status == "active"
    assert Enrolment.objects.get(user=pending, cohort=world.cohort).status == "invited"


def test_the_newest_enrolment_never_becomes_current_by_itself(world):
    sam = world.users["participant"]
    later = make_cohort(world.programme, world.org, name="Later A")
    later.starts_on = world.cohort.starts_on + timedelta(days=10)
    later.save()
    enrol(sam, later)
    assert selectors.participant_enrolment_for(sam).cohort == world.cohort
