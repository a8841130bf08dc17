"""Drafts, autosave, what is missing, submitting, immutable versions, revision, coach access."""

import pytest

from evidence import services
from evidence.models import Submission, SubmissionVersion
from lms.models import Standard

from .helpers import make_draft, make_submitted, standard_ids


def test_new_page_preselects_the_standard_from_the_module_prompt(world):
    client = world.client_for("participant")
    standard = Standard.objects.get(number=4)
    page = client.get(f"/evidence/new/?standard={standard.pk}").content.decode()
    assert f'value="{standard.pk}" id="id_standards_3" checked' in page

    response = client.post("/evidence/new/", {"title": "Plans", "standards": [standard.pk]})
    submission = Submission.objects.get(participant=world.users["participant"])
    assert response.status_code == 302 and response["Location"] == f"/evidence/{submission.pk}/"
    assert list(submission.standards.all()) == [standard]
    assert submission.cohort == world.cohort and submission.status == "draft"


def test_module_evidence_prompt_links_to_the_new_submission_page(world):
    client = world.client_for("participant")
    page = client.get(world.module.url).content.decode()
    standard = Standard.objects.get(number=1)
    assert f'href="/evidence/new/?standard={standard.pk}"' in page


def test_autosave_with_htmx_returns_the_status_partial_and_says_what_is_missing(world):
    user = world.users["participant"]
    submission = make_draft(user, ready=False)
    client = world.client_for("participant")
    data = {
        "title": "Data teams",
        "standards": standard_ids(1, 3),
        "narrative_facilitation": "I ran the meetings.",
        "narrative_educator": "Teachers changed.",
        "narrative_student": "",
    }
    for kind in ("facilitation", "educator"):
        services.add_link_artefact(
            actor=user, submission_id=submission.pk, kind=kind, url="https://x.example/a"
        )
    response = client.post(
        f"/evidence/{submission.pk}/draft/", data, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="draft-status"')
    assert "Draft saved at" in html
    assert "2 of 3 kinds of data documented; missing: student achievement" in html
    submission.refresh_from_db()
    assert submission.narrative_facilitation == "I ran the meetings."

    # The draft is on the server: a new visit (a closed tab) shows it.
    page = client.get(f"/evidence/{submission.pk}/").content.decode()
    assert "I ran the meetings." in page and 'hx-trigger="input changed delay:800ms"' in page


def test_save_without_javascript_redirects_back(world):
    submission = make_draft(world.users["participant"], ready=False)
    client = world.client_for("participant")
    response = client.post(f"/evidence/{submission.pk}/draft/", {"title": "Plain form"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Plain form"


def test_too_long_narrative_is_refused_and_changes_nothing(world):
    submission = make_draft(world.users["participant"], ready=False)
    client = world.client_for("participant")
    response = client.post(
        f"/evidence/{submission.pk}/draft/",
        {"title": "New", "narrative_student": "x" * (Submission.NARRATIVE_MAX + 1)},
        headers={"HX-Request": "true"},
    )
    assert "Not saved" in response.content.decode()
    submission.refresh_from_db()
    assert submission.title == "Data teams at my school"


def test_submitting_an_incomplete_draft_is_refused(world):
    submission = make_draft(world.users["participant"], ready=False)
    client = world.client_for("participant")
    client.post(f"/evidence/{submission.pk}/submit/")
    assert not SubmissionVersion.objects.exists()
    submission.refresh_from_db()
    assert submission.status == "draft"


def test_programme_may_require_fewer_kinds(world):
    from evidence.models import ProgrammeEvidenceSettings

    ProgrammeEvidenceSettings.objects.create(
        programme=world.programme, require_facilitation=False, require_educator=False
    )
    user = world.users["participant"]
    submission = make_draft(user, ready=False)
    services.save_draft(
        actor=user,
        submission_id=submission.pk,
        title="Only students",
        standard_ids=standard_ids(2),
        narratives={"student": "Scores rose."},
    )
    services.add_link_artefact(
        actor=user, submission_id=submission.pk, kind="student", url="https://x.example/s"
    )
    version = services.submit_submission(actor=user, submission_id=submission.pk)
    assert version.number == 1


def test_submit_freezes_an_immutable_version_with_a_hash(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    user = world.users["participant"]
    submission = make_draft(user, with_file=True)
    client = world.client_for("participant")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/evidence/{submission.pk}/submit/")
    assert response.status_code == 302
    version = SubmissionVersion.objects.get()
    assert version.number == 1 and len(version.content_hash) == 64
    assert version.content["title"] == "Data teams at my school"
    assert version.artefacts.count() == 4
    assert services.content_hash(version.content) == version.content_hash
    submission.refresh_from_db()
    assert submission.status == "submitted"
    with pytest.raises(PermissionError):
        version.content = {"title": "changed"}
        version.save()
    # Frozen: the draft cannot be changed while it waits for review.
    client.post(f"/evidence/{submission.pk}/draft/", {"title": "Sneaky"})
    submission.refresh_from_db()
    assert submission.title == "Data teams at my school"
    subjects = [m.subject for m in mailoutbox]
    assert "Your evidence was submitted" in subjects
    assert any(s.startswith("Evidence to review") for s in subjects)


def test_revise_and_resubmit_starts_a_new_version_and_keeps_history(world):
    user = world.users["participant"]
    version = make_submitted(user)
    reviewer = world.users["reviewer"]
    assignment = version.assignments.get()
    assert assignment.reviewer == reviewer
    services.record_review(
        actor=reviewer,
        assignment_id=assignment.pk,
        scores={s.pk: (1, "More data.") for s in version.standards.all()},
        decision="revise",
        comment="Show change over time.",
    )
    submission = version.submission
    submission.refresh_from_db()
    assert submission.status == "revise"
    # The frozen file stays in version 1 even when removed from the draft.
    frozen = submission.artefacts.exclude(storage_name="").get()
    client = world.client_for("participant")
    client.post(f"/evidence/{submission.pk}/artefacts/{frozen.pk}/remove/")
    frozen.refresh_from_db()
    assert frozen.removed_at is not None and frozen.versions.get() == version
    services.save_draft(
        actor=user,
        submission_id=submission.pk,
        title="Data teams, revised",
        standard_ids=standard_ids(1, 3),
        narratives={k: "Revised." for k in ("facilitation", "educator", "student")},
    )
    second = services.submit_submission(actor=user, submission_id=submission.pk)
    assert second.number == 2 and second.content_hash != version.content_hash
    assert second.artefacts.count() == 3
    page = client.get(f"/evidence/{submission.pk}/").content.decode()
    assert "Version 1" in page and "Version 2" in page
    old = client.get(f"/evidence/{submission.pk}/versions/1/").content.decode()
    assert "Data teams at my school" in old and "Revised." not in old


def test_coach_reads_drafts_but_cannot_write(world):
    submission = make_draft(world.users["participant"], ready=False)
    coach = world.client_for("coach")
    page = coach.get(f"/evidence/{submission.pk}/").content.decode()
    assert "Data teams at my school" in page and "read only" in page
    assert 'id="draft-form"' not in page
    assert coach.post(f"/evidence/{submission.pk}/draft/", {"title": "x"}).status_code == 404
    listing = coach.get("/evidence/").content.decode()
    assert "Data teams at my school" in listing


def test_extra_post_fields_are_ignored(world):
    """Mass assignment: status, blind, participant, cohort, score, reviewer go nowhere."""
    user = world.users["participant"]
    other = world.users["other_participant"]
    client = world.client_for("participant")
    client.post(
        "/evidence/new/",
        {
            "title": "Mine",
            "status": "accepted",
            "participant": other.pk,
            "cohort": world.other_cohort.pk,
            "blind": "on",
        },
    )
    submission = Submission.objects.get()
    assert (submission.participant, submission.cohort, submission.status, submission.blind) == (
        user,
        world.cohort,
        "draft",
        False,
    )
    client.post(
        f"/evidence/{submission.pk}/draft/",
        {"title": "Still mine", "status": "accepted", "blind": "on", "participant": other.pk},
    )
    submission.refresh_from_db()
    assert (submission.title, submission.status, submission.blind, submission.participant) == (
        "Still mine",
        "draft",
        False,
        user,
    )
    version = make_submitted(user)
    assignment = version.assignments.get()
    reviewer = world.client_for("reviewer")
    data = {
        "decision": "revise",
        "comment": "",
        "score": "3",
        "status": "accepted",
        "reviewer": other.pk,
        "outcome": "accepted",
    }
    for s in version.standards.all():
        data[f"level_{s.pk}"] = "1"
    reviewer.post(f"/evidence/review/{assignment.pk}/", data)
    version.refresh_from_db()
    assignment.refresh_from_db()
    assert version.outcome == "revise" and assignment.reviewer == world.users["reviewer"]
    assert set(assignment.scores.values_list("level", flat=True)) == {1}


def test_the_checklist_says_what_counts_when_narratives_are_written_without_data(world):
    """All three narratives written, no file or link yet: the page says 0 of 3, and why (a
    kind counts with its narrative AND a file or link), kind by kind, as submit requires."""
    user = world.users["participant"]
    submission = make_draft(user, ready=False)
    client = world.client_for("participant")
    data = {
        "title": "Data teams",
        "standards": standard_ids(1),
        "narrative_facilitation": "I ran the meetings.",
        "narrative_educator": "Teachers changed.",
        "narrative_student": "Scores rose.",
    }
    html = client.post(
        f"/evidence/{submission.pk}/draft/", data, headers={"HX-Request": "true"}
    ).content.decode()
    assert "0 of 3 kinds of data documented" in html
    assert "What counts: a kind of data is documented when its narrative" in html
    assert "at least one file or link of that kind" in html
    assert html.count("narrative written · 0 files or links") == 3
    assert html.count('href="#kind-heading-') == 3
    page = client.get(f"/evidence/{submission.pk}/").content.decode()
    assert 'id="kind-heading-student"' in page
    assert "required: narrative written, add a file or link" in page
    response = client.post(f"/evidence/{submission.pk}/submit/", follow=True)
    assert "Something required is still missing." in response.content.decode()
    services.add_link_artefact(
        actor=user, submission_id=submission.pk, kind="student", url="https://x.example/s"
    )
    html = client.get(f"/evidence/{submission.pk}/").content.decode()
    assert "1 of 3 kinds of data documented" in html and "1 file or link" in html
