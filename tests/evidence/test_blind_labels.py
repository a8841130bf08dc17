"""Reviewer pages say whether a review is blind; the demo has a blind and a non-blind review
for the demo reviewer (issue #14, item 12)."""

from io import StringIO

from django.core.management import call_command
from django.test import Client

from evidence.models import ProgrammeEvidenceSettings, ReviewAssignment, Submission
from lms.models import User

from .helpers import make_submitted

BLIND = "Blind review"
NOT_BLIND = "Not blind: you will see the participant's name"


def test_queue_and_review_page_say_blind_or_not(world):
    reviewer = world.client_for("reviewer")
    open_version = make_submitted(world.users["participant"], (1,))
    assignment = open_version.assignments.get()
    page = reviewer.get(f"/evidence/review/{assignment.pk}/").content.decode()
    assert NOT_BLIND in page and 'class="blind-label blind-on"' not in page
    assert NOT_BLIND in reviewer.get("/evidence/review/").content.decode()

    Submission.objects.filter(pk=open_version.submission_id).update(blind=True)
    page = reviewer.get(f"/evidence/review/{assignment.pk}/").content.decode()
    assert BLIND in page and NOT_BLIND not in page
    assert "author and document properties removed" in page
    queue = reviewer.get("/evidence/review/").content.decode()
    assert BLIND in queue and NOT_BLIND not in queue


def test_blind_by_programme_setting_is_labelled(world):
    ProgrammeEvidenceSettings.objects.create(programme=world.programme, blind_review=True)
    version = make_submitted(world.users["participant"], (1,))
    assignment = version.assignments.get()
    page = world.client_for("reviewer").get(f"/evidence/review/{assignment.pk}/").content.decode()
    assert BLIND in page and world.users["participant"].email not in page


def test_the_demo_reviewer_has_a_blind_and_a_non_blind_review(db):
    call_command("seed_demo", stdout=StringIO())
    reviewer = User.objects.get(email="reviewer@launch.example")
    mine = ReviewAssignment.objects.filter(reviewer=reviewer).select_related("version__submission")
    assert {a.version.submission.blind for a in mine} == {True, False}
    blind = [a for a in mine if a.version.submission.blind]
    assert [a.version.submission.participant.email for a in blind] == ["maria@launch.example"]
    client = Client()
    client.force_login(reviewer)
    queue = client.get("/evidence/review/").content.decode()
    assert BLIND in queue and NOT_BLIND in queue
    page = client.get(f"/evidence/review/{blind[0].pk}/").content.decode()
    for identity in ("Maria", "Gonzalez", "Lakeview", "maria@launch.example"):
        assert identity not in page, identity
    call_command("seed_demo", stdout=StringIO())
    assert ReviewAssignment.objects.filter(reviewer=reviewer).count() == mine.count()
