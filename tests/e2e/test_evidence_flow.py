"""Evidence in a real browser: a participant drafts evidence for two standards (autosave with
htmx, a file upload, links), submits; the demo reviewer scores it against the rubric; the
participant sees the outcome and the two standards turn proficient on the dashboard. The
pages pass axe-core, and the participant's part runs under the site's CSP."""

import re

import pytest
from playwright.sync_api import expect

from evidence.models import Submission, SubmissionVersion
from lms.models import Standard, StandardProgress, User

from .helpers import assert_no_axe_violations, login

JORDAN = "jordan@launch.example"
REVIEWER = "reviewer@launch.example"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.LAUNCH_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.LAUNCH_PRIVATE_MEDIA_ROOT


def _label(standard: Standard) -> str:
    return f"{standard.number}. {standard.name}"


def test_evidence_from_draft_to_proficiency(browser, page, axe_page, asgi_server, demo):
    base = asgi_server
    first, second = Standard.objects.get(number=1), Standard.objects.get(number=2)

    # The participant starts from a module's evidence prompt link (standard 1 pre-selected).
    login(page, base, JORDAN)
    page.goto(f"{base}/evidence/new/?standard={first.pk}")
    expect(page.get_by_label(_label(first))).to_be_checked()
    page.get_by_label(_label(second)).check()
    page.get_by_label("Title").fill("Data dialogues at Oak Hill")
    page.get_by_role("button", name="Start drafting").click()
    page.wait_for_url(re.compile(rf"{base}/evidence/\d+/$"))
    submission_url = page.url

    # Typing saves the draft through htmx (no navigation), on the server.
    page.get_by_label("Facilitation effort").fill("I facilitated four data dialogues.")
    expect(page.locator("#draft-status [role=status]")).to_contain_text("Draft saved at")
    page.get_by_label("Changes in educator performance").fill("Seven of nine teachers changed.")
    page.get_by_label("Student achievement").fill("Benchmarks rose from 48 % to 61 %.")
    expect(page.locator("#draft-status")).to_contain_text("missing:")
    # The last keystroke's autosave reaches the server.
    saved = "Benchmarks rose from 48 % to 61 %."
    for _ in range(100):
        submission = Submission.objects.get(participant__email=JORDAN)
        if submission.narrative_student == saved:
            break
        page.wait_for_timeout(50)
    assert submission.narrative_student == saved

    # A file for the facilitation effort, links for the other two kinds.
    page.get_by_label("Kind of data").select_option("facilitation")
    page.get_by_label("File").set_input_files(
        {"name": "agendas.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Added.")
    expect(page.get_by_role("link", name="agendas.pdf")).to_be_visible()
    for kind, url in (("educator", "https://docs.example.org/walkthroughs"),
                      ("student", "https://docs.example.org/benchmarks")):  # fmt: skip
        page.get_by_label("Kind of data").select_option(kind)
        page.get_by_label("Or a link").fill(url)
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("Added.")
    expect(page.locator("#draft-status")).to_contain_text("3 of 3 kinds of data")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#submission-status")).to_have_text("Submitted, awaiting review")
    assert page.problems.csp_violations == [], page.problems.csp_violations
    version = SubmissionVersion.objects.get(submission=submission)
    assert version.artefacts.count() == 3

    # The participant's pages pass axe.
    login(axe_page, base, JORDAN)
    for path in ("/evidence/", submission_url.removeprefix(base)):
        axe_page.goto(f"{base}{path}")
        assert_no_axe_violations(axe_page, path)
    axe_page.context.clear_cookies()

    # The demo reviewer scores both standards and accepts.
    login(axe_page, base, REVIEWER)
    axe_page.goto(f"{base}/evidence/review/")
    assert_no_axe_violations(axe_page, "review queue")
    axe_page.get_by_role("link", name=re.compile("Data dialogues at Oak Hill")).click()
    assert_no_axe_violations(axe_page, "review page")
    for standard in (first, second):
        group = axe_page.get_by_role("group", name=_label(standard))
        group.get_by_label("Proficient").check()
    axe_page.get_by_label("Accept", exact=True).check()
    axe_page.get_by_label("Comment for the participant").fill("Clear triangulation.")
    axe_page.get_by_role("button", name="Record my review").click()
    axe_page.wait_for_url(f"{base}/evidence/review/")
    expect(axe_page.locator(".messages")).to_contain_text("Your review is recorded.")
    axe_page.context.clear_cookies()

    # The participant sees the outcome; both standards are proficient on the dashboard.
    page.goto(submission_url)
    expect(page.get_by_role("heading", name="Version 1: Accepted")).to_be_visible()
    expect(page.get_by_text("Clear triangulation.")).to_be_visible()
    page.goto(f"{base}/learn/dashboard/")
    expect(page.get_by_text("Proficient in 2 of 10 standards")).to_be_visible()
    table = page.locator("#standards-progress")
    for standard in (first, second):
        row = table.get_by_role("row").filter(has_text=f"{standard.number}. {standard.name}")
        expect(row).to_contain_text("Proficient")
        expect(row.get_by_role("link", name="evidence")).to_have_attribute(
            "href", submission_url.removeprefix(base)
        )
    jordan = User.objects.get(email=JORDAN)
    assert set(
        StandardProgress.objects.filter(user=jordan).values_list("standard__number", flat=True)
    ) == {1, 2}


def test_draft_saves_without_javascript(nojs_page, asgi_server, demo):
    page = nojs_page
    base = asgi_server
    login(page, base, JORDAN)
    page.goto(f"{base}/evidence/new/")
    page.get_by_label("Title").fill("Plain form evidence")
    page.get_by_role("button", name="Start drafting").click()
    page.wait_for_url(re.compile(rf"{base}/evidence/\d+/$"))
    page.get_by_label("Facilitation effort").fill("Saved by the button.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Your draft is saved.")
    expect(page.get_by_label("Facilitation effort")).to_have_value("Saved by the button.")
