"""Reviewer assignment (conflict of interest), rubric scoring, outcomes, proficiency, signals,
second reviewer and adjudication, blind review, notifications."""

import re

import pytest
from django.core import mail

from evidence import selectors, services
from evidence.models import ProgrammeEvidenceSettings, ReviewAssignment, Submission
from evidence.signals import evidence_accepted, standard_proficient
from lms.models import Enrolment, StandardProgress
from lms.people import school_of, update_profile

from ..factories import UserFactory, enrol, make_cohort
from .helpers import make_submitted


def _score(version, reviewer, level: int, decision: str = "accepted"):
    assignment = version.assignments.get(reviewer=reviewer)
    return services.record_review(
        actor=reviewer,
        assignment_id=assignment.pk,
        scores={s.pk: (level, f"Level {level}.") for s in version.standards.all()},
        decision=decision,
        comment="Well triangulated.",
    )


def test_auto_assignment_never_picks_a_reviewer_from_the_participants_organisation(world):
    colleague = UserFactory(email="colleague@a.example")
    enrol(colleague, world.cohort, Enrolment.Role.REVIEWER)
    enrol(
        colleague,
        make_cohort(world.programme, world.org, name="Org A, spring"),
        Enrolment.Role.COACH,
    )
    same_school = UserFactory(email="neighbour@x.example", school="Oak Hill")
    update_profile(world.users["participant"], school="Oak Hill")
    enrol(same_school, world.other_cohort, Enrolment.Role.REVIEWER)
    version = make_submitted(world.users["participant"])
    eligible = selectors.eligible_reviewers(submission=version.submission, version=version)
    assert colleague not in eligible and same_school not in eligible
    assert world.users["coach"] not in eligible
    assert [a.reviewer for a in version.assignments.all()] == [world.users["reviewer"]]


def test_staff_assign_only_eligible_reviewers(world):
    version = make_submitted(world.users["other_participant"], (2,))
    version.assignments.all().delete()
    editor = world.users["editor"]
    conflicted = world.users["other_coach"]
    enrol(conflicted, world.cohort, Enrolment.Role.REVIEWER)
    with pytest.raises(services.EvidenceError):
        services.assign_reviewer(
            actor=editor, submission_id=version.submission_id, reviewer_id=conflicted.pk
        )
    assignment = services.assign_reviewer(
        actor=editor,
        submission_id=version.submission_id,
        reviewer_id=world.users["reviewer"].pk,
        blind=True,
    )
    assert assignment.assigned_by == editor and assignment.role == "primary"
    assert Submission.objects.get(pk=version.submission_id).blind is True


def test_accepted_review_records_proficiency_links_it_and_signals_after_commit(
    world, django_capture_on_commit_callbacks
):
    participant, reviewer = world.users["participant"], world.users["reviewer"]
    version = make_submitted(participant, (1, 3))
    received = {"accepted": [], "proficient": []}

    def on_accepted(sender, submission, version, standards, **kwargs):
        received["accepted"].append(sorted(s.number for s in standards))

    def on_proficient(sender, user, standard, level, version, **kwargs):
        received["proficient"].append((user, standard.number, level))

    evidence_accepted.connect(on_accepted)
    standard_proficient.connect(on_proficient)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assignment = version.assignments.get()
            levels = {s.pk: (3 if s.number == 1 else 1, "") for s in version.standards.all()}
            services.record_review(
                actor=reviewer, assignment_id=assignment.pk, scores=levels, decision="accepted"
            )
        assert received == {"accepted": [], "proficient": []}  # nothing before commit
        for callback in callbacks:
            callback()
    finally:
        evidence_accepted.disconnect(on_accepted)
        standard_proficient.disconnect(on_proficient)
    assert received == {"accepted": [[1]], "proficient": [(participant, 1, 3)]}
    progress = StandardProgress.objects.get(user=participant)
    assert progress.standard.number == 1 and progress.level == 3
    assert progress.evidence_url == f"/evidence/{version.submission_id}/"
    version.refresh_from_db()
    assert version.outcome == "accepted"
    dashboard = world.client_for("participant").get("/learn/dashboard/").content.decode()
    assert f'href="/evidence/{version.submission_id}/"' in dashboard
    assert "Proficient in 1 of 10 standards" in dashboard


def test_outcome_email_to_participant_never_names_the_reviewer(
    world, django_capture_on_commit_callbacks
):
    version = make_submitted(world.users["participant"])
    reviewer = world.users["reviewer"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _score(version, reviewer, 2)
    (message,) = mail.outbox
    assert message.to == ["participant@a.example"] and "Accepted" in message.subject
    assert reviewer.email not in message.body and reviewer.last_name not in message.body
    page = (
        world.client_for("participant").get(f"/evidence/{version.submission_id}/").content.decode()
    )
    assert "Version 1: Accepted" in page and "Level 2." in page
    assert reviewer.email not in page and reviewer.last_name not in page
    # Accepted evidence can be showcased in the standard's forum (the owner writes a summary).
    assert "/forums/share/?standard=" in page


def test_reviewer_must_score_every_claimed_standard(world):
    version = make_submitted(world.users["participant"], (1, 3))
    reviewer = world.users["reviewer"]
    assignment = version.assignments.get()
    first = version.standards.order_by("number").first()
    with pytest.raises(services.EvidenceError):
        services.record_review(
            actor=reviewer,
            assignment_id=assignment.pk,
            scores={first.pk: (2, "")},
            decision="accepted",
        )
    client = world.client_for("reviewer")
    response = client.post(
        f"/evidence/review/{assignment.pk}/", {"decision": "accepted", f"level_{first.pk}": "2"}
    )
    assert response.status_code == 200 and "Score every standard" in response.content.decode()
    assert not ReviewAssignment.objects.filter(completed_at__isnull=False).exists()


def test_review_page_shows_rubric_descriptors(world):
    version = make_submitted(world.users["participant"], (1,))
    assignment = version.assignments.get()
    page = world.client_for("reviewer").get(f"/evidence/review/{assignment.pk}/").content.decode()
    standard = version.standards.get()
    for level in ("Not yet", "Developing", "Proficient", "Exemplary"):
        assert level in page
    assert standard.rubric_proficient[:40] in page.replace("&#x27;", "'")


def test_second_reviewer_and_adjudication_on_disagreement(world):
    ProgrammeEvidenceSettings.objects.create(programme=world.programme, second_reviewer=True)
    second, third = UserFactory(email="r2@x.example"), UserFactory(email="r3@x.example")
    enrol(second, world.other_cohort, Enrolment.Role.REVIEWER)
    enrol(third, world.other_cohort, Enrolment.Role.REVIEWER)
    participant = world.users["participant"]
    version = make_submitted(participant, (1,))
    reviewers = [a.reviewer for a in version.assignments.order_by("pk")]
    assert len(reviewers) == 2 and [a.role for a in version.assignments.order_by("pk")] == [
        "primary",
        "second",
    ]
    _score(version, reviewers[0], 2)
    version.refresh_from_db()
    assert version.outcome == "pending"
    _score(version, reviewers[1], 1, decision="revise")
    version.refresh_from_db()
    assert version.outcome == "pending"
    adjudication = version.assignments.get(role="adjudicator")
    assert adjudication.reviewer not in reviewers
    _score(version, adjudication.reviewer, 3)
    version.refresh_from_db()
    assert version.outcome == "accepted"
    assert StandardProgress.objects.get(user=participant).level == 3


def test_two_reviewers_who_agree_settle_at_the_lower_level(world):
    ProgrammeEvidenceSettings.objects.create(programme=world.programme, second_reviewer=True)
    second = UserFactory(email="r2@x.example")
    enrol(second, world.other_cohort, Enrolment.Role.REVIEWER)
    participant = world.users["participant"]
    version = make_submitted(participant, (1,))
    first_reviewer, second_reviewer = [a.reviewer for a in version.assignments.order_by("pk")]
    _score(version, first_reviewer, 3)
    _score(version, second_reviewer, 2)
    version.refresh_from_db()
    assert (
        version.outcome == "accepted"
        and not version.assignments.filter(role="adjudicator").exists()
    )
    assert StandardProgress.objects.get(user=participant).level == 2


def _identity(user) -> list[str]:
    return [user.first_name, user.last_name, user.email, school_of(user), "Org A"]


def test_blind_review_shows_no_trace_of_the_participant_anywhere(
    world, django_capture_on_commit_callbacks
):
    """Every page a blind reviewer can reach, the file names they get and their emails."""
    ProgrammeEvidenceSettings.objects.create(programme=world.programme, blind_review=True)
    participant = world.users["participant"]
    participant.first_name, participant.last_name = "Zelda", "Quixote"
    participant.save()
    update_profile(participant, school="Oak Hill Middle")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        version = make_submitted(participant, (1, 3))
        services.request_attestation(
            actor=participant,
            submission_id=version.submission_id,
            relationship="supervisor",
            name="Pat Principal",
            email="pat@oakhill.example",
        )
    attestation = version.attestations.get()
    services.respond_attestation(
        token=services.attestation_token(attestation),
        confirm=True,
        responder_name="Pat Principal",
        comment="Accurate.",
        seen_hash=version.content_hash,
    )
    assert version.submission.blind
    client = world.client_for("reviewer")
    assignment = version.assignments.get()
    pages = {
        "/evidence/review/",
        f"/evidence/review/{assignment.pk}/",
        "/evidence/",
        "/learn/dashboard/",
        f"/evidence/{version.submission_id}/versions/1/",
    }
    seen: dict[str, str] = {}
    queue = list(pages)
    while queue:  # follow every evidence link the reviewer is shown
        path = queue.pop()
        response = client.get(path)
        if response.status_code != 200:
            continue
        if "Content-Disposition" in response:
            seen[path] = response["Content-Disposition"] + b"".join(
                response.streaming_content
            ).decode("latin-1")
            continue
        html = response.content.decode()
        seen[path] = html
        for link in re.findall(r'href="(/evidence/[^"]+)"', html):
            if link not in seen and link not in queue:
                queue.append(link)
    assert any(p.startswith("/evidence/files/") for p in seen), seen.keys()
    assert "Accurate." in seen[f"/evidence/review/{assignment.pk}/"]  # the attestation, anonymised
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/evidence/review/{assignment.pk}/",
            {"decision": "accepted", **{f"level_{s.pk}": "2" for s in version.standards.all()}},
        )
    seen["after review"] = client.get(f"/evidence/review/{assignment.pk}/").content.decode()
    reviewer_mail = [m for m in mail.outbox if world.users["reviewer"].email in m.to]
    assert reviewer_mail
    for m in reviewer_mail:
        seen[f"mail {m.subject}"] = m.subject + m.body
    for where, text in seen.items():
        for trace in [*_identity(participant), "pat@oakhill.example", "Pat Principal"]:
            assert trace.lower() not in text.lower(), f"{trace!r} in {where}"
