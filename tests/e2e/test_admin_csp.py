"""Wagtail's admin under its own Content Security Policy: programme staff edit a module and
open the schedule-publishing dialog; no console error, the date pickers load. The site's own
pages keep the strict policy (nonce scripts only)."""

from playwright.sync_api import expect

from lms.models import ModulePage

from .helpers import open_as

ADMIN = "admin@launch.example"


def test_admin_edit_page_and_schedule_publishing_dialog_log_no_error(browser, asgi_server, demo):
    module = ModulePage.objects.live().order_by("path").first()
    context, page = open_as(browser, asgi_server, ADMIN, f"/admin/pages/{module.pk}/edit/")
    try:
        response = page.goto(f"{asgi_server}/admin/pages/{module.pk}/edit/")
        assert response is not None and response.ok
        policy = response.headers["content-security-policy"]
        assert "'unsafe-inline'" in policy.split("script-src")[1].split(";")[0]
        expect(page.get_by_role("heading", level=1)).to_contain_text(module.title)
        page.wait_for_load_state("networkidle")
        page.get_by_role("button", name="Toggle status").click()
        page.get_by_role("button", name="Set schedule").click()
        dialog = page.locator("#schedule-publishing-dialog")
        expect(dialog).to_be_visible()
        dialog.get_by_label("Go live date/time").click()
        expect(page.locator(".xdsoft_datetimepicker").first).to_be_visible()
        assert page.errors == [], page.errors

        site = page.goto(f"{asgi_server}{module.url}")
        assert site is not None and site.ok
        site_policy = site.headers["content-security-policy"]
        script_src = site_policy.split("script-src")[1].split(";")[0]
        assert "'unsafe-inline'" not in script_src and "'nonce-" in script_src
        page.wait_for_load_state("networkidle")
        assert page.errors == [], page.errors
    finally:
        context.close()
