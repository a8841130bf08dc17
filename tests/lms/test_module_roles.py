"""The module page shows each role what it can do there, and no link on it leads nowhere.

Issue #14, item 11: coaches, coordinators, reviewers and staff saw "Submit evidence for
standard N" and got a 404 when they followed it.
"""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from launch_demo.seed import DEMO_PASSWORD
from lms.models import ModulePage, User

MODULE_SLUG = "diagnosing-performance-root-causes"  # has an evidence prompt for standard 2

# What each demo login must see on the module page, and must not.
ROLES = {
    "jordan@launch.example": (
        ["Submit evidence for standard", "Mark this module complete"],
        ["See your participants' evidence", "Edit this module"],
    ),
    "coach@launch.example": (
        ["See your participants' evidence", "Feedback your participants are waiting for"],
        ["Submit evidence for standard", "Mark this module complete"],
    ),
    "reviewer@launch.example": (
        ["Evidence waiting for your review"],
        ["Submit evidence for standard", "See your participants' evidence"],
    ),
    "coordinator@launch.example": (
        ["on its dashboard"],
        ["Submit evidence for standard", "Evidence waiting for your review"],
    ),
    "admin@launch.example": (
        ["Edit this module", "Evidence waiting for review"],
        ["Submit evidence for standard", "Mark this module complete"],
    ),
}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _internal_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return sorted(
        {h.split("#")[0] for h in parser.hrefs if h.startswith("/") and not h.startswith("//")}
        - {""}
    )


@pytest.fixture
def demo(db) -> ModulePage:
    call_command("seed_demo", stdout=StringIO())
    return ModulePage.objects.get(slug=MODULE_SLUG)


@pytest.mark.parametrize("email", list(ROLES))
def test_each_role_sees_its_own_actions_and_every_link_opens(demo, email):
    client = Client()
    assert client.login(email=email, password=DEMO_PASSWORD)
    response = client.get(demo.url)
    assert response.status_code == 200
    html = response.content.decode()
    shown, hidden = ROLES[email]
    for text in shown:
        assert text in html, f"{email} should see {text!r}"
    for text in hidden:
        assert text not in html, f"{email} should not see {text!r}"
    links = _internal_links(html)
    assert "/learn/standards/" in links
    broken = {}
    for href in links:
        followed = client.get(href, follow=True)
        if followed.status_code != 200:
            broken[href] = followed.status_code
    assert broken == {}, f"{email} gets errors from links on the module page: {broken}"


def test_the_participant_submit_link_preselects_the_standard(demo):
    client = Client()
    client.force_login(User.objects.get(email="jordan@launch.example"))
    html = client.get(demo.url).content.decode()
    standard = demo.body[[b.block_type for b in demo.body].index("evidence_prompt")].value[
        "standard"
    ]
    assert f'href="/evidence/new/?standard={standard.pk}"' in html
    page = client.get(f"/evidence/new/?standard={standard.pk}").content.decode()
    assert re.search(rf'name="standards" value="{standard.pk}"[^>]* checked', page)
