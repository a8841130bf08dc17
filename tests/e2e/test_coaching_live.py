"""Live coaching in a real browser: a coach and a participant in one feedback thread. A
message from one appears on the other's screen within a second and a reply comes back; the
participant's page loses its socket while the coach sends three messages and, once
reconnected, shows all of them once and in order. Then axe-core on the coaching pages, and
posting with JavaScript off."""

import re

from playwright.sync_api import expect

from coaching.models import FeedbackThread

from . import helpers
from .helpers import format_violations, login, run_axe

COACH = "coach@launch.example"
TIMEOUT_MS = 15_000


def demo_thread() -> FeedbackThread:
    return FeedbackThread.objects.select_related("participant").order_by("pk").first()


def open_as(browser, base: str, email: str, path: str, *, route=None):
    ws_route = (re.compile(r".*/ws/coaching/threads/\d+/$"), route) if route else None
    return helpers.open_as(browser, base, email, path, timeout_ms=TIMEOUT_MS, ws_route=ws_route)


class FlakyNetwork:
    """Routes the participant's thread socket through Playwright so the test can cut it:
    while ``offline`` every connection is closed at once (htmx retries with backoff)."""

    def __init__(self) -> None:
        self.offline = False
        self.routes: list = []

    def __call__(self, ws) -> None:
        if self.offline:
            ws.close(code=1013, reason="offline")
            return
        ws.connect_to_server()
        self.routes.append(ws)

    def cut(self) -> None:
        self.offline = True
        for ws in self.routes:
            ws.close(code=1012, reason="connection lost")
        self.routes.clear()


def send(page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send").click()


def test_coach_and_participant_talk_live_and_catch_up_after_losing_the_connection(
    browser, asgi_server, demo
):
    base = asgi_server
    thread = demo_thread()
    path = f"/coaching/threads/{thread.pk}/"
    network = FlakyNetwork()
    coach_ctx, coach = open_as(browser, base, COACH, path)
    part_ctx, participant = open_as(browser, base, thread.participant.email, path, route=network)
    try:
        for page in (coach, participant):
            expect(page.locator("[data-live-state='open']")).to_have_count(1)
        expect(participant.locator("#presence")).to_contain_text("Your coach")
        participant.evaluate("() => { window.__notReloaded = true; }")

        text = "Your *chart* makes the case. Add the sample size."
        send(coach, text)  # the clock starts once the click is done: within one second
        expect(participant.locator(".feedback-body", has_text="makes the case")).to_have_count(
            1, timeout=1000
        )
        expect(coach.locator(".feedback-body", has_text="makes the case")).to_have_count(1)

        send(participant, "Thanks, done: n = 212.")
        expect(coach.locator(".feedback-body", has_text="n = 212")).to_have_count(1, timeout=1000)
        expect(participant.locator(".feedback-body", has_text="n = 212")).to_have_count(1)

        # The participant's connection drops; the coach sends three messages meanwhile.
        network.cut()
        expect(participant.locator("[data-live-state='closed']")).to_have_count(1)
        missed = ["Missed one", "Missed two", "Missed three"]
        for body in missed:
            send(coach, body)
            expect(coach.locator(".feedback-body", has_text=body)).to_have_count(1)
        expect(participant.locator(".feedback-body", has_text="Missed")).to_have_count(0)
        network.offline = False
        expect(participant.locator("[data-live-state='open']")).to_have_count(1)
        expect(participant.locator(".feedback-body", has_text="Missed")).to_have_count(3)
        bodies = participant.locator("#messages .feedback-body").all_inner_texts()
        assert [b for b in bodies if b.startswith("Missed")] == missed
        seqs = participant.locator("#messages > li").evaluate_all(
            "els => els.map(e => parseInt(e.dataset.seq, 10))"
        )
        assert seqs == sorted(set(seqs))  # in order, none twice
        assert participant.evaluate("() => window.__notReloaded === true")
        for page in (coach, participant):
            assert not page.errors, page.errors  # no script errors, no CSP violations
    finally:
        for context in (coach_ctx, part_ctx):
            context.close()


def test_post_without_javascript(browser, asgi_server, demo):
    base = asgi_server
    thread = demo_thread()
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        login(page, base, thread.participant.email)
        page.goto(f"{base}/coaching/threads/{thread.pk}/")
        page.get_by_label("Your message").fill("Posted with **plain** HTML.")
        page.get_by_role("button", name="Send").click()
        expect(page.locator(".feedback-body strong", has_text="plain")).to_be_visible()
    finally:
        context.close()


def test_coaching_pages_have_no_serious_axe_violations(axe_page, asgi_server, demo):
    base = asgi_server
    thread = demo_thread()
    failures = []
    for email, paths in (
        (thread.participant.email, ["/coaching/", f"/coaching/threads/{thread.pk}/"]),
        (COACH, ["/coaching/", "/coaching/queue/", f"/coaching/threads/{thread.pk}/"]),
    ):
        axe_page.context.clear_cookies()
        login(axe_page, base, email)
        for path in paths:
            response = axe_page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, path
            violations = run_axe(axe_page)
            if violations:
                failures.append(format_violations(violations, f"{email} {path}"))
    assert not failures, "\n\n".join(failures)
