"""Every route x every role, against the policy table in tests/policy/."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lms.models import AuditEvent

from .policy import ALL_ROLES, POLICY, WATCHED

PREFIX_GROUPS = ("admin/", "documents/")


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in WATCHED)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route in PREFIX_GROUPS:
                yield f"prefix:{route}"
                continue
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from _walk(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else f"unnamed:{route}"


def test_every_route_has_a_policy_entry():
    routes = set(_walk(get_resolver().url_patterns))
    missing = sorted(routes - set(POLICY))
    assert not missing, f"routes without an entry in tests/policy/: {missing}"
    stale = sorted(set(POLICY) - routes)
    assert not stale, f"policy entries for routes that no longer exist: {stale}"


def _outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/login/" in location:
            return "login"
        return "redirect"
    return str(response.status_code)


@pytest.mark.parametrize("key", sorted(POLICY))
def test_policy(world, key):
    failures = []
    for check in POLICY[key]:
        for role in ALL_ROLES:
            client = world.client_for(role)
            path = check.path(world)
            data = check.data(world) if check.data else None
            before = _counts()
            response = client.post(path, data or {}) if check.method == "POST" else client.get(path)
            got = _outcome(response)
            if got != check.expected(role):
                failures.append(
                    f"{check.method} {path} as {role}: {got}, expected {check.expected(role)}"
                )
            if got in ("404", "403", "login", "405") and check.method == "POST":
                after = _counts()
                if after != before:
                    failures.append(f"{check.method} {path} as {role} changed data")
    assert not failures, "\n".join(failures)


def test_denied_access_is_audited(world):
    client = world.client_for("unenrolled")
    response = client.get(world.module.url)
    assert response.status_code == 404
    event = AuditEvent.objects.filter(action="access.denied").get()
    assert event.actor == world.users["unenrolled"]
    assert event.detail == {"what": "module", "id": str(world.module.pk)}
