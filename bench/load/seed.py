"""The load test's dataset, added to the seeded demo in a child Django process.

Two more cohorts of the demo organisation with ``PARTICIPANTS`` participants each and one
coach per ``COACH_RATIO`` participants; every participant has progress, a reflection on the
first module with a feedback thread (a few messages in it), and the cohort forums get topics
with replies. Sessions are made directly (the login form is rate-limited), and everything the
Locust users need (session keys, ids, urls) is written to a JSON file.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

PARTICIPANTS = 100
COHORTS = 2
COACH_RATIO = 10
TOPICS_PER_FORUM = 8
PASSWORD = "!"  # noqa: S105 - an unusable password: these people sign in by session only


def _session(user) -> str:  # type: ignore[no-untyped-def]
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "lms.accounts.backends.EmailBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    assert store.session_key is not None
    return store.session_key


def populate(out: Path) -> dict:
    """Create the load-test people and objects; write and return the fixture for Locust."""
    from django.utils import timezone

    from coaching.models import FeedbackMessage, FeedbackThread
    from forums import services as forum_services
    from forums.models import Forum
    from lms.models import (
        Cohort,
        Enrolment,
        ModulePage,
        ModuleProgress,
        Reflection,
        User,
    )
    from lms.people import update_profile
    from lms.services import enrol_user

    demo = Cohort.objects.get(name="Piedmont Regional Cohort")
    modules = list(ModulePage.objects.live().child_of(demo.programme).order_by("path"))
    coordinator = User.objects.get(email="coordinator@launch.example")
    now = timezone.now()
    fixture: dict = {
        "modules": [{"id": m.pk, "url": m.url} for m in modules],
        "participants": [],
        "coaches": [],
        "coordinators": [],
    }
    for c in range(COHORTS):
        cohort = Cohort.objects.create(
            name=f"Load cohort {c + 1}",
            programme_id=demo.programme_id,
            organisation_id=demo.organisation_id,
            kind=Cohort.Kind.REGIONAL,
            starts_on=demo.starts_on,
            ends_on=demo.ends_on,
            seat_limit=PARTICIPANTS,
            status=Cohort.Status.RUNNING,
        )
        enrol_user(actor=None, cohort=cohort, user=coordinator, role=Enrolment.Role.COORDINATOR)
        forum_services.ensure_forums(cohort=cohort)
        forum = Forum.objects.get(kind=Forum.Kind.COHORT, cohort=cohort)
        coaches = []
        for k in range(PARTICIPANTS // COACH_RATIO):
            coach = User.objects.create(
                email=f"load-coach{c}-{k}@load.example",
                first_name=f"Coach{k}",
                last_name=f"Cohort{c}",
                password=PASSWORD,
            )
            enrol_user(actor=None, cohort=cohort, user=coach, role=Enrolment.Role.COACH)
            coaches.append({"coach": coach, "threads": []})
        people = []
        for i in range(PARTICIPANTS):
            user = User.objects.create(
                email=f"load{c}-{i}@load.example",
                first_name=f"Load{i:03d}",
                last_name=f"Participant{c}",
                password=PASSWORD,
            )
            update_profile(
                user, school="Load Test School", last_activity_at=now - timedelta(days=i % 20)
            )
            slot = coaches[i % len(coaches)]
            enrol_user(
                actor=None,
                cohort=cohort,
                user=user,
                role=Enrolment.Role.PARTICIPANT,
                coach=slot["coach"],
            )
            done = i % (len(modules) + 1)
            for j, module in enumerate(modules):
                if j < done:
                    status = ModuleProgress.Status.COMPLETED
                elif j == done:
                    status = ModuleProgress.Status.IN_PROGRESS
                else:
                    break
                ModuleProgress.objects.create(
                    user=user,
                    module=module,
                    status=status,
                    started_at=now - timedelta(days=30 - j),
                    completed_at=now - timedelta(days=28 - j)
                    if status == ModuleProgress.Status.COMPLETED
                    else None,
                )
            reflection = Reflection.objects.create(
                user=user, module=modules[0], text="My first reflection for the load test."
            )
            thread = FeedbackThread.objects.create(
                participant=user, cohort=cohort, reflection=reflection
            )
            for seq, author in enumerate((user, slot["coach"], user), start=1):
                FeedbackMessage.objects.create(
                    thread=thread,
                    author=author,
                    seq=seq,
                    body=f"Message {seq} of the seed.",
                    html=f"<p>Message {seq} of the seed.</p>",
                )
            FeedbackThread.objects.filter(pk=thread.pk).update(last_seq=3)
            slot["threads"].append(thread.pk)
            people.append(user)
        topics = [
            forum_services.create_topic(
                actor=people[t],
                forum_id=forum.pk,
                title=f"How do you plan module {t + 1}?",
                body="Share how your team works on this module.",
            ).pk
            for t in range(TOPICS_PER_FORUM)
        ]
        for n, user in enumerate(people[:40]):
            forum_services.post_reply(
                actor=user, topic_id=topics[n % len(topics)], body=f"Reply {n} from the seed."
            )
        for user in people:
            fixture["participants"].append({"session": _session(user), "topics": topics})
        for slot in coaches:
            fixture["coaches"].append(
                {"session": _session(slot["coach"]), "threads": slot["threads"]}
            )
        fixture["coordinators"].append(
            {"session": _session(coordinator), "cohorts": [demo.pk, cohort.pk]}
        )
    out.write_text(json.dumps(fixture))
    return fixture


if __name__ == "__main__":
    import django

    django.setup()
    populate(Path(sys.argv[1]))
