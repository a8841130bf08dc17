"""Issue #14, items 3 and 9, as `make run` serves the site: the commands it runs give the site
its real address (links in emails and badges, the WebSocket origins), and its uvicorn does not
let a spoofed X-Forwarded-For reset the login limit or reach the audit log."""

import http.cookiejar
import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from lms.models import AuditEvent

from .factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PORT = "8123"


def make_run_commands(port: str) -> list[tuple[dict[str, str], list[str]]]:
    """The commands `make run PORT=port` runs (from `make -n`): their environment and argv."""
    env = {k: v for k, v in os.environ.items() if k not in {"WAGTAILADMIN_BASE_URL", "MAKEFLAGS"}}
    out = subprocess.run(
        ["make", "-n", "--no-print-directory", "-o", ".venv/.installed", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commands = []
    for line in out.replace("\\\n", " ").splitlines():
        words = shlex.split(line)
        assignments = {}
        while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
            name, value = words.pop(0).split("=", 1)
            assignments[name] = value
        if words and (words[0].endswith("/python") or words[0].endswith("/uvicorn")):
            commands.append((assignments, words))
    return commands


def _site_commands(port: str):
    commands = make_run_commands(port)
    names = [" ".join(argv[1:3]) if "manage.py" in argv[1] else argv[1] for _, argv in commands]
    assert names == ["manage.py migrate", "manage.py seed_demo", "config.asgi:application"]
    return commands


def test_every_command_of_make_run_gets_the_sites_real_address():
    for assignments, _argv in _site_commands(PORT):
        assert assignments["WAGTAILADMIN_BASE_URL"] == f"http://127.0.0.1:{PORT}"
        assert assignments["DJANGO_SETTINGS_MODULE"] == "config.settings.dev"
    _env, uvicorn_argv = _site_commands(PORT)[-1]
    assert uvicorn_argv[uvicorn_argv.index("--port") + 1] == PORT


LINKS = """
import json, django
django.setup()
from config.origins import site_allowed_origins
from evidence.badges import issuer as badge_issuer
from lms.invitations.selectors import invitation_url
from lms.links import absolute_url
from lms.models import Invitation
print(json.dumps({
    "invitation": invitation_url(Invitation(pk=1, nonce="n")),
    "review notice": absolute_url("/evidence/1/"),
    "badge page": badge_issuer.credential_page_url("00000000-0000-0000-0000-000000000000"),
    "badge json": badge_issuer.credential_json_url("00000000-0000-0000-0000-000000000000"),
    "status list": badge_issuer.status_list_url(1),
    "coaching": absolute_url("coaching:thread", 1),
    "forums": absolute_url("forums:topic", 1),
    "issuer": badge_issuer.issuer_did(),
    "origins": site_allowed_origins(),
}))
"""


def test_the_dev_settings_under_make_run_build_links_from_its_port():
    assignments, _argv = _site_commands(PORT)[-1]
    env = {k: v for k, v in os.environ.items() if k != "WAGTAILADMIN_BASE_URL"} | assignments
    out = subprocess.run(
        [sys.executable, "-c", LINKS], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    links = json.loads(out.strip().splitlines()[-1])
    base = f"http://127.0.0.1:{PORT}"
    assert links.pop("issuer") == f"did:web:127.0.0.1%3A{PORT}"
    origins = links.pop("origins")
    assert base in origins and f"http://localhost:{PORT}" in origins
    assert "http://localhost:8000" not in origins and "http://127.0.0.1:8000" not in origins
    for name, link in links.items():
        assert link.startswith(base), (name, link)


@pytest.fixture
def make_run_server(transactional_db, django_db_serialized_rollback) -> Iterator[str]:
    """The site under uvicorn with the options `make run` gives it (in a thread, port 0)."""
    import uvicorn
    from django.core.cache import caches
    from uvicorn.main import main as uvicorn_cli

    from config.asgi import application

    for cache in caches.all():
        cache.clear()
    _env, argv = _site_commands(PORT)[-1]
    options = uvicorn_cli.make_context("uvicorn", argv[1:]).params
    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=0,
        lifespan="off",
        log_level="warning",
        proxy_headers=options["proxy_headers"],
        forwarded_allow_ips=options["forwarded_allow_ips"],
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_spoofed_forwarded_for_under_make_run_changes_nothing(make_run_server):
    """The issue: each failure with a new X-Forwarded-For reset the per-address limit, and the
    spoofed address was written to the audit log as the client's."""
    UserFactory(email="aisha@launch.example")
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{make_run_server}/accounts/login/"
    browser.open(login).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")

    def attempt(password: str, spoofed: str) -> str:
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf, "username": "aisha@launch.example", "password": password}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (http only)
            login, data=data, headers={"X-Forwarded-For": spoofed, "Referer": login}
        )
        with browser.open(request) as response:
            return response.read().decode()

    for n in range(5):
        assert "Please enter a correct" in attempt("wrong", f"10.0.0.{n}")
    assert "Too many failed attempts" in attempt(PASSWORD, "10.9.9.9")
    assert set(AuditEvent.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}
