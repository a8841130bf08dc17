"""Coordinators' session pages: time zones, the rules a session must meet (each refusal with a
clear message and nothing written), warnings, edit and delete, and a fixed query budget."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.models import Attendance, Cohort, CohortSession

from ..factories import make_cohort, make_module, make_programme

WINTER = "2027-01-15"  # Pacific Standard Time (UTC-8)
SUMMER = "2027-07-15"  # Pacific Daylight Time (UTC-7)


@pytest.fixture
def winter_cohort(world) -> Cohort:
    """A cohort of world.org running in the winter of 2027 (coordinated by ``coordinator``)."""
    return make_cohort(
        world.programme,
        world.org,
        name="Winter cohort",
        starts_on=date(2027, 1, 4),
        ends_on=date(2027, 3, 1),
    )


def _client(world, role: str = "coordinator"):
    return world.client_for(role)


def _data(world, **overrides) -> dict:
    data = {
        "title": "Data dialogue lab",
        "mode": "in_person",
        "location": "Piedmont RESA, Room 4",
        "link": "",
        "module": str(world.module.pk),
        "zone": "America/Los_Angeles",
        "starts_at": f"{WINTER}T09:00",
        "ends_at": f"{WINTER}T12:00",
    }
    data.update(overrides)
    return data


def _new(cohort: Cohort) -> str:
    return f"/learn/cohorts/{cohort.pk}/sessions/new/"


def _list(cohort: Cohort) -> str:
    return f"/learn/cohorts/{cohort.pk}/sessions/"


def test_nine_am_los_angeles_is_stored_as_utc_and_shown_back_in_that_zone(world, winter_cohort):
    client = _client(world)
    response = client.post(_new(winter_cohort), _data(world))
    assert response.status_code == 302
    assert response["Location"] == _list(winter_cohort)

    session = CohortSession.objects.get(cohort=winter_cohort)
    assert session.starts_at == datetime(2027, 1, 15, 17, 0, tzinfo=UTC)
    assert session.ends_at == datetime(2027, 1, 15, 20, 0, tzinfo=UTC)
    assert session.module == world.module
    assert session.location == "Piedmont RESA, Room 4"

    # The zone used is remembered: the list shows the clock time entered, with the zone.
    page = client.get(_list(winter_cohort)).content.decode()
    assert "Session “Data dialogue lab” added." in page
    assert "Fri 15 Jan 2027, 09:00</time>" in page
    assert "12:00</time>" in page
    assert 'title="America/Los_Angeles">PST</abbr>' in page

    # Someone on the east coast sees the same session at noon EST.
    page = client.get(_list(winter_cohort) + "?tz=America/New_York").content.decode()
    assert "Fri 15 Jan 2027, 12:00</time>" in page
    assert ">EST</abbr>" in page
    # ... and the site's zone (settings.TIME_ZONE) is the default of a fresh viewer.
    page = world.client_for("superuser").get(_list(winter_cohort)).content.decode()
    assert "12:00</time>" in page and ">EST</abbr>" in page


def test_summer_time_and_a_warning_outside_the_cohort_dates(world, winter_cohort):
    client = _client(world)
    response = client.post(
        _new(winter_cohort),
        _data(world, starts_at=f"{SUMMER}T09:00", ends_at=f"{SUMMER}T10:30"),
        follow=True,
    )
    assert response.status_code == 200
    session = CohortSession.objects.get(cohort=winter_cohort)
    assert session.starts_at == datetime(2027, 7, 15, 16, 0, tzinfo=UTC)  # PDT is UTC-7
    page = response.content.decode()
    assert "falls outside the cohort&#x27;s dates (2027-01-04 to 2027-03-01)" in page
    assert "Outside the cohort's dates" in page  # flagged in the list too
    assert "09:00</time>" in page and ">PDT</abbr>" in page


def test_the_form_starts_in_the_sites_time_zone(world, winter_cohort):
    page = _client(world).get(_new(winter_cohort)).content.decode()
    assert '<option value="America/New_York" selected>' in page
    assert 'type="datetime-local"' in page
    # Only modules of the cohort's programme are offered.
    other = make_module(make_programme("Elsewhere"), title="Foreign module")
    page = _client(world).get(_new(winter_cohort)).content.decode()
    assert world.module.title in page
    assert other.title not in page


BAD_INPUT = [
    ("no title", {"title": "  "}, "This field is required."),
    ("in person without a place", {"location": ""}, "An in-person session needs a place."),
    ("online without a link", {"mode": "online", "location": ""}, "needs a link"),
    (
        "online with a javascript: link",
        {"mode": "online", "link": "javascript:alert(1)"},
        "starts with https://",
    ),
    ("online with an ftp link", {"mode": "online", "link": "ftp://files.example/x"}, "https://"),
    ("unknown mode", {"mode": "hybrid"}, "Select a valid choice"),
    ("end before start", {"ends_at": f"{WINTER}T08:00"}, "must end after it starts"),
    ("end equal to start", {"ends_at": f"{WINTER}T09:00"}, "must end after it starts"),
    ("malformed time", {"starts_at": "next tuesday"}, "Enter a date and time"),
    ("unknown time zone", {"zone": "Mars/Olympus_Mons"}, "Select a valid choice"),
    (
        "a time skipped by daylight saving",
        {"starts_at": "2027-03-14T02:30", "ends_at": "2027-03-14T04:00"},
        "does not exist in America/Los_Angeles",
    ),
    ("unknown module", {"module": "999999"}, "Select a valid choice"),
    ("title too long", {"title": "x" * 201}, "at most 200 characters"),
]


@pytest.mark.parametrize(
    ("case", "overrides", "message"), BAD_INPUT, ids=[case for case, *_ in BAD_INPUT]
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    world, winter_cohort, case, overrides, message
):
    before = CohortSession.objects.count()
    response = _client(world).post(_new(winter_cohort), _data(world, **overrides))
    assert response.status_code == 400, case
    page = response.content.decode()
    assert "nothing was saved" in page
    assert message in page, case
    assert CohortSession.objects.count() == before


def test_a_module_of_another_programme_is_not_a_valid_choice(world, winter_cohort):
    foreign = make_module(make_programme("Elsewhere"), title="Foreign module")
    response = _client(world).post(_new(winter_cohort), _data(world, module=str(foreign.pk)))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not CohortSession.objects.exists()


def test_extra_fields_are_ignored_and_one_line_fields_stay_on_one_line(world, winter_cohort):
    """Mass assignment: a forged cohort (another organisation's) in the form changes nothing."""
    response = _client(world).post(
        _new(winter_cohort),
        _data(
            world,
            title="Lab\r\nBEGIN:VEVENT",
            location="Room 1\nFloor 2",
            link="https://meet.example.org/x",
            cohort=str(world.other_cohort.pk),
            cohort_id=str(world.other_cohort.pk),
        ),
    )
    assert response.status_code == 302
    session = CohortSession.objects.get()
    assert session.cohort == winter_cohort
    assert session.title == "Lab BEGIN:VEVENT"
    assert session.location == "Room 1 Floor 2"
    assert session.link == ""  # an in-person session keeps no link
    assert not world.other_cohort.sessions.exists()


def test_online_session_keeps_its_link_and_drops_the_place(world, winter_cohort):
    _client(world).post(
        _new(winter_cohort),
        _data(world, mode="online", link="https://meet.example.org/launch", module=""),
    )
    session = CohortSession.objects.get()
    assert (session.mode, session.link, session.location, session.module) == (
        "online",
        "https://meet.example.org/launch",
        "",
        None,
    )


def _session(cohort: Cohort, **kwargs) -> CohortSession:
    start = kwargs.pop("starts_at", datetime(2027, 1, 15, 17, 0, tzinfo=UTC))
    return CohortSession.objects.create(
        cohort=cohort,
        title=kwargs.pop("title", "Launch day"),
        mode=CohortSession.Mode.IN_PERSON,
        location="Room 4",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        **kwargs,
    )


def test_edit_shows_the_times_in_the_viewers_zone_and_saves_changes(world, winter_cohort):
    session = _session(winter_cohort)
    client = _client(world)
    url = f"/learn/cohorts/{winter_cohort.pk}/sessions/{session.pk}/edit/"
    page = client.get(url + "?tz=America/Los_Angeles").content.decode()
    assert 'value="2027-01-15T09:00"' in page
    assert '<option value="America/Los_Angeles" selected>' in page

    response = client.post(
        url,
        _data(
            world,
            title="Launch day (moved)",
            mode="online",
            link="https://meet.example.org/launch",
            zone="Europe/Berlin",
            starts_at="2027-01-20T18:00",
            ends_at="2027-01-20T19:00",
        ),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Launch day (moved)"
    assert session.starts_at == datetime(2027, 1, 20, 17, 0, tzinfo=UTC)
    assert (session.mode, session.location) == ("online", "")
    # Refused edits leave the session as it was.
    response = client.post(url, _data(world, ends_at=f"{WINTER}T08:00"))
    assert response.status_code == 400
    session.refresh_from_db()
    assert session.title == "Launch day (moved)"


def test_delete_asks_first_then_removes_the_session_and_its_attendance(world):
    session = _session(world.cohort)
    Attendance.objects.create(session=session, user=world.users["participant"], status="present")
    client = _client(world)
    url = f"/learn/cohorts/{world.cohort.pk}/sessions/{session.pk}/delete/"
    page = client.get(url).content.decode()
    assert "Delete “Launch day”?" in page
    assert "Its attendance record (1 person) will be deleted too." in page
    assert CohortSession.objects.filter(pk=session.pk).exists()

    response = client.post(url, follow=True)
    assert "Session “Launch day” deleted." in response.content.decode()
    assert not CohortSession.objects.filter(pk=session.pk).exists()
    assert not Attendance.objects.exists()


def test_other_organisations_coordinator_gets_404_everywhere_and_nothing_changes(world):
    session = _session(world.cohort)
    client = world.client_for("other_coordinator")
    base = f"/learn/cohorts/{world.cohort.pk}/sessions/"
    for url in (base, base + "new/", f"{base}{session.pk}/edit/", f"{base}{session.pk}/delete/"):
        assert client.get(url).status_code == 404, url
    assert client.post(base + "new/", _data(world)).status_code == 404
    assert (
        client.post(f"{base}{session.pk}/edit/", _data(world, title="Hijacked")).status_code == 404
    )
    assert client.post(f"{base}{session.pk}/delete/").status_code == 404
    # Their own cohort's URL with this session's id: still 404.
    own = f"/learn/cohorts/{world.other_cohort.pk}/sessions/{session.pk}/"
    assert client.post(own + "edit/", _data(world, title="Hijacked")).status_code == 404
    assert client.post(own + "delete/").status_code == 404
    session.refresh_from_db()
    assert session.title == "Launch day"
    assert CohortSession.objects.count() == 1


def test_list_shows_upcoming_and_past_with_attendance_counts(world):
    from django.utils import timezone

    now = timezone.now()
    past = _session(world.cohort, title="Kick-off", starts_at=now - timedelta(days=10))
    _session(world.cohort, title="Lab two", starts_at=now + timedelta(days=10))
    Attendance.objects.create(session=past, user=world.users["participant"], status="present")
    page = _client(world).get(_list(world.cohort)).content.decode()
    upcoming, past_part = page.split('id="past-heading"')
    assert "Lab two" in upcoming and "Kick-off" not in upcoming
    assert "Kick-off" in past_part
    assert "1 present · 0 absent · 0 excused (of 1)" in past_part
    assert 'aria-current="page">Sessions</a>' in page
    assert "Add session" in page


def _list_queries(client, cohort: Cohort) -> int:
    client.get(_list(cohort))  # warm the session and the access context
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_list(cohort))
    assert response.status_code == 200
    return len(ctx.captured_queries)


SESSIONS_LIST_BUDGET = 3  # the user, the cohort, its sessions with counts


def test_sessions_list_makes_the_same_queries_for_2_and_50_sessions(world):
    from django.utils import timezone

    small = make_cohort(world.programme, world.org, name="Small")
    large = make_cohort(world.programme, world.org, name="Large")
    now = timezone.now()
    for cohort, count in ((small, 2), (large, 50)):
        for i in range(count):
            session = _session(
                cohort,
                title=f"S{i}",
                starts_at=now + timedelta(days=i - count // 2),
                module=world.module if i % 2 else None,
            )
            Attendance.objects.create(
                session=session, user=world.users["participant"], status="present"
            )
    client = _client(world)
    assert _list_queries(client, small) == _list_queries(client, large) <= SESSIONS_LIST_BUDGET
