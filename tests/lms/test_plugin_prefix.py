"""The plugin under any prefix: a host mounts ``launch.urls`` at ``programme/`` (and Wagtail's
pages at ``pages/``), and every link, form and script of the main pages follows."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.urls("tests.prefix_urls")]

ATTRIBUTE = re.compile(
    r'\s(?:href|action|src|hx-get|hx-post|ws-connect|data-[a-z-]*socket)="([^"]*)"'
)
ALLOWED = ("/programme/", "/pages/", settings.STATIC_URL, settings.MEDIA_URL)


def internal_links(html: str) -> list[str]:
    return [
        url for url in ATTRIBUTE.findall(html) if url.startswith("/") and not url.startswith("//")
    ]


def assert_prefixed(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    stray = [
        link for link in internal_links(response.content.decode()) if not link.startswith(ALLOWED)
    ]
    assert stray == [], f"{url}: {stray}"


def test_the_routes_sit_under_the_prefix():
    assert reverse("lms:dashboard") == "/programme/learn/dashboard/"
    assert reverse("accounts:login") == "/programme/accounts/login/"
    assert reverse("launch_sockets") == "/programme/ws/"


def test_login_page_under_the_prefix(client, world):
    assert_prefixed(client, reverse("accounts:login"))


def test_participant_pages_under_the_prefix(world):
    client = world.client_for("participant")
    for url in (
        reverse("lms:dashboard"),
        world.module.url,
        reverse("evidence:list"),
        reverse("forums:index"),
        reverse("coaching:index"),
    ):
        assert_prefixed(client, url)


def test_coordinator_pages_under_the_prefix(world):
    client = world.client_for("coordinator")
    for url in (
        reverse("lms:dashboard"),
        world.module.url,
        reverse("lms:cohorts"),
        reverse("lms:cohort_dashboard", args=[world.cohort.pk]),
        reverse("lms:cohort_people", args=[world.cohort.pk]),
        reverse("forums:index"),
    ):
        assert_prefixed(client, url)
