"""Locust users of the load test: participants, coaches and coordinators (no-JS flows).

Reads the fixture written by ``bench.load.seed`` (path in ``LOAD_FIXTURE``); the numbers of
coaches and coordinators are fixed (``LOAD_COACHES``, ``LOAD_COORDINATORS``) and every other
Locust user is a participant.
Every user signs in by a prepared session cookie and thinks 2-6 s between actions.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

FIXTURE = json.loads(Path(os.environ["LOAD_FIXTURE"]).read_text())
COACHES = int(os.environ.get("LOAD_COACHES", "1"))
COORDINATORS = int(os.environ.get("LOAD_COORDINATORS", "1"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
THINK = between(2, 6)

_people = itertools.cycle(FIXTURE["participants"])
_coaches = itertools.cycle(FIXTURE["coaches"])
_coordinators = itertools.cycle(FIXTURE["coordinators"])


class SignedIn(HttpUser):
    abstract = True
    wait_time = THINK

    def sign_in(self, session: str) -> None:
        self.client.cookies.set("sessionid", session)

    def form_post(self, page: str, action: str, data: dict, name: str) -> None:
        """Open ``page``, take its CSRF token, post ``data`` to ``action`` (redirect followed)."""
        with self.client.get(page, name=name + " [page]", catch_response=True) as response:
            match = CSRF.search(response.text)
            if response.status_code != 200 or match is None:
                response.failure(f"no form on {page} ({response.status_code})")
                return
        data = {"csrfmiddlewaretoken": match.group(1), **data}
        with self.client.post(
            action, data=data, name=name, headers={"Referer": self.host + page},
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 200 or "could not be" in response.text:
                response.failure(f"post to {action} gave {response.status_code}")


class Participant(SignedIn):
    """Reads modules and the dashboard, saves reflections, reads and replies in the forum."""

    weight = 1

    def on_start(self) -> None:
        me = next(_people)
        self.topics = me["topics"]
        self.sign_in(me["session"])

    @task(6)
    def module(self) -> None:
        self.client.get(random.choice(FIXTURE["modules"])["url"], name="module page")

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/learn/dashboard/", name="participant dashboard")

    @task(1)
    def reflection(self) -> None:
        module = random.choice(FIXTURE["modules"])
        self.form_post(
            module["url"],
            f"/learn/modules/{module['id']}/reflection/",
            {"text": f"Reflection written under load, {random.random():.6f}."},
            "save reflection",
        )

    @task(2)
    def topic(self) -> None:
        self.client.get(f"/forums/topics/{random.choice(self.topics)}/", name="forum topic")

    @task(1)
    def forum_reply(self) -> None:
        topic = random.choice(self.topics)
        self.form_post(
            f"/forums/topics/{topic}/",
            f"/forums/topics/{topic}/reply/",
            {"body": f"A reply under load, {random.random():.6f}."},
            "forum reply",
        )


class Coach(SignedIn):
    """Opens the queue and threads of their participants and sends feedback."""

    fixed_count = COACHES

    def on_start(self) -> None:
        me = next(_coaches)
        self.threads = me["threads"]
        self.sign_in(me["session"])

    @task(3)
    def queue(self) -> None:
        self.client.get("/coaching/queue/", name="coach queue")

    @task(3)
    def thread(self) -> None:
        self.client.get(f"/coaching/threads/{random.choice(self.threads)}/", name="feedback thread")

    @task(2)
    def feedback(self) -> None:
        thread = random.choice(self.threads)
        self.form_post(
            f"/coaching/threads/{thread}/",
            f"/coaching/threads/{thread}/post/",
            {"body": f"Feedback sent under load, {random.random():.6f}."},
            "send feedback",
        )


class Coordinator(SignedIn):
    """Opens the cohort dashboards of the organisation."""

    fixed_count = COORDINATORS

    def on_start(self) -> None:
        me = next(_coordinators)
        self.cohorts = me["cohorts"]
        self.sign_in(me["session"])

    @task
    def cohort_dashboard(self) -> None:
        self.client.get(f"/learn/cohorts/{random.choice(self.cohorts)}/", name="cohort dashboard")
