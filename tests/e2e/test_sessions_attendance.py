"""Sessions in a real browser: a coordinator adds a session in another time zone; a coach
records attendance (through htmx, and again with JavaScript off); axe-core on each page."""

import re

from playwright.sync_api import expect

from lms.models import Attendance, CohortSession, User

from .helpers import assert_no_axe_violations, login

COACH = "coach@launch.example"
COORDINATOR = "coordinator@launch.example"
JORDAN = "jordan@launch.example"
SAM = "sam@launch.example"


def _row(page, name: str):
    """The attendance fieldset of one participant."""
    return page.get_by_role("group", name=name)


def test_coordinator_adds_a_session_in_another_time_zone(axe_page, asgi_server, demo):
    page, base = axe_page, asgi_server
    cohort = CohortSession.objects.get(title="Cohort launch day").cohort
    login(page, base, COORDINATOR)
    page.goto(f"{base}/learn/cohorts/{cohort.pk}/sessions/")
    expect(page.get_by_role("heading", name="Upcoming sessions")).to_be_visible()
    assert_no_axe_violations(page, "cohort sessions")

    page.get_by_role("link", name="Add session").click()
    assert_no_axe_violations(page, "add session")
    day = cohort.starts_on.replace(day=min(cohort.starts_on.day, 28)).isoformat()
    page.get_by_label("Title").fill("Evening clinic, west coast")
    page.get_by_label("Online").check()
    page.get_by_label("Link").fill("https://meet.example.org/west")
    page.get_by_label("Time zone of these times").select_option("America/Los_Angeles")
    page.get_by_label("Starts").fill(f"{day}T17:00")
    page.get_by_label("Ends").fill(f"{day}T18:00")
    page.get_by_role("button", name="Add session").click()
    expect(page.get_by_text("Session “Evening clinic, west coast” added.")).to_be_visible()
    row = page.locator("tr", has_text="Evening clinic, west coast")
    expect(row).to_contain_text("17:00")
    expect(row.locator("abbr.zone")).to_have_text(re.compile(r"^P[SD]T$"))  # by the date
    session = CohortSession.objects.get(title="Evening clinic, west coast")
    assert session.link == "https://meet.example.org/west"
    assert_no_axe_violations(page, "cohort sessions after adding")


def test_coach_records_attendance_with_and_without_javascript(
    axe_page, nojs_page, asgi_server, demo
):
    page, base = axe_page, asgi_server
    session = CohortSession.objects.get(title="Cohort launch day")
    login(page, base, COACH)

    page.get_by_role("link", name="Sessions I run: record attendance").click()
    expect(page.get_by_role("heading", name="Sessions I run")).to_be_visible()
    assert_no_axe_violations(page, "sessions I run")

    page.get_by_role("link", name=re.compile(r"^Record attendance\s*: Cohort launch day$")).click()
    page.wait_for_url(f"{base}/learn/sessions/{session.pk}/attendance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance: Cohort launch day")
    assert_no_axe_violations(page, "attendance")

    page.evaluate("() => { window.__e2eMarker = 'still-here'; }")
    _row(page, "Jordan Lee jordan@launch.example").get_by_label("Present").check()
    _row(page, "Sam Carter sam@launch.example").get_by_label("Excused").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator("#attendance-sheet [role=status]")).to_have_text(
        "Attendance saved (2 changed)."
    )
    assert page.evaluate("() => window.__e2eMarker") == "still-here"  # swapped in place
    statuses = dict(Attendance.objects.filter(session=session).values_list("user__email", "status"))
    assert statuses == {JORDAN: "present", SAM: "excused"}
    assert_no_axe_violations(page, "attendance after saving")

    # Without JavaScript: a plain form post, a redirect and a message.
    login(nojs_page, base, COACH)
    nojs_page.goto(f"{base}/learn/sessions/{session.pk}/attendance/")
    _row(nojs_page, "Sam Carter sam@launch.example").get_by_label("Absent").check()
    nojs_page.get_by_role("button", name="Save attendance").click()
    expect(nojs_page.get_by_text("Attendance saved (1 changed).")).to_be_visible()
    sam = User.objects.get(email=SAM)
    assert Attendance.objects.get(session=session, user=sam).status == "absent"


def test_participant_finds_the_calendar_feed_from_the_dashboard(axe_page, asgi_server, demo):
    page, base = axe_page, asgi_server
    login(page, base, JORDAN)
    page.get_by_role("link", name="Add all sessions to your calendar").click()
    page.wait_for_url(f"{base}/learn/calendar/")
    jordan = User.objects.get(email=JORDAN)
    expect(page.get_by_label("Your private calendar address")).to_have_value(
        f"{base}/learn/calendar/{jordan.launch_profile.calendar_key}.ics"
    )
    assert_no_axe_violations(page, "calendar")
    page.get_by_role("button", name="Make a new address").click()
    expect(page.get_by_text("The old one no longer works")).to_be_visible()
    jordan.refresh_from_db()
    expect(page.get_by_label("Your private calendar address")).to_have_value(
        f"{base}/learn/calendar/{jordan.launch_profile.calendar_key}.ics"
    )
    page.get_by_role("link", name="See my sessions").click()
    expect(page.get_by_role("heading", name="My sessions")).to_be_visible()
    assert_no_axe_violations(page, "my sessions")
