"""Calendars: a session's .ics and the private per-user feed parse back with ``icalendar``
with the right times, escape hostile text, and the feed answers only to the current key."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from lms.models import CohortSession, Enrolment, User
from lms.people import profile_of

from ..factories import UserFactory, enrol, make_cohort

HOSTILE_TITLE = 'Lab; part 1, "Data"\r\nBEGIN:VEVENT\r\nSUMMARY:Injected'
HOSTILE_PLACE = "Room 1, Bldg; A\\B\nEND:VCALENDAR"


def _session(cohort, **kwargs) -> CohortSession:
    start = kwargs.pop("starts_at", datetime(2027, 1, 15, 17, 0, tzinfo=UTC))
    defaults = {
        "title": "Launch day",
        "mode": CohortSession.Mode.IN_PERSON,
        "location": "Piedmont RESA, Room 4",
    }
    defaults.update(kwargs)
    return CohortSession.objects.create(
        cohort=cohort, starts_at=start, ends_at=start + timedelta(hours=3), **defaults
    )


def _parse(content: bytes) -> Calendar:
    return Calendar.from_ical(content)


def _events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def _feed_url(user: User) -> str:
    return f"/learn/calendar/{profile_of(User.objects.get(pk=user.pk)).calendar_key}.ics"


def test_session_ics_is_a_proper_calendar_file(world):
    session = _session(world.cohort, module=world.module)
    response = world.client_for("participant").get(f"/learn/sessions/{session.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="launch-session-{session.pk}.ics"'
    )
    assert b"\r\n" in response.content  # RFC 5545 line endings

    calendar = _parse(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert "LAUNCH!" in str(calendar["PRODID"])
    (event,) = _events(calendar)
    assert str(event["UID"]) == f"session-{session.pk}@testserver"
    assert event.decoded("DTSTART") == datetime(2027, 1, 15, 17, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 1, 15, 20, 0, tzinfo=UTC)
    assert b"DTSTART:20270115T170000Z" in response.content  # in UTC
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["SUMMARY"]) == "Launch day"
    assert str(event["LOCATION"]) == "Piedmont RESA, Room 4"
    assert str(event["URL"]) == f"http://testserver/learn/sessions/#session-{session.pk}"
    description = str(event["DESCRIPTION"])
    assert "Cohort A" in description and world.module.title in description


def test_online_session_has_its_link_as_location(world):
    session = _session(
        world.cohort, mode=CohortSession.Mode.ONLINE, location="", link="https://meet.example.org/x"
    )
    content = world.client_for("coach").get(f"/learn/sessions/{session.pk}.ics").content
    (event,) = _events(_parse(content))
    assert str(event["LOCATION"]) == "https://meet.example.org/x"


def test_hostile_text_is_escaped_and_parses_back_unchanged(world):
    session = _session(world.cohort, title=HOSTILE_TITLE, location=HOSTILE_PLACE)
    content = world.client_for("participant").get(f"/learn/sessions/{session.pk}.ics").content
    text = content.decode()
    # No line of the file is the injected text: CR/LF became \n, commas and semicolons escaped.
    lines = text.split("\r\n")
    assert "BEGIN:VEVENT" in lines and lines.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Injected" not in lines
    assert lines.count("END:VCALENDAR") == 1
    assert "Lab\\; part 1\\, " in text
    assert "Room 1\\, Bldg\\; A\\\\B\\nEND:VCALENDAR" in text.replace("\r\n ", "")
    (event,) = _events(_parse(content))
    assert str(event["SUMMARY"]) == HOSTILE_TITLE.replace("\r\n", "\n")
    assert str(event["LOCATION"]) == HOSTILE_PLACE


def test_uid_is_stable_and_shared_by_file_and_feed(world):
    session = _session(world.cohort)
    client = world.client_for("participant")
    uids = {
        str(_events(_parse(client.get(f"/learn/sessions/{session.pk}.ics").content))[0]["UID"])
        for _ in range(2)
    }
    feed = _parse(client.get(_feed_url(world.users["participant"])).content)
    uids |= {str(e["UID"]) for e in _events(feed)}
    assert uids == {f"session-{session.pk}@testserver"}


def test_feed_has_every_session_of_the_users_current_cohorts(world):
    participant = world.users["participant"]
    mine = [_session(world.cohort, title=f"Mine {i}") for i in range(3)]
    _session(world.other_cohort, title="Not mine")
    withdrawn_from = make_cohort(world.programme, world.org, name="Left")
    enrol(participant, withdrawn_from, status=Enrolment.Status.WITHDRAWN)
    _session(withdrawn_from, title="Left behind")

    response = world.client_for("anonymous").get(_feed_url(participant))  # no login
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "no-store" in response["Cache-Control"]
    calendar = _parse(response.content)
    assert sorted(str(e["SUMMARY"]) for e in _events(calendar)) == ["Mine 0", "Mine 1", "Mine 2"]
    assert {str(e["UID"]) for e in _events(calendar)} == {
        f"session-{s.pk}@testserver" for s in mine
    }
    assert str(calendar["X-WR-CALNAME"]) == "LAUNCH! sessions"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content

    # The coach of the cohort gets the same sessions in their own feed.
    coach_feed = _parse(world.client_for("anonymous").get(_feed_url(world.users["coach"])).content)
    assert len(_events(coach_feed)) == 3


@pytest.mark.parametrize(
    "key",
    ["x" * 43, "A" * 16, "short", "../../etc/passwd", ""],
)
def test_feed_with_a_wrong_key_is_404(world, key):
    _session(world.cohort)
    assert world.client_for("anonymous").get(f"/learn/calendar/{key}.ics").status_code == 404


def test_feed_answers_head_requests(world):
    url = _feed_url(world.users["participant"])
    response = world.client_for("anonymous").head(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


def test_feed_of_an_inactive_user_is_404(world):
    participant = world.users["participant"]
    _session(world.cohort)
    url = _feed_url(participant)
    assert world.client_for("anonymous").get(url).status_code == 200
    User.objects.filter(pk=participant.pk).update(is_active=False)
    assert world.client_for("anonymous").get(url).status_code == 404


def test_calendar_page_shows_the_feed_and_reset_retires_the_old_url(world):
    participant = world.users["participant"]
    _session(world.cohort)
    client = world.client_for("participant")
    old_url = _feed_url(participant)
    page = client.get("/learn/calendar/").content.decode()
    assert f'value="http://testserver{old_url}"' in page
    assert f'href="webcal://testserver{old_url}"' in page
    assert 'method="post"' in page

    response = client.post("/learn/calendar/", follow=True)
    assert "The old one no longer works" in response.content.decode()
    new_url = _feed_url(participant)
    assert new_url != old_url
    assert f'value="http://testserver{new_url}"' in response.content.decode()
    anonymous = world.client_for("anonymous")
    assert anonymous.get(old_url).status_code == 404
    assert anonymous.get(new_url).status_code == 200
    # Resetting one user's key leaves everyone else's alone.
    coach_url = _feed_url(world.users["coach"])
    assert anonymous.get(coach_url).status_code == 200


def test_only_people_who_see_the_session_get_its_file(world):
    session = _session(world.cohort)
    url = f"/learn/sessions/{session.pk}.ics"
    for role in ("participant", "coach", "reviewer", "coordinator", "editor"):
        assert world.client_for(role).get(url).status_code == 200, role
    for role in ("other_participant", "other_coach", "other_coordinator", "unenrolled"):
        assert world.client_for(role).get(url).status_code == 404, role


def test_dashboard_links_each_session_and_the_feed_page(world):
    upcoming = _session(world.cohort, starts_at=datetime.now(UTC) + timedelta(days=2))
    page = world.client_for("participant").get("/learn/dashboard/").content.decode()
    assert f'href="/learn/sessions/{upcoming.pk}.ics"' in page
    assert 'href="/learn/calendar/"' in page
    assert "Add all sessions to your calendar" in page


def _feed_queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


FEED_BUDGET = 2  # the user by key, the sessions with cohort and module


def test_feed_makes_the_same_queries_for_2_and_50_sessions(world):
    counts = []
    for size in (2, 50):
        cohort = make_cohort(world.programme, world.org, name=f"C{size}")
        user = UserFactory()
        enrol(user, cohort)
        for i in range(size):
            _session(cohort, title=f"S{i}", module=world.module if i % 2 else None)
        content = world.client_for("anonymous").get(_feed_url(user)).content
        assert len(_events(_parse(content))) == size
        counts.append(_feed_queries(world.client_for("anonymous"), _feed_url(user)))
    assert counts[0] == counts[1] <= FEED_BUDGET
