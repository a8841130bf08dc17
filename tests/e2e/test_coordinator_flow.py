"""The coordinator's roster import and the invitee's first visit, in a real browser.

A coordinator raises the seat limit, uploads a roster with one bad row, sees it in the
preview, uploads the corrected file, confirms, watches the progress and sees the roster; an
invited participant opens the link from the sent email, sets a password, attests the code of
ethics and lands on the dashboard.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from lms.models import Cohort, Enrolment, EthicsAttestation

from .helpers import assert_no_axe_violations, login

COORDINATOR = "coordinator@launch.example"
ROWS = 1200
HEADER = "email,first name,last name,role,school or organisation,coach email\r\n"


def _roster(bad: bool) -> str:
    rows = [
        f"educator{i:04d}@district.example,Educator,Number {i},participant,"
        f"School {i % 40},coach@launch.example\r\n"
        for i in range(ROWS)
    ]
    rows[0] = (
        "rosa.diaz@district.example,Rosa,Díaz,participant,Oak Hill MS,coach@launch.example\r\n"
    )
    if bad:
        rows[7] = "rosa.diaz@district.example,Rosa,Again,participant,Oak Hill MS,\r\n"
    return "\ufeff" + HEADER + "".join(rows)


@pytest.fixture
def threaded_imports(settings):
    """Long effects run in a background thread, as in `make run`, so progress can be seen."""
    settings.LAUNCH_OUTBOX_EAGER_THREADS = True


def test_coordinator_imports_a_roster_and_the_invitee_joins(
    axe_page, browser, asgi_server, demo, threaded_imports, tmp_path
):
    page, base = axe_page, asgi_server
    cohort = Cohort.objects.get(name="Piedmont Regional Cohort")
    enrolled_before = Enrolment.objects.filter(cohort=cohort).count()
    login(page, base, COORDINATOR)

    # My cohorts → the cohort's settings: make room for the roster.
    page.get_by_role("link", name="My cohorts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My cohorts")
    page.goto(f"{base}/learn/cohorts/{cohort.pk}/edit/")
    page.get_by_label("Seat limit").fill("2000")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The cohort is saved.")).to_be_visible()

    # Upload a roster with one bad row: the preview names it; nothing is written.
    bad, good = tmp_path / "roster.csv", tmp_path / "roster-fixed.csv"
    bad.write_text(_roster(bad=True), encoding="utf-8")
    good.write_text(_roster(bad=False), encoding="utf-8")
    page.get_by_role("link", name="Import roster").click()
    assert_no_axe_violations(page, "import upload")
    page.get_by_label("Roster file (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("1 row has an error.")).to_be_visible()
    error_row = page.locator("#import-rows tbody tr").first
    expect(error_row).to_contain_text("9")  # row 9 of the spreadsheet (header is row 1)
    expect(error_row).to_contain_text("duplicate of row 2")
    expect(page.get_by_role("button", name=re.compile(r"^Import \d+ rows"))).to_have_count(0)
    assert_no_axe_violations(page, "import preview with an error")
    assert Enrolment.objects.filter(cohort=cohort).count() == enrolled_before

    # Upload the corrected file from the preview page, confirm, watch the progress.
    page.get_by_label("Roster file (CSV)").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    confirm = page.get_by_role("button", name=f"Import {ROWS} rows")
    expect(confirm).to_be_visible()
    confirm.click()
    progress = page.locator("#import-progress")
    expect(progress).to_be_visible()
    expect(progress.get_by_text("The roster is imported.")).to_be_visible(timeout=60_000)
    expect(progress).to_contain_text(f"{ROWS} people invited by email")
    page.get_by_role("link", name="See the people of this cohort").click()
    page.get_by_label("Name or email").fill("rosa.diaz")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#people tbody tr")).to_have_count(1)
    # Until she accepts, the cohort shows only the address it invited.
    expect(page.locator("#people")).to_contain_text("rosa.diaz@district.example")
    expect(page.locator("#people")).to_contain_text("Invited")
    assert_no_axe_violations(page, "people")

    # The invitee opens the link from the email that was sent.
    for _ in range(600):
        if any(m.to == ["rosa.diaz@district.example"] for m in mail.outbox):
            break
        page.wait_for_timeout(100)
    message = next(m for m in mail.outbox if m.to == ["rosa.diaz@district.example"])
    link = re.search(r"https?://\S+/learn/invitations/\S+/", message.body).group(0)
    path = link[link.index("/learn/") :]

    context = browser.new_context(bypass_csp=True)
    invitee = context.new_page()
    invitee.goto(f"{base}{path}")
    expect(invitee.get_by_role("heading", level=1)).to_contain_text("Join Piedmont Regional Cohort")
    assert_no_axe_violations(invitee, "invitation")
    invitee.get_by_label("Choose a password").fill("Improvement-Science-2026")
    invitee.get_by_label("The same password again").fill("Improvement-Science-2026")
    invitee.get_by_label(re.compile("I have read the School Improvement Specialist Code")).check()
    invitee.get_by_role("button", name="Accept and start").click()
    invitee.wait_for_url(f"{base}/learn/dashboard/")
    expect(invitee.get_by_role("heading", level=1)).to_have_text("Welcome, Rosa")
    context.close()

    enrolment = Enrolment.objects.get(cohort=cohort, user__email="rosa.diaz@district.example")
    assert enrolment.status == "active" and enrolment.coach.email == "coach@launch.example"
    assert EthicsAttestation.objects.filter(user=enrolment.user).exists()
