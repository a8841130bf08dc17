"""Issue #14, item 3: one login throttle for every login path (the site's and the Wagtail
admin's), keyed per account and address plus per address, and proxy headers believed only
from configured proxies (tests set LAUNCH_LOGIN_RATE_LIMIT to 5)."""

import pytest
from django.core.cache import cache
from django.test import Client

from lms.http import client_address
from lms.models import AuditEvent

from ..factories import PASSWORD, UserFactory

THROTTLED = "Too many failed attempts"


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _admin(email="admin@launch.example"):
    return UserFactory(email=email, is_superuser=True, is_staff=True)


def _post(client, path, email, password):
    return client.post(path, {"username": email, "password": password})


def test_admin_login_takes_no_more_wrong_passwords_than_the_site_login(db):
    """The issue: 15 wrong passwords for admin@ at /admin/login/, then the right one worked."""
    _admin()
    client = Client()
    for _ in range(15):
        response = _post(client, "/admin/login/", "admin@launch.example", "wrong")
        assert response.status_code == 200
    response = _post(client, "/admin/login/", "admin@launch.example", PASSWORD)
    assert response.status_code == 200 and THROTTLED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.failed").count() == 5
    assert AuditEvent.objects.filter(action="login.throttled").count() == 11


@pytest.mark.parametrize(
    ("locked_at", "then_at"),
    [("/accounts/login/", "/admin/login/"), ("/admin/login/", "/accounts/login/")],
)
def test_a_lock_made_on_one_login_form_holds_on_the_other(db, locked_at, then_at):
    _admin()
    client = Client()
    for _ in range(5):
        _post(client, locked_at, "admin@launch.example", "wrong")
    response = _post(client, then_at, "admin@launch.example", PASSWORD)
    assert THROTTLED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_refuses_people_who_may_not_use_the_admin_and_makes_no_session(db):
    UserFactory(email="jordan@launch.example")
    client = Client()
    response = _post(client, "/admin/login/", "jordan@launch.example", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/learn/dashboard/").status_code == 302  # not signed in on the site
    # Staff still sign in there.
    _admin()
    response = _post(Client(), "/admin/login/", "admin@launch.example", PASSWORD)
    assert response.status_code == 302


def test_failures_from_another_address_do_not_lock_the_owner_out(db):
    """Anyone could lock a known email out for 15 minutes: now only from their own address."""
    user = UserFactory(email="maria@launch.example")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(12):
        _post(attacker, "/accounts/login/", "maria@launch.example", "wrong")
    assert THROTTLED in _post(attacker, "/accounts/login/", user.email, PASSWORD).content.decode()
    owner = Client(REMOTE_ADDR="198.51.100.7")
    response = _post(owner, "/accounts/login/", "maria@launch.example", PASSWORD)
    assert response.status_code == 302 and owner.session["_auth_user_id"] == str(user.pk)


def test_one_address_trying_many_accounts_is_stopped(db, settings):
    settings.LAUNCH_LOGIN_RATE_LIMIT_PER_ADDRESS = 8
    UserFactory(email="tyrone@launch.example")
    sprayer = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(8):
        _post(sprayer, "/accounts/login/", f"person{n}@launch.example", "Spring2026!")
    response = _post(sprayer, "/admin/login/", "tyrone@launch.example", PASSWORD)
    assert THROTTLED in response.content.decode()
    response = _post(
        Client(REMOTE_ADDR="198.51.100.7"), "/accounts/login/", "tyrone@launch.example", PASSWORD
    )
    assert response.status_code == 302


def test_case_and_spaces_in_the_email_do_not_reset_the_count(db):
    UserFactory(email="sam@launch.example")
    client = Client()
    for variant in [
        "sam@launch.example",
        "SAM@launch.example",
        " Sam@Launch.Example ",
        "sAm@launch.EXAMPLE",
        "sam@LAUNCH.example",
    ]:
        _post(client, "/accounts/login/", variant, "wrong")
    assert (
        THROTTLED
        in _post(client, "/accounts/login/", "sam@launch.example", PASSWORD).content.decode()
    )


def test_a_spoofed_forwarded_for_neither_resets_the_limit_nor_reaches_the_audit_log(db):
    UserFactory(email="aisha@launch.example")
    client = Client(REMOTE_ADDR="127.0.0.1")
    for n in range(5):
        client.post(
            "/accounts/login/",
            {"username": "aisha@launch.example", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "aisha@launch.example", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert THROTTLED in response.content.decode()
    addresses = set(AuditEvent.objects.values_list("ip_address", flat=True))
    assert addresses == {"127.0.0.1"}


def test_a_configured_proxy_is_believed_for_the_hop_it_adds_only(db, settings):
    settings.LAUNCH_TRUSTED_PROXIES = ["127.0.0.1", "10.1.0.0/16"]
    UserFactory(email="aisha@launch.example")
    client = Client(REMOTE_ADDR="127.0.0.1")
    client.post(
        "/accounts/login/",
        {"username": "aisha@launch.example", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.1.2.3",
    )
    assert AuditEvent.objects.get(action="login.failed").ip_address == "203.0.113.9"


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "expected"),
    [
        ("198.51.100.7", "6.6.6.6", [], "198.51.100.7"),
        ("198.51.100.7", "6.6.6.6", ["127.0.0.1"], "198.51.100.7"),
        ("127.0.0.1", "6.6.6.6, 203.0.113.9", ["127.0.0.1"], "203.0.113.9"),
        ("127.0.0.1", "203.0.113.9:5555", ["127.0.0.1"], "203.0.113.9"),
        ("127.0.0.1", "[2001:db8::1]:443", ["127.0.0.1"], "2001:db8::1"),
        ("127.0.0.1", "garbage, 203.0.113.9", ["127.0.0.1"], "203.0.113.9"),
        ("127.0.0.1", "203.0.113.9, garbage", ["127.0.0.1"], "127.0.0.1"),
        ("127.0.0.1", "10.0.0.2, 10.0.0.1", ["127.0.0.1", "10.0.0.0/8"], "10.0.0.2"),
        ("127.0.0.1", "", ["127.0.0.1"], "127.0.0.1"),
    ],
)
def test_client_address(remote, forwarded, trusted, expected):
    assert client_address(remote, forwarded, trusted) == expected
