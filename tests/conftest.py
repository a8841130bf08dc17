"""Shared fixtures: a programme with modules, and a world with every role of the matrix."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from evidence.credentials import generate_signing_key
from lms.models import Cohort, Enrolment, ModulePage, Organisation, ProgramPage, User

from .factories import (
    UserFactory,
    enrol,
    make_cohort,
    make_coordinator,
    make_module,
    make_programme,
)

# The issuer's signing key for this test process (production reads it from the environment or
# a secret file, see evidence.keys); never written to the database.
os.environ.setdefault("LAUNCH_ISSUER_KEY", generate_signing_key().secret_multibase())


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After an async test, close the database connection of the thread that ran its
    consumers' synchronous code (asgiref's single thread for thread-sensitive calls): left
    open, it kept the PostgreSQL test database busy when the run tried to drop it."""
    if item.get_closest_marker("asyncio") is None:
        return
    import asyncio

    from asgiref.sync import sync_to_async
    from django.db import connections

    asyncio.run(sync_to_async(connections.close_all)())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every transactional test restores the rows the migrations made (serialized rollback).

    A transactional test empties every table afterwards. Without serialized rollback that
    flush also drops the standards, Wagtail's root page and the editor group for every later
    test, and re-creates content types under new ids, so that a later serialized test
    collides with them. pytest-django runs transactional tests last, in collection order.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker is not None
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
        fixtures = getattr(item, "fixturenames", None)
        if (
            fixtures is not None
            and "transactional_db" in fixtures
            and "django_db_serialized_rollback" not in fixtures
        ):
            fixtures.append("django_db_serialized_rollback")


@pytest.fixture
def programme(db) -> ProgramPage:
    return make_programme()


@pytest.fixture
def module(programme) -> ModulePage:
    return make_module(programme, title="Root-cause analysis", standards=[1, 3])


@dataclass
class World:
    programme: ProgramPage
    module: ModulePage
    org: Organisation
    other_org: Organisation
    cohort: Cohort
    other_cohort: Cohort
    users: dict[str, User | None]
    extra: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, make: Callable[["World"], Any]) -> Any:
        """``make(world)`` the first time ``key`` is asked for, the same object afterwards
        (for policy checks that need an object, e.g. a submission, made on demand)."""
        if key not in self.extra:
            self.extra[key] = make(self)
        return self.extra[key]

    def client_for(self, role: str) -> Client:
        client = Client()
        user = self.users[role]
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def world(db) -> World:
    """Two organisations with a cohort each, and one user per role of the policy matrix."""
    programme = make_programme()
    module = make_module(programme, title="Root-cause analysis", standards=[1, 3])
    make_module(programme, title="Data dialogues", standards=[2])
    org, other_org = (
        Organisation.objects.create(name="Org A", kind="district"),
        Organisation.objects.create(name="Org B", kind="district"),
    )
    cohort = make_cohort(programme, org, name="Cohort A")
    other_cohort = make_cohort(programme, other_org, name="Cohort B")
    coach, other_coach = UserFactory(email="coach@a.example"), UserFactory(email="coach@b.example")
    enrol(coach, cohort, Enrolment.Role.COACH)
    enrol(other_coach, other_cohort, Enrolment.Role.COACH)
    participant = UserFactory(email="participant@a.example")
    enrol(participant, cohort, coach=coach)
    other_participant = UserFactory(email="participant@b.example")
    enrol(other_participant, other_cohort, coach=other_coach)
    reviewer = UserFactory(email="reviewer@x.example")
    enrol(reviewer, cohort, Enrolment.Role.REVIEWER)
    editor = UserFactory(email="editor@launch.example")
    editor.groups.add(Group.objects.get(name="Editors"))
    superuser = UserFactory(email="root@launch.example", is_superuser=True, is_staff=True)
    users = {
        "anonymous": None,
        "participant": participant,
        "other_participant": other_participant,
        "coach": coach,
        "other_coach": other_coach,
        "coordinator": make_coordinator(org),
        "other_coordinator": make_coordinator(other_org),
        "reviewer": reviewer,
        "editor": editor,
        "superuser": superuser,
        "unenrolled": UserFactory(email="nobody@x.example"),
    }
    return World(programme, module, org, other_org, cohort, other_cohort, users)


@pytest.fixture
def eager_celery():
    """Run Celery tasks inline in both profiles, for tests that read what a task sends (the
    scale-out profile otherwise hands tasks to a broker no worker listens to in the test)."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def pg_tools(monkeypatch):
    """Backups and restores find PostgreSQL's binaries (pg_dump, pg_restore) where the
    scale-out harness says they are."""
    if os.environ.get("TESTENV_PG_BINDIR"):
        monkeypatch.setenv("PG_BINDIR", os.environ["TESTENV_PG_BINDIR"])


@pytest.fixture
def site_files(settings, tmp_path):
    """The site's file trees in the test's own folder: backups and restores replace them, so
    never the work tree's var/test-* that other test runs use."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LAUNCH_PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
