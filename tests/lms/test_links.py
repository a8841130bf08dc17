"""The one rule for absolute URLs (``lms.links``): the configured public base URL for
everything that leaves the request (emails, credentials), the request's own host only for
the page answering it."""

from django.test import RequestFactory

from evidence.badges import issuer as badge_issuer
from lms.links import absolute_url, public_base_url


def test_without_a_request_links_use_the_configured_base_never_the_host(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://launch.example/"
    assert public_base_url() == "https://launch.example"
    assert absolute_url("/learn/") == "https://launch.example/learn/"
    assert absolute_url("lms:dashboard") == "https://launch.example/learn/dashboard/"
    assert absolute_url("forums:topic", 7) == "https://launch.example/forums/topics/7/"
    assert absolute_url("https://elsewhere.example/x.png") == "https://elsewhere.example/x.png"
    # Credentials and their issuer are built outside any request: the configured base only.
    assert badge_issuer.credential_page_url("abc") == "https://launch.example/credentials/abc/"
    assert badge_issuer.issuer_did() == "did:web:launch.example"


def test_with_a_request_links_point_back_to_the_host_it_was_made_to(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://launch.example"
    settings.ALLOWED_HOSTS = ["calendar.example"]
    request = RequestFactory().get("/learn/calendar/", HTTP_HOST="calendar.example")
    assert public_base_url(request=request) == "http://calendar.example"
    assert absolute_url("/learn/", request=request) == "http://calendar.example/learn/"


def test_without_a_configured_base_a_link_is_its_path(settings):
    settings.WAGTAILADMIN_BASE_URL = ""
    assert absolute_url("lms:dashboard") == "/learn/dashboard/"
