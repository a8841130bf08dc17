"""Issue #14, item 7: an integer too large for the database (SQLite raised OverflowError) is a
404 in a URL and a form error in a form, never a 500."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from evidence.models import Submission
from forums.models import Forum
from lms.converters import IdConverter

HUGE = "99999999999999999999999"
SAMPLES = {"str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}
PARAM = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>\w+)>")


def _routes_with_integers() -> list[str]:
    """Every route of the URL map with an ``<id:...>`` or ``<int:...>`` part, HUGE in it."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            if not isinstance(entry.pattern, RoutePattern):
                continue  # regular expressions (Wagtail's page tree) take no integer part
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                converters = entry.pattern.converters
                if any(isinstance(c, IntConverter | IdConverter) for c in converters.values()):
                    found.append(route)

    walk(get_resolver().url_patterns, "/")

    def fill(match: re.Match) -> str:
        kind = match.group("kind") or "str"
        return HUGE if kind in {"int", "id"} else SAMPLES.get(kind, "x")

    return sorted({PARAM.sub(fill, route) for route in found})


def test_the_walk_covers_every_app():
    paths = _routes_with_integers()
    for prefix in ("/learn/cohorts/", "/evidence/", "/coaching/", "/forums/", "/admin/"):
        assert any(p.startswith(prefix) for p in paths), prefix
    assert f"/learn/cohorts/{HUGE}/" in paths and f"/learn/cohorts/{HUGE}/export.csv" in paths


@pytest.mark.parametrize("role", ["superuser", "participant"])
def test_every_url_with_an_integer_answers_an_out_of_range_one_without_a_500(world, role):
    client = world.client_for(role)
    client.raise_request_exception = False
    failures = []
    for path in _routes_with_integers():
        for method in (client.get, client.post):
            response = method(path)
            if response.status_code >= 500:
                failures.append(f"{method.__name__.upper()} {path}: {response.status_code}")
    assert failures == []


def test_an_out_of_range_id_in_a_url_is_a_404(world):
    client = world.client_for("superuser")
    for path in (f"/learn/cohorts/{HUGE}/", f"/learn/cohorts/{HUGE}/export.csv"):
        assert client.get(path).status_code == 404
    # The largest id that fits still reaches the view (and finds nothing).
    assert client.get(f"/learn/cohorts/{2**63 - 1}/").status_code == 404


def _form_posts(world) -> list[tuple[str, str, dict]]:
    cohort = world.cohort
    coach = world.users["coach"]
    enrolment = cohort.enrolments.get(user=world.users["participant"])
    forum = Forum.objects.get(kind="cohort", cohort=cohort)
    cohort_form = {
        "name": "Spring cohort",
        "programme": world.programme.pk,
        "organisation": world.org.pk,
        "kind": "regional",
        "starts_on": "2027-01-10",
        "ends_on": "2027-06-10",
        "seat_limit": 25,
        "status": "planned",
    }
    session_form = {
        "title": "Kick-off",
        "kind": "in_person",
        "zone": "America/New_York",
        "starts_at": "2027-02-01T09:00",
        "ends_at": "2027-02-01T10:00",
    }
    return [
        ("participant", "/evidence/new/", {"title": "Mine", "standards": [HUGE]}),
        ("coordinator", "/learn/cohorts/new/", {**cohort_form, "programme": HUGE}),
        ("coordinator", "/learn/cohorts/new/", {**cohort_form, "organisation": HUGE}),
        ("coordinator", "/learn/cohorts/new/", {**cohort_form, "seat_limit": HUGE}),
        ("coordinator", f"/learn/cohorts/{cohort.pk}/edit/", {**cohort_form, "programme": HUGE}),
        (
            "coordinator",
            f"/learn/cohorts/{cohort.pk}/people/coach/",
            {"coach": HUGE, "enrolment": [enrolment.pk]},
        ),
        (
            "coordinator",
            f"/learn/cohorts/{cohort.pk}/people/coach/",
            {"coach": coach.pk, "enrolment": [HUGE]},
        ),
        (
            "coordinator",
            f"/learn/cohorts/{cohort.pk}/sessions/new/",
            {**session_form, "module": HUGE},
        ),
        ("coordinator", f"/learn/cohorts/{cohort.pk}/?coach={HUGE}&standard={HUGE}", None),
        (
            "participant",
            f"/forums/{forum.pk}/topics/new/",
            {"title": "Hello", "body": "Hi", "standards": [HUGE]},
        ),
        ("participant", "/forums/share/", {"standard": HUGE, "body": "Look"}),
    ]


def test_out_of_range_integers_in_forms_are_form_errors(world):
    failures = []
    for role, path, data in _form_posts(world):
        client = world.client_for(role)
        client.raise_request_exception = False
        response = client.get(path) if data is None else client.post(path, data)
        if response.status_code >= 500:
            failures.append(f"{role} {path} {data}: {response.status_code}")
        elif data is not None:
            assert response.status_code in {200, 302, 400, 404}, (path, response.status_code)
    assert failures == []
    assert not Submission.objects.filter(title="Mine").exists()
