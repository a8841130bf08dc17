"""axe-core (WCAG 2.0/2.1 A and AA) on the pages people use, and a keyboard check.

Zero serious or critical violations are allowed. Pages are checked in a context that bypasses
CSP only so that axe can be injected (see ``axe_page`` in conftest); the participant flow
checks the site under its real policy.
"""

import pytest
from playwright.sync_api import expect

from lms.models import ModulePage, ModuleProgress, ProgramPage, User

from .helpers import assert_no_axe_violations, format_violations, login, run_axe


def module_for(email: str, status: str) -> ModulePage:
    """The first module (programme order) in which the user's progress has this status."""
    user = User.objects.get(email=email)
    programme = ProgramPage.objects.get()
    statuses = dict(ModuleProgress.objects.filter(user=user).values_list("module_id", "status"))
    for module in ModulePage.objects.live().child_of(programme).order_by("path"):
        if statuses.get(module.pk, ModuleProgress.Status.NOT_STARTED) == status:
            return module
    raise AssertionError(f"{email} has no module {status}")


def check_pages(page, base: str, paths: list[str]) -> None:
    """Run axe on every path; fail once, listing every page's violations."""
    failures = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        violations = run_axe(page)
        if violations:
            failures.append(format_violations(violations, path))
    assert not failures, "\n\n".join(failures)


def test_anonymous_pages(axe_page, asgi_server, demo):
    check_pages(axe_page, asgi_server, ["/", "/accounts/login/"])


def test_login_page_with_errors(axe_page, asgi_server, demo):
    """The login form after a failed attempt (error messages, aria state)."""
    page = axe_page
    page.goto(f"{asgi_server}/accounts/login/")
    page.get_by_label("Email").fill("jordan@launch.example")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_no_axe_violations(page, "login page with errors")


@pytest.mark.parametrize(
    ("email", "module_status"),
    [
        ("jordan@launch.example", ModuleProgress.Status.NOT_STARTED),
        ("maria@launch.example", ModuleProgress.Status.COMPLETED),
        ("maria@launch.example", ModuleProgress.Status.IN_PROGRESS),
    ],
)
def test_participant_pages(axe_page, asgi_server, demo, email, module_status):
    module = module_for(email, module_status)
    login(axe_page, asgi_server, email)
    check_pages(axe_page, asgi_server, ["/", module.url, "/learn/dashboard/"])


def test_module_page_after_htmx_swaps(axe_page, asgi_server, demo):
    """The swapped-in partials (saved reflection, completed status) are checked too."""
    page = axe_page
    module = module_for("jordan@launch.example", ModuleProgress.Status.NOT_STARTED)
    login(page, asgi_server, "jordan@launch.example")
    page.goto(f"{asgi_server}{module.url}")
    page.get_by_label("Your reflection").fill("A reflection for the accessibility check.")
    page.get_by_role("button", name="Save reflection").click()
    expect(page.locator("#reflection [role=status]")).to_have_text("Saved.")
    page.get_by_role("button", name="Mark this module complete").click()
    expect(page.locator("#module-status .status-label")).to_have_text("Completed")
    assert_no_axe_violations(page, f"{module.url} after htmx swaps")


@pytest.mark.parametrize("email", ["coach@launch.example", "coordinator@launch.example"])
def test_staff_dashboard(axe_page, asgi_server, demo, email):
    login(axe_page, asgi_server, email)
    check_pages(axe_page, asgi_server, ["/learn/dashboard/", "/"])


def test_skip_link_is_first_and_moves_focus_to_main(page, asgi_server, demo):
    """Keyboard: the first Tab on a module page reaches the skip link; Enter moves to main."""
    module = module_for("jordan@launch.example", ModuleProgress.Status.NOT_STARTED)
    login(page, asgi_server, "jordan@launch.example")
    page.goto(f"{asgi_server}{module.url}")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown on focus, not left off-screen
    box = skip.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"], box
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    assert page.url.endswith("#main")
    # The next Tab continues inside main, not back at the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
