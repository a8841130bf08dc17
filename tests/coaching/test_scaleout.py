"""Delivery across two ASGI worker processes through channels-redis (scale-out profile): a
participant's socket on worker A receives what the coach posts through worker B."""

import asyncio
import json
import re

import pytest
from django.db import connection
from django.test import Client

from coaching.models import FeedbackMessage

from .helpers import make_thread
from .workers import asgi_workers

pytestmark = [pytest.mark.scaleout, pytest.mark.django_db(transaction=True)]


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


async def open_socket(base: str, path: str, cookie: str):
    import websockets

    url = base.replace("http://", "ws://") + path
    return await websockets.connect(url, origin=base, additional_headers={"Cookie": cookie})


async def receive_until(ws, pattern: str, timeout: float = 5.0) -> list[str]:
    """Messages until one matches ``pattern`` (stored items only: with a live cursor)."""
    got: list[str] = []
    async with asyncio.timeout(timeout):
        while True:
            text = await ws.recv()
            if 'id="live-cursor"' in text:
                got.append(text)
            if re.search(pattern, text):
                return got


def test_two_workers_deliver_across_processes(world):
    assert connection.vendor == "postgresql"
    thread = make_thread(world.users["participant"])
    participant_cookie = session_cookie(world.users["participant"])
    coach_cookie = session_cookie(world.users["coach"])
    path = f"/ws/coaching/threads/{thread.pk}/"

    async def scenario(a: str, b: str) -> None:
        participant = await open_socket(a, path, participant_cookie)
        coach = await open_socket(b, path, coach_cookie)
        await participant.send(json.dumps({"type": "resume", "after": 0}))
        await coach.send(json.dumps({"type": "resume", "after": 0}))
        await asyncio.sleep(0.3)
        await coach.send(json.dumps({"type": "post", "body": "Across **workers**"}))
        got = await receive_until(participant, r"Across <strong>workers</strong>")
        assert len(got) == 1 and 'data-seq="1"' in got[0]
        await participant.send(json.dumps({"type": "post", "body": "Back to you"}))
        got = await receive_until(coach, r"Back to you")
        assert 'data-seq="2"' in got[-1]
        await participant.close()
        await coach.close()

    with asgi_workers(2, database_name=connection.settings_dict["NAME"]) as (a, b):
        asyncio.run(scenario(a, b))
    assert list(FeedbackMessage.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2]
