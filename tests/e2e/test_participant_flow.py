"""The participant's path in a real browser: home page, log in, dashboard, a module (reflection
and completion, through htmx and again with JavaScript off), back to the dashboard."""

import re

from playwright.sync_api import expect

from lms.models import ModulePage, ModuleProgress, ProgramPage, Reflection, User

from .helpers import login

JORDAN = "jordan@launch.example"


def first_module() -> ModulePage:
    programme = ProgramPage.objects.get()
    return ModulePage.objects.live().child_of(programme).order_by("path").first()


def module_row(page, title: str):
    """The module's row in the dashboard's "My modules" list."""
    return page.locator(".module-progress-list > li").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def test_home_page_shows_programme_and_ten_standards(page, asgi_server, demo):
    page.goto(f"{asgi_server}/")
    programme = ProgramPage.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(programme.title)
    expect(page.locator("[id^='standard-']")).to_have_count(10)
    expect(page.get_by_role("link", name="Log in to start learning")).to_be_visible()


def test_participant_flow_with_htmx(page, asgi_server, demo):
    base = asgi_server
    module = first_module()
    text = "With the leadership team at Oak Hill I will map who owns each initiative."

    # Home page: the programme and its ten standards.
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(ProgramPage.objects.get().title)
    expect(page.locator("[id^='standard-']")).to_have_count(10)

    # Log in through the form; land on the dashboard.
    page.get_by_role("link", name="Log in to start learning").click()
    expect(page).to_have_url(f"{base}/accounts/login/")
    login(page, base, JORDAN)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Jordan")
    expect(page.get_by_text("0 of 10 required modules complete")).to_be_visible()

    # The dashboard's "Next step" opens the first module.
    page.get_by_role("region", name="Next step").get_by_role("link", name=module.title).click()
    page.wait_for_url(f"{base}{module.url}")
    module_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(module.title)
    expect(page.locator("#module-status .status-label")).to_have_text("Not started")

    # Save a reflection: htmx swaps #reflection in place, no navigation.
    navigations: list[str] = []
    page.on(  # the page itself, not its frames (the embedded video)
        "framenavigated",
        lambda frame: navigations.append(frame.url) if frame == page.main_frame else None,
    )
    page.evaluate("() => { window.__e2eMarker = 'still-here'; }")
    page.get_by_label("Your reflection").fill(text)
    page.get_by_role("button", name="Save reflection").click()
    expect(page.locator("#reflection [role=status]")).to_have_text("Saved.")
    assert page.url == module_url
    assert page.evaluate("() => window.__e2eMarker") == "still-here"
    expect(page.get_by_label("Your reflection")).to_have_value(text)

    # Mark the module complete: htmx swaps #module-status in place.
    page.get_by_role("button", name="Mark this module complete").click()
    expect(page.locator("#module-status .status-label")).to_have_text("Completed")
    expect(page.get_by_role("button", name="Reopen this module")).to_be_visible()
    assert page.url == module_url
    assert page.evaluate("() => window.__e2eMarker") == "still-here"
    assert navigations == [], f"htmx actions navigated the page: {navigations}"

    # Both were stored.
    jordan = User.objects.get(email=JORDAN)
    assert Reflection.objects.get(user=jordan, module=module).text == text
    progress = ModuleProgress.objects.get(user=jordan, module=module)
    assert progress.status == ModuleProgress.Status.COMPLETED

    # The dashboard reflects it.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.wait_for_url(f"{base}/learn/dashboard/")
    expect(page.get_by_text("1 of 10 required modules complete")).to_be_visible()
    expect(module_row(page, module.title).locator(".status-label")).to_have_text("Completed")
    expect(page.locator("#overall-progress")).to_have_attribute("value", "10")

    # Reloading the module shows the saved reflection and status.
    page.goto(module_url)
    page.reload()
    expect(page.get_by_label("Your reflection")).to_have_value(text)
    expect(page.locator("#reflection [role=status]")).to_have_text(re.compile(r"^Last saved "))
    expect(page.locator("#module-status .status-label")).to_have_text("Completed")

    # The site's Content-Security-Policy held: nothing was refused, nothing threw.
    assert page.problems.csp_violations == [], page.problems.csp_violations
    assert page.problems.page_errors == [], page.problems.page_errors


def test_participant_flow_without_javascript(nojs_page, asgi_server, demo):
    page = nojs_page
    base = asgi_server
    module = first_module()
    text = "Without scripts the plain form still saves this reflection."

    login(page, base, JORDAN)
    page.get_by_role("region", name="Next step").get_by_role("link", name=module.title).click()
    page.wait_for_url(f"{base}{module.url}")
    assert page.evaluate("() => typeof window.htmx") == "undefined"  # scripts really are off

    # Plain form post, redirect back to the module (at #reflection) with a message.
    page.get_by_label("Your reflection").fill(text)
    page.get_by_role("button", name="Save reflection").click()
    page.wait_for_url(f"{base}{module.url}#reflection")
    expect(page.locator(".messages")).to_contain_text("Your reflection is saved.")
    expect(page.get_by_label("Your reflection")).to_have_value(text)

    page.get_by_role("button", name="Mark this module complete").click()
    page.wait_for_url(f"{base}{module.url}")
    expect(page.locator(".messages")).to_contain_text("Module marked complete.")
    expect(page.locator("#module-status .status-label")).to_have_text("Completed")

    jordan = User.objects.get(email=JORDAN)
    assert Reflection.objects.get(user=jordan, module=module).text == text
    progress = ModuleProgress.objects.get(user=jordan, module=module)
    assert progress.status == ModuleProgress.Status.COMPLETED

    page.goto(f"{base}/learn/dashboard/")
    expect(page.get_by_text("1 of 10 required modules complete")).to_be_visible()
    expect(module_row(page, module.title).locator(".status-label")).to_have_text("Completed")

    page.goto(f"{base}{module.url}")
    expect(page.get_by_label("Your reflection")).to_have_value(text)
