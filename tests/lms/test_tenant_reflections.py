"""Issue #14, item 15: coaches read their participants' reflections without a thread, each
in the cohort where it was written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lms.models import Enrolment

from ..factories import UserFactory, enrol, make_cohort, make_module

# Outbox side effects (emails, import batches) run inline in both profiles.
pytestmark = pytest.mark.usefixtures("eager_celery")

PAGE = "/learn/coach/reflections/"
#: Warm: the user, and the reflections with their author, module and cohort.
REFLECTIONS_PAGE_BUDGET = 2


def _write(world, user, module, text: str) -> None:
    client = world.client_for("anonymous")
    client.force_login(user)
    response = client.post(f"/learn/modules/{module.pk}/reflection/", {"text": text})
    assert response.status_code == 302


def test_coach_reads_reflections_without_a_thread_scoped_to_the_cohort(world):
    participant = world.users["participant"]
    _write(world, participant, world.module, "Our data team met twice.")
    page = world.client_for("coach").get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Our data team met twice." in html and world.cohort.name in html
    assert f"/coaching/reflections/{participant.reflections.get().pk}/thread/" in html
    # Another coach, even one who coaches the same person in another cohort, sees nothing of
    # what was written in this cohort.
    later = make_cohort(world.programme, world.org, name="A again")
    second = UserFactory(email="second-coach@a.example")
    enrol(second, later, Enrolment.Role.COACH)
    enrol(participant, later, coach=second)
    client = world.client_for("anonymous")
    client.force_login(second)
    assert "Our data team met twice." not in client.get(PAGE).content.decode()
    assert "Our data team" not in world.client_for("other_coach").get(PAGE).content.decode()
    assert world.client_for("participant").get(PAGE).status_code == 404


def test_a_withdrawn_coach_reads_no_reflections(world):
    _write(world, world.users["participant"], world.module, "Private notes.")
    Enrolment.objects.filter(user=world.users["coach"], role="coach").update(status="withdrawn")
    assert world.client_for("coach").get(PAGE).status_code == 404


def _count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(PAGE)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_reflections_page_same_queries_for_1_and_20_reflections(world):
    client = world.client_for("coach")
    _write(world, world.users["participant"], world.module, "One.")
    client.get(PAGE)  # the user's access context, cached from then on
    small = _count(client)
    for i in range(19):
        person = UserFactory()
        enrol(person, world.cohort, coach=world.users["coach"])
        _write(world, person, world.module if i % 2 else make_module(world.programme), f"R{i}")
    client.get(PAGE)
    assert _count(client) == small <= REFLECTIONS_PAGE_BUDGET
