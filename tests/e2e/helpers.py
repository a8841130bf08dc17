"""Helpers for the browser tests: logging in, opening a signed-in page, axe-core checks,
keeping third-party content (embedded videos) off the network."""

import re
from pathlib import Path

E2E_DIR = Path(__file__).resolve().parent
AXE_JS = E2E_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

#: Every http(s) URL that is not this machine's (YouTube, Vimeo...): the machines are offline,
#: and a frame that cannot load navigates to chrome-error://chromewebdata/ and logs errors.
THIRD_PARTY = re.compile(r"^https?://(?!(?:127\.0\.0\.1|localhost)(?:[:/]|$))")
OFFLINE_STUB = (
    "<!doctype html><html lang='en'><title>Offline stand-in</title>"
    "<p>Third-party content is not loaded in the browser tests.</p></html>"
)


def stub_third_parties(context) -> None:
    """Answer every third-party request of ``context`` with a small local page."""
    context.route(
        THIRD_PARTY,
        lambda route: route.fulfill(status=200, content_type="text/html", body=OFFLINE_STUB),
    )


def login(page, base_url: str, email: str, password: str | None = None) -> None:
    """Log in through the login form; ends on the dashboard."""
    from launch_demo.seed import DEMO_PASSWORD

    response = page.goto(f"{base_url}/accounts/login/")
    assert response is not None and response.ok, response and response.status
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/learn/dashboard/")


def run_axe(page) -> list[dict]:
    """axe-core's serious and critical violations of WCAG 2.0/2.1 A and AA on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return r.violations;
        }""",
        AXE_TAGS,
    )
    return [v for v in result if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations: list[dict], where: str = "") -> str:
    lines = [
        f"{len(violations)} serious/critical axe violation(s){' on ' + where if where else ''}:"
    ]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  <{v['helpUrl']}>")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}\n      {node['html'][:160]}\n      {summary[:300]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more node(s)")
    return "\n".join(lines)


def assert_no_axe_violations(page, where: str = "") -> None:
    violations = run_axe(page)
    assert not violations, format_violations(violations, where or page.url)


def open_as(browser, base: str, email: str, path: str, *, timeout_ms: int = 10_000, ws_route=None):
    """A new browser context signed in as ``email`` on ``path``; returns ``(context, page)``.

    ``page.errors`` collects page errors and console errors (Content Security Policy
    violations among them). With ``ws_route`` (a ``(pattern, handler)`` pair), matching
    WebSockets go through Playwright.
    """
    context = browser.new_context()
    context.set_default_timeout(timeout_ms)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    if ws_route is not None:
        page.route_web_socket(*ws_route)
    login(page, base, email)
    page.goto(f"{base}{path}")
    page.errors = errors  # type: ignore[attr-defined]
    return context, page
