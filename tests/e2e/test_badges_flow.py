"""The badge in a real browser: the demo participant Tyrone, one standard short of the LAUNCH!
badge (his modules completed and standards 9 and 10 made proficient here, standard 8 awaiting
the demo reviewer in the demo), gets it when the reviewer accepts that last evidence through
the review page; "My badges" shows it and the public verification page says verified.
Both pages pass axe-core; the public page works for an anonymous visitor without JavaScript.
"""

import re

import pytest
from playwright.sync_api import expect

from evidence.models import Credential, Submission
from lms.models import ModulePage, ModuleProgress, Standard, StandardProgress, User
from lms.services import record_proficiency

from .helpers import assert_no_axe_violations, login

TYRONE = "tyrone@launch.example"
REVIEWER = "reviewer@launch.example"


def _one_standard_short() -> tuple[User, Submission, Standard]:
    tyrone = User.objects.get(email=TYRONE)
    pending = Submission.objects.get(participant=tyrone, status=Submission.Status.SUBMITTED)
    last = pending.standards.get()
    for module in ModulePage.objects.live():
        ModuleProgress.objects.update_or_create(
            user=tyrone, module=module, defaults={"status": ModuleProgress.Status.COMPLETED}
        )
    done = set(StandardProgress.objects.filter(user=tyrone).values_list("standard", flat=True))
    for standard in Standard.objects.exclude(pk__in=done).exclude(pk=last.pk):
        record_proficiency(user=tyrone, standard=standard, level=2)
    return tyrone, pending, last


@pytest.fixture
def site_url(asgi_server, settings) -> str:
    """The site's public address (credential URLs, did:web) is the test server's, set before
    the demo is seeded (the demo's participant who completed everything gets her badge)."""
    settings.WAGTAILADMIN_BASE_URL = asgi_server
    return asgi_server


def test_the_last_standard_earns_the_badge_and_the_public_page_says_verified(
    browser, page, axe_page, nojs_page, site_url, demo
):
    base = site_url
    tyrone, pending, last = _one_standard_short()
    assert not Credential.objects.filter(user=tyrone).exists()

    # The demo reviewer accepts Tyrone's evidence for his last standard.
    login(page, base, REVIEWER)
    page.goto(f"{base}/evidence/review/")
    page.get_by_role("link", name=re.compile(re.escape(pending.title))).click()
    page.get_by_role("group", name=f"{last.number}. {last.name}").get_by_label("Proficient").check()
    page.get_by_label("Accept", exact=True).check()
    page.get_by_role("button", name="Record my review").click()
    page.wait_for_url(f"{base}/evidence/review/")
    page.context.clear_cookies()

    credential = Credential.objects.get(user=tyrone)
    assert credential.achievement.slug == "launch-completion"

    # Tyrone finds it under "My badges" and opens the public page.
    login(page, base, TYRONE)
    page.goto(f"{base}/evidence/badges/")
    expect(
        page.get_by_role("heading", name="LAUNCH! School Improvement Specialist")
    ).to_be_visible()
    expect(page.get_by_text("Verified:")).to_be_visible()
    expect(page.get_by_role("link", name="Add to LinkedIn profile")).to_have_attribute(
        "href", re.compile(r"^https://www\.linkedin\.com/profile/add\?startTask=CERTIFICATION")
    )
    page.get_by_role("link", name="Public verification page").click()
    expect(page.get_by_role("status")).to_contain_text("Verified:")
    expect(page.get_by_role("status")).to_contain_text("this credential is valid")
    expect(page.get_by_text("Tyrone Brooks")).to_be_visible()
    badge = page.get_by_role("img", name="LAUNCH! School Improvement Specialist badge")
    expect(badge).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", badge.element_handle()) == 400
    qr = page.get_by_role("img", name="QR code that opens this verification page")
    assert page.evaluate("img => img.naturalWidth", qr.element_handle()) > 0
    assert page.problems.csp_violations == [], page.problems.csp_violations
    public_path = f"/credentials/{credential.uuid}/"

    # Anyone, without an account or JavaScript, sees the same verdict.
    nojs_page.goto(f"{base}{public_path}")
    expect(nojs_page.get_by_role("status")).to_contain_text("Verified:")

    # Both pages pass axe-core.
    login(axe_page, base, TYRONE)
    for path in ("/evidence/badges/", public_path):
        axe_page.goto(f"{base}{path}")
        assert_no_axe_violations(axe_page, path)
