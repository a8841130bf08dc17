"""Forums in a real browser: two participants in one topic, one posts and the other sees it
appear without reloading; a coach hides it and it disappears for the participant. Then
axe-core on the forum pages, and posting with JavaScript off."""

from playwright.sync_api import expect

from forums.models import Forum, Topic
from lms.models import Cohort

from . import helpers
from .helpers import format_violations, login, run_axe

JORDAN = "jordan@launch.example"
SAM = "sam@launch.example"
COACH = "coach@launch.example"
TIMEOUT_MS = 10_000


def welcome_topic() -> Topic:
    forum = Forum.objects.get(kind=Forum.Kind.COHORT, cohort=Cohort.objects.get())
    return Topic.objects.filter(forum=forum).order_by("pk").first()


def open_as(browser, base: str, email: str, path: str):
    return helpers.open_as(browser, base, email, path, timeout_ms=TIMEOUT_MS)


def test_two_participants_see_posts_live_and_hidden_posts_vanish(browser, asgi_server, demo):
    base = asgi_server
    topic = welcome_topic()
    path = f"/forums/topics/{topic.pk}/"
    jordan_ctx, jordan = open_as(browser, base, JORDAN, path)
    sam_ctx, sam = open_as(browser, base, SAM, path)
    coach_ctx, coach = open_as(browser, base, COACH, path)
    try:
        for page in (jordan, sam, coach):
            expect(page.locator("[data-live-state='open']")).to_have_count(1)
        sam.evaluate("() => { window.__notReloaded = true; }")

        text = "Our attendance team meets every Tuesday."
        jordan.get_by_label("Your reply (Markdown)").fill(text)
        jordan.get_by_role("button", name="Post").click()

        # Jordan's own page shows it once (htmx answer and socket push deduplicated).
        expect(jordan.locator(".post-body", has_text=text)).to_have_count(1)
        # Sam's page shows it without a reload.
        expect(sam.locator(".post-body", has_text=text)).to_have_count(1)
        assert sam.evaluate("() => window.__notReloaded === true")
        expect(coach.locator(".post-body", has_text=text)).to_have_count(1)

        # The coach hides it (plain form post on the coach's page).
        article = coach.locator("article.post", has_text=text)
        article.get_by_label("Reason for moderation").fill("Moved to the staff channel")
        article.get_by_role("button", name="Hide").click()
        expect(coach.get_by_text("Hidden: Moved to the staff channel")).to_be_visible()

        # It disappears for the participants, still without a reload.
        expect(sam.locator(".post-body", has_text=text)).to_have_count(0)
        expect(jordan.locator(".post-body", has_text=text)).to_have_count(0)
        assert sam.evaluate("() => window.__notReloaded === true")
        for page in (jordan, sam, coach):
            assert not page.errors, page.errors  # no script errors, no CSP violations
    finally:
        for context in (jordan_ctx, sam_ctx, coach_ctx):
            context.close()


def test_reply_without_javascript(browser, asgi_server, demo):
    base = asgi_server
    topic = welcome_topic()
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        login(page, base, SAM)
        page.goto(f"{base}/forums/topics/{topic.pk}/")
        page.get_by_label("Your reply (Markdown)").fill("Posted with **plain** HTML.")
        page.get_by_role("button", name="Post").click()
        expect(page.locator(".post-body strong", has_text="plain")).to_be_visible()
    finally:
        context.close()


def test_forum_pages_have_no_serious_axe_violations(axe_page, asgi_server, demo):
    base = asgi_server
    topic = welcome_topic()
    question = Topic.objects.filter(kind=Topic.Kind.QUESTION).first()
    failures = []
    for email, paths in (
        (
            JORDAN,
            [
                "/forums/",
                f"/forums/{topic.forum_id}/",
                f"/forums/topics/{topic.pk}/",
                f"/forums/topics/{question.pk}/",
                f"/forums/{topic.forum_id}/topics/new/",
                "/forums/search/?q=attendance",
                "/forums/settings/",
            ],
        ),
        (COACH, [f"/forums/topics/{topic.pk}/", "/forums/moderation/"]),
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
