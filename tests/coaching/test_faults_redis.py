"""Redis stops while a coach sends (scale-out profile, real Redis, two ASGI workers): the
message is saved, the coach's post gets no error page, and once Redis is back the
participant reconnects, catches up and receives it."""

import asyncio
import json
import os
import re
import subprocess
import time

import httpx
import pytest
import websockets
from django.db import connection

from coaching.models import FeedbackMessage

from .helpers import make_thread
from .test_scaleout import open_socket, receive_until, session_cookie
from .workers import asgi_workers

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]


def redis_port() -> str:
    return os.environ["TESTENV_REDIS_PORT"]


def stop_redis() -> None:
    subprocess.run(
        ["redis-cli", "-p", redis_port(), "shutdown", "nosave"],
        check=False,
        capture_output=True,
        timeout=10,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ping = subprocess.run(
            ["redis-cli", "-p", redis_port(), "ping"],
            capture_output=True,
            timeout=5,
            check=False,
        )
        if b"PONG" not in ping.stdout:
            return
        time.sleep(0.1)
    raise RuntimeError("redis did not stop")


def start_redis() -> None:
    subprocess.run(
        [
            os.environ["TESTENV_REDIS_SERVER"],
            "--port",
            redis_port(),
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
        ],
        check=True,
        capture_output=True,
        timeout=10,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ping = subprocess.run(
            ["redis-cli", "-p", redis_port(), "ping"],
            capture_output=True,
            timeout=5,
            check=False,
        )
        if b"PONG" in ping.stdout:
            return
        time.sleep(0.1)
    raise RuntimeError("redis did not start again")


def open_form(base: str, cookie: str, thread_id: int) -> tuple[str, str]:
    """The coach opens the thread page: the CSRF token of its form and the CSRF cookie."""
    with httpx.Client(base_url=base, headers={"Cookie": cookie}, timeout=30) as client:
        page = client.get(f"/coaching/threads/{thread_id}/")
        assert page.status_code == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return token, page.cookies.get("csrftoken", "")


def post_form(
    base: str, cookie: str, thread_id: int, form: tuple[str, str], body: str
) -> httpx.Response:
    """The no-JavaScript form post of the page opened with :func:`open_form`."""
    token, csrf_cookie = form
    with httpx.Client(base_url=base, timeout=30) as client:
        return client.post(
            f"/coaching/threads/{thread_id}/post/",
            data={"csrfmiddlewaretoken": token, "body": body},
            headers={"Cookie": f"{cookie}; csrftoken={csrf_cookie}", "Referer": base + "/"},
        )


def test_redis_down_while_the_coach_sends(world):
    thread = make_thread(world.users["participant"])
    participant_cookie = session_cookie(world.users["participant"])
    coach_cookie = session_cookie(world.users["coach"])
    path = f"/ws/coaching/threads/{thread.pk}/"

    with asgi_workers(2, database_name=connection.settings_dict["NAME"]) as (a, b):

        async def before() -> None:
            ws = await open_socket(a, path, participant_cookie)
            await ws.send(json.dumps({"type": "resume", "after": 0}))
            await asyncio.sleep(0.3)
            await ws.close()

        asyncio.run(before())
        form = open_form(b, coach_cookie, thread.pk)
        stop_redis()
        try:
            response = post_form(b, coach_cookie, thread.pk, form, "Sent while **Redis** was down")
        finally:
            start_redis()
        assert response.status_code == 302, response.text[:500]
        assert "#m-1" in response.headers["location"]
        saved = FeedbackMessage.objects.get(thread=thread)
        assert saved.seq == 1 and saved.author == world.users["coach"]

        async def after() -> list[str]:
            """Reconnect like the page does (retrying while the worker's layer recovers)."""
            deadline = time.monotonic() + 20
            while True:
                try:
                    ws = await open_socket(a, path, participant_cookie)
                    await ws.send(json.dumps({"type": "resume", "after": 0}))
                    got = await receive_until(ws, r"Sent while <strong>Redis</strong> was down")
                except (OSError, TimeoutError, websockets.exceptions.WebSocketException):
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.5)
                    continue
                await ws.close()
                return got

        got = asyncio.run(after())
        assert len(got) == 1 and 'data-seq="1"' in got[0]
