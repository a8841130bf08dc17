"""The checks themselves: axe reports what it should, and the normal context enforces CSP.

Without these, a broken injection or a context that silently bypassed the policy would make
the other browser tests pass for the wrong reason.
"""

import pytest
from playwright.sync_api import Error as PlaywrightError

from .helpers import AXE_JS, format_violations, run_axe

BROKEN_PAGE = """<!doctype html><html><head><title>Broken</title></head><body>
<main><h1>Broken on purpose</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text" name="q">
<p style="color:#bbb;background:#fff">Low-contrast text.</p>
</main></body></html>"""


def test_run_axe_reports_serious_and_critical_violations(axe_page):
    axe_page.set_content(BROKEN_PAGE)
    violations = run_axe(axe_page)
    found = {v["id"] for v in violations}
    assert {"html-has-lang", "image-alt", "label", "color-contrast"} <= found, found
    assert all(v["impact"] in {"serious", "critical"} for v in violations)
    summary = format_violations(violations, "the broken page")
    assert "image-alt (critical)" in summary and "img" in summary, summary


def test_normal_context_enforces_the_sites_csp(page, asgi_server):
    """Inline script is refused in the normal context and the refusal is seen on the console."""
    response = page.goto(f"{asgi_server}/accounts/login/")
    assert response is not None
    assert "script-src" in response.headers["content-security-policy"]
    assert (
        "'unsafe-inline'"
        not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    )
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(path=str(AXE_JS))
    assert page.evaluate("() => typeof window.axe") == "undefined"
    assert page.problems.csp_violations, page.problems.console_errors
    page.problems.console_errors.clear()  # the refusal was the point: not a failure here
    # htmx, loaded from 'self', did run.
    assert page.evaluate("() => typeof window.htmx") == "object"
