"""Notifications are written where each event happens, once per event, for the right people."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coaching import services as coaching
from evidence import services as evidence
from forums import services as forums
from lms import privacy
from lms.invitations.services import _notify_enrolled
from lms.models import Enrolment, Notification, NotificationInbox
from lms.notifications import selectors, services
from lms.roster import services as roster_services
from lms.sessions import services as session_services

from ..coaching.helpers import make_thread
from ..evidence.helpers import make_submitted
from ..factories import UserFactory, enrol, make_cohort
from ..forums.conftest import make_topic


@pytest.fixture(autouse=True)
def eager_outbox():
    """Outbox effects (enrolment and session notices) run inline after commit."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def notes(user) -> list[tuple[str, str, str]]:
    return [
        (n.kind, n.title, n.url)
        for n in Notification.objects.filter(recipient=user).order_by("seq")
    ]


def test_coach_feedback_tells_the_participant_and_nobody_else(
    world, django_capture_on_commit_callbacks
):
    participant, coach = world.users["participant"], world.users["coach"]
    thread = make_thread(participant)
    with django_capture_on_commit_callbacks(execute=True):
        coaching.post_message(actor=participant, thread_id=thread.pk, body="Is my plan clear?")
        message = coaching.post_message(actor=coach, thread_id=thread.pk, body="Mostly, yes.")
    assert notes(participant) == [
        ("feedback", "New feedback from your coach", f"/coaching/threads/{thread.pk}/")
    ]
    assert notes(coach) == []
    note = Notification.objects.get(recipient=participant)
    assert note.key == f"coaching.message:{message.pk}" and note.read_at is None


def test_a_retried_side_effect_records_the_event_once(world):
    participant = world.users["participant"]
    kwargs = {
        "actor": None,
        "recipient_id": participant.pk,
        "kind": "feedback",
        "key": "coaching.message:77",
        "title": "New feedback from your coach",
        "url": "/coaching/",
    }
    assert services.notify(**kwargs) is True
    assert services.notify(**kwargs) is False  # the same business event again
    inbox = NotificationInbox.objects.get(user=participant)
    assert (inbox.unread, inbox.last_seq) == (1, 1)
    assert Notification.objects.filter(recipient=participant).count() == 1


def test_links_stay_on_the_site_and_nobody_is_told_about_their_own_act(world):
    participant = world.users["participant"]
    for url in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        with pytest.raises(ValidationError):
            services.notify(
                actor=None, recipient_id=participant.pk, kind="mention", key=url, title="x", url=url
            )
    assert not services.notify(
        actor=participant, recipient_id=participant.pk, kind="mention", key="k", title="x", url="/"
    )
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("decision", "title"),
    [("accepted", "Evidence accepted: "), ("revise", "Evidence to revise: ")],
)
def test_a_review_decision_tells_the_participant(world, decision, title):
    participant = world.users["participant"]
    version = make_submitted(participant, (1,))
    assignment = version.assignments.get()
    evidence.record_review(
        actor=assignment.reviewer,
        assignment_id=assignment.pk,
        scores={s.pk: (3, "") for s in version.standards.all()},
        decision=decision,
    )
    ((kind, text, url),) = notes(participant)
    submission = version.submission
    assert kind == "review" and text == title + submission.title
    assert url == f"/evidence/{submission.pk}/"
    assert notes(assignment.reviewer) == []


def test_a_mention_tells_the_member_once_even_when_the_post_is_edited(world):
    coach = world.users["coach"]
    handle = coach.email.split("@")[0]
    topic = make_topic(world, body="Thinking about attendance.")
    post = forums.post_reply(
        actor=world.users["participant"], topic_id=topic.pk, body=f"@{handle}?"
    )
    forums.edit_post(actor=world.users["participant"], post_id=post.pk, body=f"@{handle} ??")
    assert notes(coach) == [
        (
            "mention",
            "You were mentioned in “Attendance ideas”",
            f"/forums/topics/{topic.pk}/#post-{post.pk}",
        )
    ]


def test_enrolling_someone_with_an_account_tells_them_once(
    world, django_capture_on_commit_callbacks
):
    # Someone of the cohort's organisation (they finished another of its cohorts): enrolled
    # at once, and told in the site too. (Another organisation's people are only invited.)
    person = UserFactory()
    enrol(
        person,
        make_cohort(world.cohort.programme, organisation=world.cohort.organisation),
        status=Enrolment.Status.COMPLETED,
    )
    body = (
        "email,first name,last name,role,school,coach email\r\n"
        f"{person.email},Pat,Lee,participant,,\r\n"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        roster_services.import_enrolments(actor=None, cohort=world.cohort, data=body)
    enrolment = Enrolment.objects.get(user=person, cohort=world.cohort)
    assert notes(person) == [
        ("enrolment", "You have been enrolled in Cohort A", "/learn/dashboard/")
    ]
    # The outbox effect delivered twice (a worker killed after it ran): still one notice.
    _notify_enrolled({"cohort_id": world.cohort.pk, "user_ids": [person.pk]})
    assert (
        Notification.objects.filter(recipient=person, key=f"enrolled:{enrolment.pk}").count() == 1
    )


def test_session_changes_tell_the_cohorts_people(world, django_capture_on_commit_callbacks):
    coordinator = world.users["coordinator"]
    start = timezone.now() + timedelta(days=5)
    data = session_services.SessionInput(
        title="Data dialogue lab",
        mode="in_person",
        location="Room 2",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        session = session_services.create_session(
            actor=coordinator, cohort_id=world.cohort.pk, data=data
        )
    with django_capture_on_commit_callbacks(execute=True):
        session_services.update_session(
            actor=coordinator, cohort_id=world.cohort.pk, session_id=session.pk, data=data
        )
    with django_capture_on_commit_callbacks(execute=True):
        session_services.delete_session(
            actor=coordinator, cohort_id=world.cohort.pk, session_id=session.pk
        )
    for role in ("participant", "coach", "reviewer"):
        got = notes(world.users[role])
        assert [kind for kind, _title, _url in got] == ["session"] * 3, role
        assert [title.split(":")[0] for _kind, title, _url in got] == [
            "New session",
            "Session changed",
            "Session cancelled",
        ]
        assert all("Data dialogue lab" in title for _kind, title, _url in got)
        assert {url for _kind, _title, url in got} == {"/learn/sessions/"}
    for role in ("coordinator", "other_participant", "other_coach", "unenrolled"):
        assert notes(world.users[role]) == [], role


def test_marking_read_keeps_the_count_and_advances_the_stream(world):
    participant = world.users["participant"]
    for n in range(3):
        services.notify(
            actor=None,
            recipient_id=participant.pk,
            kind="session",
            key=f"s{n}",
            title=f"Session {n}",
            url="/learn/sessions/",
        )
    assert selectors.read_bell(participant.pk) == selectors.Bell(unread=3, seq=3)
    first = Notification.objects.get(recipient=participant, key="s0")
    services.mark_read(actor=participant, notification_id=first.pk)
    services.mark_read(actor=participant, notification_id=first.pk)  # again: no change
    assert selectors.read_bell(participant.pk) == selectors.Bell(unread=2, seq=4)
    assert services.mark_all_read(actor=participant) == 2
    assert selectors.read_bell(participant.pk) == selectors.Bell(unread=0, seq=5)
    assert services.mark_all_read(actor=participant) == 0
    assert selectors.read_bell(participant.pk).seq == 5


def test_someone_elses_notification_cannot_be_marked(world):
    from lms.exceptions import AccessDenied

    participant = world.users["participant"]
    services.notify(
        actor=None, recipient_id=participant.pk, kind="session", key="k", title="t", url="/"
    )
    note = Notification.objects.get()
    with pytest.raises(AccessDenied):
        services.mark_read(actor=world.users["other_participant"], notification_id=note.pk)
    assert Notification.objects.get().read_at is None


def test_notifications_are_exported_and_erased_with_the_person(world):
    participant = world.users["participant"]
    services.notify(
        actor=None, recipient_id=participant.pk, kind="session", key="k", title="Lab", url="/"
    )
    archive = zipfile.ZipFile(io.BytesIO(privacy.export_person(actor=None, user=participant)))
    records = json.loads(archive.read("data.json"))["records"]
    assert [row["title"] for row in records["lms.Notification"]] == ["Lab"]
    assert records["lms.NotificationInbox"][0]["unread"] == 1
    privacy.erase_person(actor=None, user=participant)
    assert not Notification.objects.exists() and not NotificationInbox.objects.exists()
