"""Focus and live regions in a real browser.

After every htmx action focus stays on the control (or its swapped-in replacement)
(``document.activeElement``); every live stream has a polite live region that stays in place
(the same DOM node before and after) and new content lands inside it; stale indicators go
("... is writing" when that person's message arrives, "Waiting for feedback" when the coach's
reply answers it, "Reload to see new messages" while the socket is open); no console error.
"""

import re

from playwright.sync_api import expect

from coaching.models import FeedbackThread, HelpRequest
from evidence.models import Submission
from forums.models import Forum, Topic
from lms.models import Cohort, ModulePage, ProgramPage

from . import helpers

COACH = "coach@launch.example"
JORDAN = "jordan@launch.example"
SAM = "sam@launch.example"
TIMEOUT_MS = 15_000

IS_LIVE_REGION = """el => el.getAttribute('aria-live') === 'polite'
    || ['status', 'log'].includes(el.getAttribute('role'))"""


def open_as(browser, base: str, email: str, path: str):
    return helpers.open_as(browser, base, email, path, timeout_ms=TIMEOUT_MS)


def active_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def mark(page, selector: str) -> None:
    """Tag the live region's node: a region replaced wholesale loses the tag."""
    assert page.locator(selector).evaluate(IS_LIVE_REGION), f"{selector} is no live region"
    page.locator(selector).evaluate("el => { el.__e2eRegion = true; }")


def still_marked(page, selector: str) -> bool:
    return page.locator(selector).evaluate("el => el.__e2eRegion === true")


def test_module_page_actions_keep_focus_and_announce_in_place(browser, asgi_server, demo):
    programme = ProgramPage.objects.get()
    module = ModulePage.objects.live().child_of(programme).order_by("path").first()
    context, page = open_as(browser, asgi_server, JORDAN, module.url)
    try:
        mark(page, "#reflection-status")
        mark(page, "#module-status-text")

        page.get_by_label("Your reflection").fill("I will map who owns each initiative.")
        page.get_by_role("button", name="Save reflection").click()
        expect(page.locator("#reflection-status")).to_have_text("Saved.")
        assert still_marked(page, "#reflection-status")
        assert active_id(page) == "reflection-save"
        expect(page.get_by_role("button", name="Ask your coach for feedback on this reflection"))

        page.get_by_role("button", name="Mark this module complete").click()
        expect(page.get_by_role("button", name="Reopen this module")).to_be_visible()
        expect(page.locator("#module-status-text")).to_contain_text("Completed")
        assert still_marked(page, "#module-status-text")
        assert active_id(page) == "module-status-toggle"

        page.keyboard.press("Enter")  # focus is on "Reopen this module": the keyboard goes on
        expect(page.get_by_role("button", name="Mark this module complete")).to_be_visible()
        expect(page.locator("#module-status-text")).to_contain_text("In progress")
        assert still_marked(page, "#module-status-text")
        assert active_id(page) == "module-status-toggle"
        assert page.errors == [], page.errors
    finally:
        context.close()


def test_coaching_thread_and_queue_live_regions_and_indicators(browser, asgi_server, demo):
    base = asgi_server
    thread = FeedbackThread.objects.select_related("participant").order_by("pk").first()
    assert HelpRequest.objects.filter(thread=thread, answered_at__isnull=True).exists()
    path = f"/coaching/threads/{thread.pk}/"
    coach_ctx, coach = open_as(browser, base, COACH, path)
    part_ctx, participant = open_as(browser, base, thread.participant.email, path)
    queue = coach_ctx.new_page()
    queue.on("console", lambda m: coach.errors.append(m.text) if m.type == "error" else None)
    try:
        queue.goto(f"{base}/coaching/queue/")
        for page in (coach, participant, queue):
            expect(page.locator("[data-live-state='open']")).to_have_count(1)
        for page in (coach, participant):
            expect(page.get_by_text("Reload to see new messages")).to_be_hidden()
            for region in ("#messages", "#typing", "#presence", "#request-state"):
                mark(page, region)
        mark(queue, "#queue")
        expect(participant.locator("#request-state")).to_contain_text("Waiting for feedback")
        expect(queue.locator("#queue")).to_contain_text("1 participant waiting")

        # The coach writes: the participant sees it, then the message clears it at once.
        coach.get_by_label("Your message").press_sequentially("Yes")
        expect(participant.locator("#typing")).to_contain_text("is writing")
        coach.get_by_label("Your message").press_sequentially(": the chart is enough.")
        coach.get_by_role("button", name="Send").click()
        expect(participant.locator("#messages .feedback-body").last).to_have_text(
            "Yes: the chart is enough."
        )
        expect(participant.locator("#typing")).to_have_text("", timeout=2000)  # not after 4 s
        # The reply answered the request: "Waiting for feedback" goes, the queue empties.
        expect(participant.locator("#request-state")).to_have_text("")
        expect(coach.locator("#request-state")).to_have_text("")
        expect(queue.locator("#queue")).to_contain_text("Nobody is waiting")
        assert active_id(coach) == "message-send"  # focus stayed on Send
        expect(coach.get_by_label("Your message")).to_have_value("")

        # The participant sends: focus stays on Send; the coach's page gets it in place.
        participant.get_by_label("Your message").fill("Great, thank you.")
        participant.get_by_role("button", name="Send").click()
        expect(coach.locator("#messages .feedback-body").last).to_have_text("Great, thank you.")
        assert active_id(participant) == "message-send"

        # Asking again (one button): the coach's thread page and queue update live.
        participant.reload()
        participant.get_by_role("button", name="Ask your coach for feedback").click()
        expect(participant.locator(".messages")).to_contain_text("Your coach can see")
        expect(coach.locator("#request-state")).to_contain_text("Waiting for feedback")
        expect(queue.locator("#queue")).to_contain_text("1 participant waiting")

        for page in (coach, queue):
            for region in (
                ("#messages", "#typing", "#presence", "#request-state")
                if page is coach
                else ("#queue",)
            ):
                assert still_marked(page, region), region
        assert coach.errors == [], coach.errors
        assert participant.errors == [], participant.errors
    finally:
        for context in (coach_ctx, part_ctx):
            context.close()


def test_evidence_autosave_is_announced_in_place_and_keeps_focus(browser, asgi_server, demo):
    draft = next(
        s for s in Submission.objects.select_related("participant").order_by("pk") if s.is_editable
    )
    context, page = open_as(browser, asgi_server, draft.participant.email, f"/evidence/{draft.pk}/")
    try:
        mark(page, "#draft-saved")
        page.get_by_label("Title").press_sequentially(" (revised)")
        expect(page.locator("#draft-saved")).to_contain_text("Draft saved at")
        assert still_marked(page, "#draft-saved")
        assert page.evaluate("() => document.activeElement.name") == "title"
        assert page.errors == [], page.errors

        # "Ask your coach for feedback": the thread, and the participant is in the queue.
        page.get_by_role("button", name="Ask your coach for feedback").click()
        expect(page.locator(".messages")).to_contain_text("waiting for feedback")
        expect(page.locator("#request-state")).to_contain_text("Waiting for feedback")
        assert (
            HelpRequest.objects.filter(thread__submission=draft, answered_at__isnull=True).count()
            == 1
        )
        assert page.errors == [], page.errors
    finally:
        context.close()


def test_forum_streams_have_live_regions_and_no_oob_errors(browser, asgi_server, demo):
    base = asgi_server
    forum = Forum.objects.get(kind=Forum.Kind.COHORT, cohort=Cohort.objects.get())
    topic = Topic.objects.filter(forum=forum).order_by("pk").first()
    list_ctx, listing = open_as(browser, base, JORDAN, f"/forums/{forum.pk}/")
    sam_ctx, sam = open_as(browser, base, SAM, f"/forums/{forum.pk}/topics/new/")
    reader_ctx, reader = open_as(browser, base, COACH, f"/forums/topics/{topic.pk}/")
    try:
        for page in (listing, reader):
            expect(page.locator("[data-live-state='open']")).to_have_count(1)
        mark(listing, "#topics")
        mark(reader, "#posts")

        # A new topic arrives on the forum list: it lands in the live region, no oob error.
        sam.get_by_label("Title").fill("Walkthrough schedules that stick")
        sam.get_by_label("Your post (Markdown)").fill("How do you keep them going?")
        sam.get_by_role("button", name="Start the topic").click()
        expect(listing.locator("#topics > li").first).to_contain_text("Walkthrough schedules")
        assert still_marked(listing, "#topics")

        # A reply in the topic: the poster keeps focus on Post, the reader gets it in place.
        sam.goto(f"{base}/forums/topics/{topic.pk}/")
        expect(sam.locator("[data-live-state='open']")).to_have_count(1)
        sam.get_by_label("Your reply (Markdown)").fill("We pair every walkthrough with a debrief.")
        sam.get_by_role("button", name="Post").click()
        expect(reader.locator("#posts .post-body", has_text="with a debrief")).to_have_count(1)
        assert still_marked(reader, "#posts")
        assert active_id(sam) == "reply-send"

        # Marking it helpful keeps focus on the (swapped-in) button.
        post = reader.locator("article.post", has_text="with a debrief")
        post.get_by_role("button", name="Helpful").click()
        expect(post.get_by_role("button", name="Helpful")).to_have_attribute("aria-pressed", "true")
        assert re.fullmatch(r"helpful-\d+", active_id(reader) or ""), active_id(reader)
        for page in (listing, sam, reader):
            assert page.errors == [], page.errors
    finally:
        for context in (list_ctx, sam_ctx, reader_ctx):
            context.close()
