"""A push published from a thread whose event loop is running is delivered.

The browser tests create data in the thread where Playwright's loop runs, and a synchronous
callback can run on an ASGI server's loop in production: ``async_to_sync`` refuses to run in
such a thread, and every push from there used to be logged as failed and dropped.
"""

import asyncio
import logging

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from coaching import services
from coaching.live import thread_group
from lms import live

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def subscribe(group: str) -> str:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, channel)
    return channel


def receive(channel: str) -> dict:
    layer = get_channel_layer()

    async def _receive() -> dict:
        return await asyncio.wait_for(layer.receive(channel), 5)

    return async_to_sync(_receive)()


def test_a_message_posted_where_an_event_loop_runs_reaches_the_subscriber(
    world, thread, caplog, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls inside the loop thread
    channel = subscribe(thread_group(thread.pk))

    async def post_inside_the_loop():
        asyncio.get_running_loop()  # this thread's loop is running
        return services.post_message(
            actor=world.users["coach"], thread_id=thread.pk, body="From inside a loop"
        )

    with caplog.at_level(logging.WARNING, logger="lms.live"):
        message = asyncio.run(post_inside_the_loop())
    event = receive(channel)
    assert event["type"] == "coaching.message" and event["seq"] == message.seq
    assert "From inside a loop" in event["html"]["owner"]
    assert "live push" not in caplog.text


def test_send_now_from_a_running_loop_returns_true_and_delivers():
    channel = subscribe("tests.loop")

    async def send_inside_the_loop() -> bool:
        return live.send_now("tests.loop", {"type": "tests.ping", "n": 1})

    assert asyncio.run(send_inside_the_loop()) is True
    assert receive(channel) == {"type": "tests.ping", "n": 1}
