"""Browser tests: the real ASGI app under uvicorn, driven by headless Chromium (Playwright).

Run in their own pytest process (``make test-e2e``): Playwright's sync API leaves an event loop
running on the main thread for the rest of the process.

* ``asgi_server``: ``tests.asgi.application`` served by uvicorn in a background thread (one
  server for the session, ``live_site``), on a free loopback port, against the (file) SQLite
  test database.
* ``browser``: Debian's ``/usr/bin/chromium``, never a Playwright-downloaded build; every
  context it opens answers third-party requests (embedded videos) with a local stub page.
* ``page``: a normal context, so the site's Content-Security-Policy is enforced.
* ``axe_page``: a context with ``bypass_csp=True``, only so that axe-core can be injected.
* ``demo``: the demo world of ``make run`` (``launch_demo.seed.seed_demo``).

Helpers (logging in, axe-core) are in ``helpers.py``.
"""

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .helpers import AXE_JS, E2E_DIR, stub_third_parties

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is a browser test: mark it ``e2e``."""
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


# --- the database -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> Iterator[None]:
    """A test database file of this process's own (SQLite profile).

    The test settings name one file (var/test-db.sqlite3) for every pytest process; a second
    run in the same work tree (another suite, another engineer) would delete or migrate it
    under this one's live server. Files are var/test-e2e-<pid>.sqlite3 (``make clean`` removes
    strays).
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    own: Path | None = None
    if db["ENGINE"] == "django.db.backends.sqlite3":
        own = Path(settings.BASE_DIR) / "var" / f"test-e2e-{os.getpid()}.sqlite3"
        own.parent.mkdir(parents=True, exist_ok=True)
        db.setdefault("TEST", {})["NAME"] = str(own)
    yield
    if own is not None:
        for leftover in (own, own.with_name(own.name + "-wal"), own.with_name(own.name + "-shm")):
            leftover.unlink(missing_ok=True)


# --- the server ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker) -> Iterator[str]:
    """The test host's ASGI app under uvicorn in a thread, one for the whole session; yields its
    base URL (no trailing /). Started after the test database exists: its worker threads open
    their own connections to it (Django closes them after each request, CONN_MAX_AGE = 0)."""
    import uvicorn

    from tests.asgi import application

    config = uvicorn.Config(
        application, host="127.0.0.1", port=0, lifespan="off", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    started = threading.Event()
    # uvicorn calls startup() and then sets ``started``; wrap it to be told instead of polling.
    startup = server.startup

    async def startup_then_tell(*args, **kwargs):
        try:
            await startup(*args, **kwargs)
        finally:
            started.set()

    server.startup = startup_then_tell  # type: ignore[method-assign]
    thread.start()
    if not started.wait(timeout=15) or not server.started:
        server.should_exit = True
        raise RuntimeError("uvicorn did not start serving within 15 s")
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture
def asgi_server(live_site, transactional_db, django_db_serialized_rollback) -> Iterator[str]:
    """The live site for one test; yields its base URL (no trailing /).

    ``transactional_db``: the server's threads have their own connections, so the test's writes
    must be committed for them to see them. A transactional test flushes every table
    afterwards, including rows the migrations made (the standards, Wagtail's root page and
    default site, the editor group): ``django_db_serialized_rollback`` restores them for the
    next test. Caches are cleared at the start, as the database was.
    """
    from django.core.cache import caches

    # The cache (local memory in the embedded profile) lives in this process across tests, but
    # the database is emptied after each: cached pages, sites or login-failure counters from an
    # earlier test must not leak into this one.
    for cache in caches.all():
        cache.clear()
    yield live_site


@pytest.fixture
def demo(asgi_server):
    """The demo world of ``make run`` (programme, modules, cohort, people)."""
    from launch_demo.seed import seed_demo

    return seed_demo()


# --- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance():
    """Playwright's sync API; Django's async-safety check is off while it runs.

    Playwright keeps an event loop running on the main thread, so Django would refuse ORM
    calls from the test body (SynchronousOnlyOperation) although nothing here is async code.
    Set here rather than at import: this conftest is imported by every pytest run that
    collects tests/, and the other suites must keep Django's check.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            yield p
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (apt-get install chromium)")
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    # Every context the tests open answers third-party requests (embedded videos) locally.
    new_context = browser.new_context

    def new_offline_context(**kwargs):
        context = new_context(**kwargs)
        stub_third_parties(context)
        return context

    browser.new_context = new_offline_context
    yield browser
    browser.close()


@dataclass
class BrowserProblems:
    """What the page reported: console errors and uncaught exceptions."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    @property
    def csp_violations(self) -> list[str]:
        return [m for m in self.console_errors if "Content Security Policy" in m]


def _new_page(context):
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = BrowserProblems()
    page.on(
        "console",
        lambda msg: problems.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: problems.page_errors.append(str(exc)))
    # Which request a "Failed to load resource" console error was about.
    page.on(
        "requestfailed",
        lambda r: problems.failed_requests.append(f"{r.method} {r.url}: {r.failure}"),
    )
    page.on(
        "response",
        lambda r: (
            problems.server_errors.append(f"{r.status} {r.request.method} {r.url}")
            if r.status >= 500
            else None
        ),
    )
    page.problems = problems  # type: ignore[attr-defined]
    return page


def _close(context, page) -> None:
    """Close the context; then fail the test if the server answered 5xx, a script threw or
    the console logged an error (a refused script, htmx's ``oobErrorNoTarget``...)."""
    problems = page.problems
    context.close()
    assert not problems.server_errors, f"server errors: {problems.server_errors}"
    assert not problems.page_errors, f"uncaught page errors: {problems.page_errors}"
    assert not problems.console_errors, (
        f"console errors: {problems.console_errors} (failed requests: {problems.failed_requests})"
    )


def _site_first(request: pytest.FixtureRequest) -> None:
    """Set the live site up before the page, so that it is stopped after the page is closed:
    Chromium still fetches the favicon after a test's last step, and a site already gone
    would show as a console error ("Failed to load resource")."""
    if "asgi_server" in request.fixturenames:
        request.getfixturevalue("asgi_server")


@pytest.fixture
def page(browser, request):
    """A page in a normal context: the site's Content-Security-Policy applies."""
    _site_first(request)
    context = browser.new_context()
    page = _new_page(context)
    yield page
    _close(context, page)


@pytest.fixture
def nojs_page(browser, request):
    """A page with JavaScript disabled: plain links and form posts only."""
    _site_first(request)
    context = browser.new_context(java_script_enabled=False)
    page = _new_page(context)
    yield page
    _close(context, page)


@pytest.fixture
def axe_page(browser, request):
    """A page whose context bypasses CSP, only so that axe-core can be injected.

    ``page.add_script_tag`` inserts the file's text as an inline <script>, which the site's
    policy (scripts from 'self' or with the response's nonce) rightly refuses.
    """
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `make e2e-deps` (npm ci in tests/e2e)")
    _site_first(request)
    context = browser.new_context(bypass_csp=True)
    page = _new_page(context)
    yield page
    _close(context, page)
