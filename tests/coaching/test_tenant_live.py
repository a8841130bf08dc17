"""Issue #14, item 2: the open sockets of a withdrawn coach close within 5 s."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from lms import coordination
from lms.models import Enrolment

from ..live_client import connect, resume
from .helpers import make_thread

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.asyncio,
]


@sync_to_async
def _thread(world):
    return make_thread(world.users["participant"])


@sync_to_async
def _withdraw_coach(world) -> None:
    enrolment = Enrolment.objects.get(user=world.users["coach"], role=Enrolment.Role.COACH)
    coordination.set_enrolment_status(
        actor=world.users["coordinator"],
        cohort_id=world.cohort.pk,
        enrolment_id=enrolment.pk,
        status=Enrolment.Status.WITHDRAWN,
    )


async def test_withdrawn_coach_socket_on_a_participants_thread_closes_within_five_seconds(
    world,
):
    thread = await _thread(world)
    ws, connected = await connect(world.users["coach"], f"/ws/coaching/threads/{thread.pk}/")
    assert connected
    await resume(ws, 0)
    assert await ws.receive_nothing(0.2)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await _withdraw_coach(world)
    output = await ws.receive_output(timeout=5)
    assert output["type"] == "websocket.close" and output.get("code") == 4403
    assert loop.time() - started < 5
