"""The cohort dashboard in a browser: reached from the home page, filtered through htmx under
the site's CSP, and free of serious axe-core violations for the coordinator and the coach."""

from playwright.sync_api import expect

from lms.models import Cohort, Enrolment

from .helpers import assert_no_axe_violations, login


def _cohort() -> Cohort:
    return Cohort.objects.get(name="Piedmont Regional Cohort")


def test_coordinator_finds_and_filters_the_dashboard(page, asgi_server, demo):
    login(page, asgi_server, "coordinator@launch.example")
    page.get_by_role("link", name="Piedmont Regional Cohort").click()
    page.wait_for_url(f"{asgi_server}/learn/cohorts/{_cohort().pk}/")
    expect(page.get_by_role("heading", name="Standards heatmap")).to_be_visible()
    participants = Enrolment.objects.filter(cohort=_cohort(), role="participant").count()
    expect(page.locator("#roster tbody tr")).to_have_count(participants)
    page.get_by_label("Name or email").fill("maria")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#roster tbody tr")).to_have_count(1)
    expect(page.locator("#roster")).to_contain_text("Maria Gonzalez")
    assert "q=maria" in page.url  # htmx pushed the filtered URL
    assert not page.problems.csp_violations, page.problems.csp_violations  # type: ignore[attr-defined]
    # The export, streamed by the ASGI server chunk by chunk.
    export = page.request.get(f"{asgi_server}/learn/cohorts/{_cohort().pk}/export.csv")
    assert export.ok and export.headers["content-type"].startswith("text/csv")
    body = export.body().decode("utf-8")
    assert body.startswith("\ufeffLast name,") and "Gonzalez,Maria" in body
    assert len(body.strip().splitlines()) == 1 + participants  # the header and every row


def test_dashboard_has_no_serious_axe_violations(axe_page, asgi_server, demo):
    pk = _cohort().pk
    login(axe_page, asgi_server, "coordinator@launch.example")
    axe_page.goto(f"{asgi_server}/learn/cohorts/{pk}/")
    assert_no_axe_violations(axe_page, "cohort dashboard (coordinator)")
    axe_page.goto(f"{asgi_server}/learn/cohorts/{pk}/?status=active&sort=-activity")
    assert_no_axe_violations(axe_page, "cohort dashboard, filtered")


def test_coach_view_has_no_serious_axe_violations(axe_page, asgi_server, demo):
    login(axe_page, asgi_server, "coach@launch.example")
    axe_page.goto(f"{asgi_server}/learn/cohorts/{_cohort().pk}/")
    expect(axe_page.get_by_text("read-only")).to_be_visible()
    assert_no_axe_violations(axe_page, "cohort dashboard (coach)")


def test_filters_and_pages_work_without_javascript(nojs_page, asgi_server, demo):
    page = nojs_page
    login(page, asgi_server, "coordinator@launch.example")
    page.goto(f"{asgi_server}/learn/cohorts/{_cohort().pk}/")
    page.get_by_label("Status").select_option("completed")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**status=completed**")
    expect(page.locator("#roster tbody tr")).to_have_count(1)
    expect(page.locator("#roster")).to_contain_text("Aisha Khan")
