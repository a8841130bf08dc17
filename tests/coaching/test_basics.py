"""Threads, messages, help requests and the coach's queue through the pages (no JavaScript)."""

import pytest
from django.core.exceptions import ValidationError

from coaching import selectors, services
from coaching.models import FeedbackMessage, HelpRequest, ReadMarker
from lms.exceptions import AccessDenied
from lms.models import Enrolment

from .helpers import make_reflection_thread, make_thread

pytestmark = pytest.mark.django_db


def test_messages_get_increasing_seq_and_sanitised_html(world, thread):
    a = services.post_message(actor=world.users["participant"], thread_id=thread.pk, body="*hi*")
    b = services.post_message(
        actor=world.users["coach"],
        thread_id=thread.pk,
        body="[x](javascript:alert(1))",
        anchor="student",
    )
    assert (a.seq, b.seq) == (1, 2)
    assert a.html.strip() == "<p><em>hi</em></p>"
    assert "<a" not in b.html and "href" not in b.html
    thread.refresh_from_db()
    assert thread.last_seq == 2


def test_only_participant_and_coach_write(world, thread):
    for role in ("editor", "superuser"):
        assert selectors.access_thread(user=world.users[role], pk=thread.pk).role == "staff"
        with pytest.raises(AccessDenied):
            services.post_message(actor=world.users[role], thread_id=thread.pk, body="x")
    for role in ("other_participant", "other_coach", "coordinator", "reviewer", "unenrolled"):
        with pytest.raises(AccessDenied):
            selectors.access_thread(user=world.users[role], pk=thread.pk)
    assert FeedbackMessage.objects.count() == 0


def test_empty_oversized_and_bad_anchor_refused(world, thread):
    p = world.users["participant"]
    for body, anchor in (("  ", ""), ("x" * 4001, ""), ("ok", "nonsense")):
        with pytest.raises(ValidationError):
            services.post_message(actor=p, thread_id=thread.pk, body=body, anchor=anchor)


def test_help_request_queue_oldest_first_and_answered_by_coach(world, thread):
    coach, p = world.users["coach"], world.users["participant"]
    other = make_reflection_thread(p, world.module)
    services.request_feedback(actor=p, thread_id=thread.pk, topic="Is my chart enough?")
    services.request_feedback(actor=p, thread_id=other.pk, topic="My reflection")
    queue = selectors.coach_queue(user=coach)
    assert [r.topic for r in queue] == ["Is my chart enough?", "My reflection"]
    assert selectors.coach_queue(user=world.users["other_coach"]) == []
    with pytest.raises(AccessDenied):  # only the participant asks
        services.request_feedback(actor=coach, thread_id=thread.pk, topic="x")
    services.post_message(actor=p, thread_id=thread.pk, body="still waiting")
    assert len(selectors.coach_queue(user=coach)) == 2
    services.post_message(actor=coach, thread_id=thread.pk, body="Here you go")
    assert [r.topic for r in selectors.coach_queue(user=coach)] == ["My reflection"]
    assert HelpRequest.objects.get(thread=thread).answered_by == coach


def test_withdrawn_participant_loses_access(world, thread):
    p = world.users["participant"]
    Enrolment.objects.filter(user=p, cohort=world.cohort).update(status="withdrawn")
    with pytest.raises(AccessDenied):
        selectors.access_thread(user=p, pk=thread.pk)
    with pytest.raises(AccessDenied):  # the coach coaches a current participant only
        selectors.access_thread(user=world.users["coach"], pk=thread.pk)


def test_pages_without_javascript(world, thread):
    p = world.client_for("participant")
    response = p.post(f"/coaching/threads/{thread.pk}/post/", {"body": "Hello **coach**"})
    assert response.status_code == 302 and response["Location"].endswith("#m-1")
    page = p.get(f"/coaching/threads/{thread.pk}/")
    assert b"<strong>coach</strong>" in page.content
    assert b'data-seq="1"' in page.content
    assert p.post(f"/coaching/threads/{thread.pk}/help/").status_code == 302
    coach = world.client_for("coach")
    queue = coach.get("/coaching/queue/")
    assert b"1 participant waiting" in queue.content
    reply = coach.post(
        f"/coaching/threads/{thread.pk}/post/",
        {"body": "Yes", "anchor": "student"},
        headers={"HX-Request": "true"},
    )
    assert reply.status_code == 200
    assert b'hx-swap-oob="beforeend:#messages"' in reply.content
    assert b'data-live-new="note-2"' in reply.content
    assert b"Nobody is waiting" in coach.get("/coaching/queue/").content
    assert ReadMarker.objects.get(user=world.users["coach"], thread=thread).last_read_seq == 2


def test_index_lists_threads_and_startable_work(world, thread):
    p = world.client_for("participant")
    make_reflection_thread(world.users["participant"], world.module)
    page = p.get("/coaching/")
    assert page.status_code == 200
    assert page.content.count(b"/coaching/threads/") == 2
    other = make_thread(world.users["other_participant"])
    assert f"/coaching/threads/{other.pk}/".encode() not in p.get("/coaching/").content


def test_open_thread_twice_gives_the_same_thread(world):
    from tests.evidence.helpers import make_draft

    draft = make_draft(world.users["participant"])
    first = services.open_submission_thread(
        actor=world.users["participant"], submission_id=draft.pk
    )
    second = services.open_submission_thread(actor=world.users["coach"], submission_id=draft.pk)
    assert first.pk == second.pk
    with pytest.raises(AccessDenied):
        services.open_submission_thread(actor=world.users["other_coach"], submission_id=draft.pk)


def test_cached_message_fragments_follow_names_and_erasure(world, thread):
    from coaching.live import replay_thread

    coach = world.users["coach"]
    services.post_message(actor=coach, thread_id=thread.pk, body="Look at *this*")
    first = replay_thread(thread.pk, 0, 10)[0]["html"]
    assert first == replay_thread(thread.pk, 0, 10)[0]["html"]  # the same fragment again
    coach.first_name, coach.last_name = "Renamed", "Coach"
    coach.save()
    assert "Renamed Coach" in replay_thread(thread.pk, 0, 10)[0]["html"]
    message = FeedbackMessage.objects.get(thread=thread)
    FeedbackMessage.objects.filter(pk=message.pk).update(author=None, html="<p>[removed]</p>")
    erased = replay_thread(thread.pk, 0, 10)[0]["html"]
    assert "Renamed" not in erased and "[removed]" in erased and "this" not in erased
