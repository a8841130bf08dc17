"""A participant is warned (not stopped) when what the blind reviewer sees names them: their
name, email, school or organisation in the title, a label, a link URL or a file name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from evidence import anonymity, services
from evidence.models import ProgrammeEvidenceSettings

from ..factories import UserFactory, enrol
from .helpers import PDF, make_draft

WARNING = "This submission is reviewed blind, but what the reviewer sees names you"


@pytest.fixture
def jordan(world):
    world.org.name = "Oakhill Unified District"
    world.org.save()
    user = UserFactory(email="jordan.lee@oakhill.example", first_name="Jordan", last_name="Lee",
                       school="Oak Hill Middle School")  # fmt: skip
    enrol(user, world.cohort, coach=world.users["coach"])
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_identity_in_title_label_link_and_file_name_is_shown_on_the_draft_and_at_submit(
    world, jordan
):
    ProgrammeEvidenceSettings.objects.create(programme=world.programme, blind_review=True)
    submission = make_draft(jordan)
    services.save_draft(
        actor=jordan, submission_id=submission.pk, title="Data dialogues at Oak-Hill",
        standard_ids=list(submission.standards.values_list("pk", flat=True)),
        narratives={k: submission.narrative(k) for k in ("facilitation", "educator", "student")},
    )  # fmt: skip
    services.add_link_artefact(
        actor=jordan, submission_id=submission.pk, kind="student",
        url="https://drive.example/u/jordan.lee%40oakhill.example/benchmarks", label="Scores",
    )  # fmt: skip
    services.add_link_artefact(
        actor=jordan, submission_id=submission.pk, kind="educator",
        url="https://docs.example.org/walkthrough", label="Walk-throughs by Mr Lee",
    )  # fmt: skip
    services.add_file_artefact(
        actor=jordan, submission_id=submission.pk, kind="facilitation",
        upload=SimpleUploadedFile("OakhillUnified_agendas.pdf", PDF),
    )  # fmt: skip
    client = _client(jordan)
    page = client.get(f"/evidence/{submission.pk}/").content.decode()
    assert WARNING in page
    for expected in (
        "The title contains your school (“Oak Hill Middle School”).",
        "contains your email address (“jordan.lee@oakhill.example”)",
        "The description “Walk-throughs by Mr Lee” contains your name (“Lee”).",
        "The file name “OakhillUnified_agendas.pdf” contains your organisation",
    ):
        assert expected in page, expected
    # The autosaved status (htmx) says it too, as the title changes.
    data = {
        "title": "Jordan's data dialogues",
        "standards": [s.pk for s in submission.standards.all()],
    }
    html = client.post(f"/evidence/{submission.pk}/draft/", data,
                       headers={"HX-Request": "true"}).content.decode()  # fmt: skip
    assert "The title contains your name (“Jordan”)." in html
    # Submitting is not blocked; the warning comes with it.
    services.save_draft(
        actor=jordan, submission_id=submission.pk, title="Data dialogues at Oak-Hill",
        standard_ids=list(submission.standards.values_list("pk", flat=True)),
        narratives={k: "Written." for k in ("facilitation", "educator", "student")},
    )  # fmt: skip
    response = client.post(f"/evidence/{submission.pk}/submit/", follow=True)
    html = response.content.decode()
    assert "is waiting for review" in html
    assert "This review is blind, but the reviewer can see who you are" in html
    assert "The title contains your school" in html


def test_no_warning_when_nothing_names_the_participant_or_the_review_is_not_blind(world, jordan):
    submission = make_draft(jordan)
    client = _client(jordan)
    assert WARNING not in client.get(f"/evidence/{submission.pk}/").content.decode()
    submission.title = "Jordan at Oak Hill"
    submission.save()
    assert anonymity.identity_warnings(submission, []) == []  # not blind
    submission.blind = True
    submission.title = "Data teams at my school"
    submission.save()
    assert anonymity.identity_warnings(submission, list(submission.artefacts.all())) == []
    assert WARNING not in client.get(f"/evidence/{submission.pk}/").content.decode()


def test_matching_ignores_case_accents_and_punctuation_but_not_parts_of_words(world, jordan):
    submission = make_draft(jordan)
    submission.blind = True
    for title, expected in (
        ("JORDAN-LEE plan", ["your name"]),
        ("oak_hill benchmarks", ["your school", "your organisation"]),  # Oakhill Unified
        ("Jórdan's agenda", ["your name"]),
        ("Sleep and learning", []),  # "lee" inside a word is not a name
        ("Jordanian exchange", []),
    ):
        submission.title = title
        found = [w.what for w in anonymity.identity_warnings(submission, [])]
        assert found == expected, title
