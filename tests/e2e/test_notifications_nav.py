"""The header on a phone and on a desktop, and the live notification bell.

At 390 px and 1280 px wide, for people with the shortest and the longest navigation, every
header link is on screen (inside the viewport, not clipped) and the page does not scroll
sideways, with and without JavaScript; no console error. Then a participant's bell counts a
coach's new message live, without a reload, while the coach writes from another browser.
"""

import re

import pytest
from playwright.sync_api import expect

from coaching.models import FeedbackThread

from .helpers import login

COACH = "coach@launch.example"
SIZES = [(390, 844), (1280, 800)]
PEOPLE = ["jordan@launch.example", COACH, "coordinator@launch.example", "admin@launch.example"]
TIMEOUT_MS = 15_000


def _context(browser, width: int, height: int, *, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=javascript
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    return context, page


# The innermost elements reaching past the right edge (to say what makes a page too wide).
WIDER = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth))
    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + e.outerHTML.slice(0, 80))"""


def _check_header(page, where: str, at_least: int = 6) -> None:
    width = page.evaluate("() => window.innerWidth")
    scroll = page.evaluate("() => document.scrollingElement.scrollWidth")
    assert scroll <= width, f"{where}: the page scrolls sideways ({scroll} > {width}): " + str(
        page.evaluate(WIDER)
    )
    items = page.locator("header nav a, header nav button")
    assert items.count() >= at_least, where
    for i in range(items.count()):
        item = items.nth(i)
        expect(item).to_be_visible()
        box = item.bounding_box()
        assert box is not None, where
        name = item.inner_text().strip() or item.get_attribute("aria-label")
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{where}: {name} {box}"


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_header_link_is_reachable_without_sideways_scrolling(
    browser, asgi_server, demo, width, height
):
    for email in PEOPLE:
        for javascript in (True, False):
            context, page = _context(browser, width, height, javascript=javascript)
            try:
                where = f"{email} at {width}px{'' if javascript else ' without JavaScript'}"
                if javascript:
                    login(page, asgi_server, email)
                else:  # the login form posts without JavaScript too
                    page.goto(f"{asgi_server}/accounts/login/")
                    page.get_by_label("Email").fill(email)
                    page.get_by_label("Password").fill("launch-demo-2026")
                    page.get_by_role("button", name="Log in").click()
                    page.wait_for_url(f"{asgi_server}/learn/dashboard/")
                for path in ("/learn/dashboard/", "/learn/notifications/", "/"):
                    page.goto(f"{asgi_server}{path}")
                    _check_header(page, f"{where} on {path}")
                if javascript:
                    expect(page.locator("[data-bell-state='open']")).to_have_count(1)
                    # By keyboard: the bell is reached with Tab and opens the page.
                    page.locator("#notifications-bell").focus()
                    page.keyboard.press("Enter")
                    page.wait_for_url(f"{asgi_server}/learn/notifications/")
                assert page.errors == [], f"{where}: {page.errors}"  # type: ignore[attr-defined]
            finally:
                context.close()
    anonymous, page = _context(browser, width, height)
    try:
        page.goto(f"{asgi_server}/")
        _check_header(page, f"anonymous at {width}px", at_least=2)
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        anonymous.close()


def _unread(page) -> int:
    label = page.locator("#notifications-bell").get_attribute("aria-label") or ""
    found = re.search(r"(\d+) unread", label)
    return int(found.group(1)) if found else 0


def test_the_bell_counts_a_coach_message_live(browser, asgi_server, demo):
    thread = FeedbackThread.objects.select_related("participant").order_by("pk").first()
    participant_ctx, participant = _context(browser, 390, 844)
    coach_ctx, coach = _context(browser, 1280, 800)
    try:
        login(participant, asgi_server, thread.participant.email)
        participant.goto(f"{asgi_server}/learn/dashboard/")
        expect(participant.locator("[data-bell-state='open']")).to_have_count(1)
        before = _unread(participant)
        participant.evaluate("() => { window.__notReloaded = true; }")

        login(coach, asgi_server, COACH)
        coach.goto(f"{asgi_server}/coaching/threads/{thread.pk}/")
        coach.get_by_label("Your message").fill("Your chart makes the case: add the sample size.")
        coach.get_by_role("button", name="Send").click()

        bell = participant.locator("#notifications-bell")
        expect(bell).to_have_attribute("aria-label", f"Notifications, {before + 1} unread")
        expect(bell).to_contain_text(str(before + 1))
        assert participant.evaluate("() => window.__notReloaded === true")
        expect(
            participant.get_by_role("link", name=f"Notifications, {before + 1} unread")
        ).to_be_visible()

        participant.locator("#notifications-bell").click()
        expect(participant.locator(".notification").first).to_contain_text(
            "New feedback from your coach"
        )
        for page in (participant, coach):
            assert page.errors == [], page.errors  # type: ignore[attr-defined]
    finally:
        participant_ctx.close()
        coach_ctx.close()
