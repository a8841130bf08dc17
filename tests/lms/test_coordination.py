"""Coordinators run their cohorts: create and edit, people, coaches, invitations, import."""

import re
from unittest import mock

import pytest
from django.core import mail

from lms.models import (
    CodeOfEthics,
    Cohort,
    Enrolment,
    EthicsAttestation,
    ImportJob,
    Invitation,
    OutboxItem,
    User,
)
from lms.roster import services as roster_services
from lms.tasks import sweep_outbox_task

from ..factories import UserFactory, enrol, make_cohort

pytestmark = pytest.mark.usefixtures("eager_celery")

HEADER = "email,first name,last name,role,school or organisation,coach email\r\n"


def _form(w, **overrides):
    data = {
        "name": "Spring cohort",
        "programme": w.programme.pk,
        "organisation": w.org.pk,
        "kind": "regional",
        "starts_on": "2027-01-10",
        "ends_on": "2027-06-10",
        "seat_limit": 25,
        "status": "planned",
    }
    return {**data, **overrides}


def test_coordinator_creates_and_edits_a_cohort_of_their_organisation(world):
    client = world.client_for("coordinator")
    response = client.post("/learn/cohorts/new/", _form(world))
    cohort = Cohort.objects.get(name="Spring cohort")
    assert response.status_code == 302 and cohort.organisation == world.org
    assert response["Location"] == f"/learn/cohorts/{cohort.pk}/people/"
    assert b"Spring cohort" in client.get("/learn/cohorts/").content

    response = client.post(f"/learn/cohorts/{cohort.pk}/edit/", _form(world, seat_limit=40))
    cohort.refresh_from_db()
    assert response.status_code == 302 and cohort.seat_limit == 40


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "national"}, "Select a valid choice"),
        ({"ends_on": "2026-12-01"}, "must end on or after"),
        ({"seat_limit": 0}, "greater than or equal to 1"),
        ({"name": ""}, "This field is required"),
    ],
)
def test_bad_cohort_forms_say_what_is_wrong_and_create_nothing(world, overrides, message):
    before = Cohort.objects.count()
    response = world.client_for("coordinator").post(
        "/learn/cohorts/new/", _form(world, **overrides)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert Cohort.objects.count() == before


def test_forged_organisation_is_404_and_changes_nothing(world):
    client = world.client_for("coordinator")
    before = Cohort.objects.count()
    assert (
        client.post(
            "/learn/cohorts/new/", _form(world, organisation=world.other_org.pk)
        ).status_code
        == 404
    )
    response = client.post(
        f"/learn/cohorts/{world.cohort.pk}/edit/", _form(world, organisation=world.other_org.pk)
    )
    assert response.status_code == 404
    world.cohort.refresh_from_db()
    assert Cohort.objects.count() == before and world.cohort.organisation == world.org


def test_seat_limit_cannot_drop_below_the_seats_taken(world):
    response = world.client_for("coordinator").post(
        f"/learn/cohorts/{world.cohort.pk}/edit/",
        _form(world, name=world.cohort.name, seat_limit=0 + 1, status="running"),
    )
    # One participant is enrolled: a limit of one is fine, it is not lower than that.
    assert response.status_code == 302
    enrol(UserFactory(), world.cohort)
    response = world.client_for("coordinator").post(
        f"/learn/cohorts/{world.cohort.pk}/edit/", _form(world, seat_limit=1)
    )
    assert "the seat limit cannot be lower" in response.content.decode()


def test_withdraw_and_reactivate_respects_the_seat_limit(world):
    client = world.client_for("coordinator")
    enrolment = Enrolment.objects.get(user=world.users["participant"], cohort=world.cohort)
    url = f"/learn/cohorts/{world.cohort.pk}/people/{enrolment.pk}/status/"
    client.post(url, {"status": "withdrawn"})
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"

    Cohort.objects.filter(pk=world.cohort.pk).update(seat_limit=1)
    enrol(UserFactory(), world.cohort)  # the freed seat is taken
    response = client.post(url, {"status": "active"}, follow=True)
    assert "The cohort is full" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"

    Cohort.objects.filter(pk=world.cohort.pk).update(seat_limit=5)
    client.post(url, {"status": "active"})
    enrolment.refresh_from_db()
    assert enrolment.status == "active"


def test_coaches_are_assigned_one_by_one_and_in_bulk_forged_ids_change_nothing(world):
    client = world.client_for("coordinator")
    second_coach = UserFactory(email="coach2@a.example")
    enrol(second_coach, world.cohort, Enrolment.Role.COACH)
    people = [enrol(UserFactory(), world.cohort) for _ in range(3)]
    url = f"/learn/cohorts/{world.cohort.pk}/people/coach/"
    client.post(url, {"enrolment": [str(p.pk) for p in people], "coach": second_coach.pk})
    assert set(
        Enrolment.objects.filter(pk__in=[p.pk for p in people]).values_list("coach", flat=True)
    ) == {second_coach.pk}

    client.post(url, {"enrolment": people[0].pk, "coach": ""})
    people[0].refresh_from_db()
    assert people[0].coach is None

    other = Enrolment.objects.get(user=world.users["other_participant"])
    response = client.post(
        url, {"enrolment": [people[1].pk, other.pk], "coach": world.users["coach"].pk}
    )
    assert response.status_code == 404
    people[1].refresh_from_db()
    other.refresh_from_db()
    assert people[1].coach == second_coach and other.coach == world.users["other_coach"]


def test_people_page_makes_the_same_queries_for_5_and_50_people(world, django_assert_num_queries):
    client = world.client_for("coordinator")
    url = f"/learn/cohorts/{world.cohort.pk}/people/"
    client.get(url)  # warm caches (site, access context)
    for _ in range(2):
        enrol(UserFactory(), world.cohort)
    with django_assert_num_queries(5) as small:
        client.get(url)
    for _ in range(45):
        enrol(UserFactory(), world.cohort)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('id="select-') == 48


# --- Import from the upload page, invitations --------------------------------------------------


def _upload(client, cohort, body: bytes, name="roster.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/learn/cohorts/{cohort.pk}/import/",
        {"file": SimpleUploadedFile(name, body, content_type="text/csv")},
    )


def _state():
    return (User.objects.count(), Enrolment.objects.count(), Invitation.objects.count())


def _invitation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/learn/invitations/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_upload_preview_confirm_invite_accept(world, django_capture_on_commit_callbacks):
    client = world.client_for("coordinator")
    coach = world.users["coach"].email
    bad = (
        HEADER + f"ana@x.example,Ana,Diaz,participant,Oak MS,{coach}\r\n"
        "not-an-email,Ben,Okoro,participant,,\r\n"
    ).encode()
    before = _state()
    response = _upload(client, world.cohort, bad)
    job = ImportJob.objects.get()
    assert response["Location"] == f"/learn/cohorts/{world.cohort.pk}/import/{job.pk}/"
    preview = client.get(response["Location"]).content.decode()
    assert "1 row has an error." in preview and "not-an-email" in preview
    assert "<strong>email</strong>" in preview and "Import 2 rows" not in preview
    # A file with errors cannot be confirmed, even by a forged POST.
    client.post(f"/learn/cohorts/{world.cohort.pk}/import/{job.pk}/confirm/")
    assert _state() == before and ImportJob.objects.get().status == "preview"

    good = bad.replace(b"not-an-email", b"ben@x.example")
    job = ImportJob.objects.get(
        pk=int(_upload(client, world.cohort, good)["Location"].split("/")[-2])
    )
    assert (
        "Import 2 rows"
        in client.get(f"/learn/cohorts/{world.cohort.pk}/import/{job.pk}/").content.decode()
    )
    assert _state() == before  # the preview writes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/learn/cohorts/{world.cohort.pk}/import/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "done"
    result = client.get(f"/learn/cohorts/{world.cohort.pk}/import/{job.pk}/").content.decode()
    assert "The roster is imported." in result
    assert len(mail.outbox) == 2 and {m.to[0] for m in mail.outbox} == {
        "ana@x.example",
        "ben@x.example",
    }
    ana_mail = next(m for m in mail.outbox if m.to == ["ana@x.example"])
    link = _invitation_link(ana_mail)

    invitee = world.client_for("anonymous")
    page = invitee.get(link).content.decode()
    ethics = CodeOfEthics.objects.current()
    assert "ana@x.example" in page and ethics.title in page
    response = invitee.post(
        link, {"password1": "a-long-Passphrase-9", "password2": "different-9X", "attest": "on"}
    )
    assert "The two passwords differ." in response.content.decode()
    response = invitee.post(
        link, {"password1": "a-long-Passphrase-9", "password2": "a-long-Passphrase-9"}
    )
    assert "Please confirm the code of ethics." in response.content.decode()
    response = invitee.post(
        link,
        {"password1": "a-long-Passphrase-9", "password2": "a-long-Passphrase-9", "attest": "on"},
    )
    assert response.status_code == 302 and response["Location"] == "/learn/dashboard/"
    ana = User.objects.get(email="ana@x.example")
    assert ana.check_password("a-long-Passphrase-9")
    attestation = EthicsAttestation.objects.get(user=ana)
    assert attestation.version == ethics.version and len(attestation.text_sha256) == 64
    enrolment = Enrolment.objects.get(user=ana, cohort=world.cohort)
    assert enrolment.status == "active" and enrolment.coach == world.users["coach"]
    assert invitee.get("/learn/dashboard/").status_code == 200

    # The link works once.
    again = world.client_for("anonymous").get(link).content.decode()
    assert "already been accepted" in again

    # Re-importing the same file writes nothing.
    before = _state()
    job2 = ImportJob.objects.get(
        pk=int(_upload(client, world.cohort, good)["Location"].split("/")[-2])
    )
    assert job2.summary["counts"]["unchanged"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/learn/cohorts/{world.cohort.pk}/import/{job2.pk}/confirm/")
    assert _state() == before and len(mail.outbox) == 2


def test_people_of_the_organisation_are_enrolled_and_notified(
    world, django_capture_on_commit_callbacks
):
    person = UserFactory(email="pat@a.example")
    enrol(person, make_cohort(world.programme, world.org, name="Earlier A cohort"))
    body = (HEADER + f"{person.email},Pat,Lee,participant,,\r\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        roster_services.import_enrolments(actor=None, cohort=world.cohort, data=body)
    assert Enrolment.objects.get(user=person, cohort=world.cohort).status == "active"
    assert not Invitation.objects.exists()
    (message,) = mail.outbox
    assert message.to == [person.email] and "enrolled in Cohort A" in message.subject


def _invite(world, django_capture_on_commit_callbacks, email="new@x.example") -> Invitation:
    with django_capture_on_commit_callbacks(execute=True):
        roster_services.import_enrolments(
            actor=None,
            cohort=world.cohort,
            data=(HEADER + f"{email},New,Person,participant,,\r\n").encode(),
        )
    return Invitation.objects.get(enrolment__user__email=email)


def test_resend_replaces_the_link_and_revoke_withdraws(world, django_capture_on_commit_callbacks):
    invitation = _invite(world, django_capture_on_commit_callbacks)
    first_link = _invitation_link(mail.outbox[0])
    client = world.client_for("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/learn/cohorts/{world.cohort.pk}/invitations/{invitation.pk}/resend/")
    assert len(mail.outbox) == 2
    second_link = _invitation_link(mail.outbox[1])
    assert "replaced or withdrawn" in world.client_for("anonymous").get(first_link).content.decode()
    assert "Choose a password" in world.client_for("anonymous").get(second_link).content.decode()

    client.post(f"/learn/cohorts/{world.cohort.pk}/invitations/{invitation.pk}/revoke/")
    invitation.refresh_from_db()
    assert invitation.status == "revoked" and invitation.enrolment.status == "withdrawn"
    response = world.client_for("anonymous").post(
        second_link,
        {"password1": "a-long-Passphrase-9", "password2": "a-long-Passphrase-9", "attest": "on"},
    )
    assert "withdrawn" in response.content.decode()
    assert not User.objects.get(email="new@x.example").has_usable_password()


def test_expired_and_forged_links_are_refused(world, django_capture_on_commit_callbacks, settings):
    _invite(world, django_capture_on_commit_callbacks)
    link = _invitation_link(mail.outbox[0])
    settings.LAUNCH_INVITATION_MAX_AGE_DAYS = 14
    import time

    later = time.time() + 15 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert "has expired" in world.client_for("anonymous").get(link).content.decode()
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert "not valid" in world.client_for("anonymous").get(forged).content.decode()


def test_oversized_and_unreadable_files_are_refused_clearly(world):
    client = world.client_for("coordinator")
    before = _state()
    big = HEADER.encode() + b"x@x.example,A,B,participant,,\r\n" * 80_000
    response = _upload(client, world.cohort, big)
    assert "the limit is 2.0" in response.content.decode()
    response = _upload(client, world.cohort, b"\x89PNG\r\n\x1a\n\x00\x00binary", name="photo.csv")
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert _state() == before and not ImportJob.objects.exists()


def test_an_interrupted_import_run_again_ends_as_one_clean_run(world):
    body = (HEADER + "".join(f"p{i}@x.example,P,{i},participant,,\r\n" for i in range(5))).encode()
    Cohort.objects.filter(pk=world.cohort.pk).update(seat_limit=100)
    job = roster_services.preview_import(
        actor=world.users["coordinator"], cohort_id=world.cohort.pk, filename="r.csv", data=body
    )
    ImportJob.objects.filter(pk=job.pk).update(status="queued")

    def crash(*args, **kwargs):
        raise SystemExit("worker killed")

    with (
        mock.patch("lms.roster.services.notify_enrolled", side_effect=crash),
        pytest.raises(SystemExit),
    ):
        roster_services.run_import_job(job_id=job.pk)
    emails = [f"p{i}@x.example" for i in range(5)]
    assert not User.objects.filter(email__in=emails).exists()
    assert ImportJob.objects.get(pk=job.pk).status == "running"

    roster_services.run_import_job(job_id=job.pk)
    assert ImportJob.objects.get(pk=job.pk).status == "done"
    assert Enrolment.objects.filter(cohort=world.cohort, user__email__in=emails).count() == 5
    roster_services.run_import_job(job_id=job.pk)  # delivered again: nothing more
    assert Enrolment.objects.filter(cohort=world.cohort, user__email__in=emails).count() == 5
    # One side effect recorded for the invitations; the sweep (or the worker) sends them.
    assert OutboxItem.objects.filter(kind="lms.send_invitations").count() == 1
    sweep_outbox_task()
    assert Invitation.objects.count() == 5 and len(mail.outbox) == 5
