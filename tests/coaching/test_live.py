"""Live delivery of coaching through the real ASGI application (origin check, session auth,
routing, consumers) with Channels' WebsocketCommunicator.

Writes go through the services in a thread (``sync_to_async``) so that they commit and the
``on_commit`` pushes run, as they would in a request.
"""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from coaching import services
from coaching.models import FeedbackMessage, FeedbackThread
from lms.models import Enrolment

from ..live_client import TIMEOUT, connect, receive_all, resume, seqs, session_cookie
from .helpers import make_thread

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.asyncio,
]


def items(messages: list[str]) -> list[str]:
    """The stored items among the messages (presence and typing notices left out)."""
    return [m for m in messages if 'id="live-cursor"' in m]


@sync_to_async
def say(world, role: str, thread: FeedbackThread, body: str, anchor: str = "") -> FeedbackMessage:
    return services.post_message(
        actor=world.users[role], thread_id=thread.pk, body=body, anchor=anchor
    )


@sync_to_async
def last_seq(thread: FeedbackThread) -> int:
    return FeedbackThread.objects.get(pk=thread.pk).last_seq


@pytest.fixture
def live_thread(world):
    return make_thread(world.users["participant"])


def path_of(thread) -> str:
    return f"/ws/coaching/threads/{thread.pk}/"


async def test_message_from_the_coach_reaches_the_participant(world, live_thread):
    ws, connected = await connect(world.users["participant"], path_of(live_thread))
    assert connected
    await resume(ws, 0)
    assert await ws.receive_nothing(0.2)
    await say(world, "coach", live_thread, "Look at **section 2**", anchor="student")
    got = items(await receive_all(ws))
    assert len(got) == 1 and "<strong>section 2</strong>" in got[0]
    assert "beforeend:#part-student-notes" in got[0]
    assert seqs(got) == [1]
    await ws.disconnect()


async def test_presence_and_typing_are_live_and_not_stored(world, live_thread):
    p, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(p, 0)
    await p.send_json_to({"type": "here"})
    c, _ = await connect(world.users["coach"], path_of(live_thread))
    await resume(c, 0)
    await c.send_json_to({"type": "here"})
    seen_by_participant = await receive_all(p)
    assert any("Your coach" in m and "is here" in m for m in seen_by_participant)
    seen_by_coach = await receive_all(c)
    assert sum("is here" in m for m in seen_by_coach) == 1  # the participant answered
    await c.send_json_to({"type": "here"})  # announcing twice is a protocol error
    assert "CLOSED 1008" in await receive_all(c)
    c, _ = await connect(world.users["coach"], path_of(live_thread))
    await resume(c, 0)
    await c.send_json_to({"type": "here"})
    await receive_all(p)
    await c.send_json_to({"type": "typing"})
    assert any("is writing" in m for m in await receive_all(p))
    await c.disconnect()
    assert any("innerHTML:#presence" in m for m in await receive_all(p))  # "left": cleared
    assert await sync_to_async(FeedbackMessage.objects.count)() == 0
    await p.disconnect()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("participant", True),
        ("coach", True),
        ("editor", True),
        ("superuser", True),
        ("other_participant", False),
        ("other_coach", False),
        ("coordinator", False),
        ("reviewer", False),
        ("unenrolled", False),
        ("anonymous", False),
    ],
)
async def test_socket_access_matrix(world, live_thread, role, allowed):
    ws, connected = await connect(world.users[role], path_of(live_thread))
    assert connected is allowed
    if connected:
        await ws.disconnect()


async def test_foreign_origin_is_refused(world, live_thread):
    """tests.asgi (as config.asgi) wraps the routes in AllowedHostsOriginValidator (the test
    settings allow every host, so the same stack is built here with one allowed host)."""
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter
    from channels.security.websocket import OriginValidator

    from coaching.routing import websocket_urlpatterns

    app = OriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)), ["testserver"])
    cookie = (b"cookie", await sync_to_async(session_cookie)(world.users["coach"]))
    for path in (path_of(live_thread), "/ws/coaching/queue/"):
        for origin, allowed in ((b"http://testserver", True), (b"https://evil.example", False)):
            ws = WebsocketCommunicator(app, path, headers=[(b"origin", origin), cookie])
            ok, _code = await ws.connect(timeout=TIMEOUT)
            assert ok is allowed
            if ok:
                await ws.disconnect()
        ws = WebsocketCommunicator(app, path, headers=[cookie])
        assert not (await ws.connect(timeout=TIMEOUT))[0]  # no Origin header at all


async def test_participant_editing_the_route_to_another_thread_is_closed_and_gets_nothing(
    world, live_thread
):
    other = await sync_to_async(make_thread)(world.users["other_participant"])
    ws, connected = await connect(world.users["participant"], path_of(other))
    assert not connected
    await say(world, "other_coach", other, "private to the other participant")
    assert await ws.receive_nothing(0.3)


async def test_writing_to_a_thread_you_may_only_read_is_refused(world, live_thread):
    ws, connected = await connect(world.users["editor"], path_of(live_thread))
    assert connected
    await resume(ws, 0)
    await ws.send_json_to({"type": "post", "body": "staff may only read"})
    output = await ws.receive_output(timeout=TIMEOUT)
    assert output["type"] == "websocket.close" and output["code"] == 4403
    ws, _ = await connect(world.users["editor"], path_of(live_thread))
    await ws.send_json_to({"type": "typing"})
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 4403
    assert await sync_to_async(FeedbackMessage.objects.count)() == 0


async def test_posting_over_the_socket_stores_then_pushes(world, live_thread):
    c, _ = await connect(world.users["coach"], path_of(live_thread))
    p, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(c, 0)
    await resume(p, 0)
    await c.send_json_to({"type": "post", "body": "Over the socket", "anchor": "educator"})
    got = items(await receive_all(p))
    assert len(got) == 1 and "Over the socket" in got[0]
    message = await sync_to_async(FeedbackMessage.objects.get)()
    assert (message.seq, message.anchor) == (1, "educator")
    await c.send_json_to({"type": "post", "body": "   "})
    assert "CLOSED 1008" in await receive_all(c)
    await p.disconnect()


async def test_reconnect_catches_up_in_order_without_duplicates(world, live_thread):
    ws, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(ws, 0)
    await say(world, "coach", live_thread, "one")
    first = items(await receive_all(ws))
    assert seqs(first) == [1]
    await ws.disconnect()
    for i in range(5):
        await say(world, "coach", live_thread, f"missed {i}")
    ws, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(ws, 1)
    await resume(ws, 1)  # a repeated resume sends nothing twice
    await say(world, "coach", live_thread, "after")
    got = items(await receive_all(ws))
    assert seqs(got) == [2, 3, 4, 5, 6, 7]
    assert "missed 0" in got[0] and "after" in got[-1]
    await ws.disconnect()


async def test_a_lost_push_is_recovered_from_the_database(world, live_thread, monkeypatch):
    from lms import live

    ws, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(ws, 0)
    original = live.send_now
    monkeypatch.setattr(live, "send_now", lambda group, event: False)
    await say(world, "coach", live_thread, "lost push")
    monkeypatch.setattr(live, "send_now", original)
    await say(world, "coach", live_thread, "next push")
    got = items(await receive_all(ws))
    assert seqs(got) == [1, 2] and "lost push" in got[0]
    await ws.disconnect()


@sync_to_async
def withdraw_participant(world) -> None:
    enrolment = Enrolment.objects.get(user=world.users["participant"], cohort=world.cohort)
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save()


async def assert_closed_within_five_seconds(world, ws) -> None:
    """Withdraw the participant; their socket must be closed (refused) within 5 s."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    await withdraw_participant(world)
    output = await ws.receive_output(timeout=5)
    assert output["type"] == "websocket.close" and output.get("code") == 4403
    assert loop.time() - started < 5


async def test_withdrawn_participant_socket_closes_within_five_seconds(world, live_thread):
    ws, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(ws, await last_seq(live_thread))
    await assert_closed_within_five_seconds(world, ws)


async def test_a_withdrawal_whose_push_is_lost_still_closes_within_five_seconds(
    world, live_thread, monkeypatch
):
    """Redis down when the enrolment changes: the access log, polled by the process's watch,
    closes the socket anyway."""
    from lms import live

    ws, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(ws, await last_seq(live_thread))
    assert await ws.receive_nothing(0.2)
    monkeypatch.setattr(live, "send_now", lambda group, event: False)
    await assert_closed_within_five_seconds(world, ws)


async def test_relaying_pushes_makes_no_access_checks(world, live_thread, monkeypatch):
    """Access is decided at connect and on changes, never per message: a busy thread costs
    no database work per open socket."""
    from lms.live import LiveConsumer

    ws, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(ws, await last_seq(live_thread))
    assert await ws.receive_nothing(0.2)
    checks = []
    original = LiveConsumer._authorize_fresh

    def counted(self):
        checks.append(self.user.pk)
        return original(self)

    monkeypatch.setattr(LiveConsumer, "_authorize_fresh", counted)
    for n in range(5):
        await say(world, "coach", live_thread, f"busy {n}")
    got = items(await receive_all(ws))
    assert len(got) == 5 and checks == []
    await ws.disconnect()


async def test_a_socket_whose_groups_were_forgotten_catches_up_on_its_next_refresh(
    world, live_thread, monkeypatch
):
    """A restarted Redis forgets group memberships; the safety-net refresh joins again and
    replays what the socket missed."""
    from channels.layers import get_channel_layer

    from lms import live

    monkeypatch.setattr(live, "ACCESS_RECHECK_SECONDS", 0.5)
    ws, _ = await connect(world.users["participant"], path_of(live_thread))
    await resume(ws, await last_seq(live_thread))
    assert await ws.receive_nothing(0.2)
    layer = get_channel_layer()  # every membership gone, the socket still open:
    if hasattr(layer, "groups"):
        layer.groups.clear()  # in memory
    else:  # Redis, as after a restart (the group keys are gone)
        import os

        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        client.delete(*client.keys(f"{layer.prefix}:group:*"))
        client.close()
    await say(world, "coach", live_thread, "pushed to nobody")
    output = await ws.receive_output(timeout=3)
    assert "pushed to nobody" in output["text"]
    await say(world, "coach", live_thread, "pushed again")
    assert "pushed again" in (await ws.receive_output(timeout=TIMEOUT))["text"]
    await ws.disconnect()


async def test_deactivated_user_socket_closes(world, live_thread):
    ws, _ = await connect(world.users["coach"], path_of(live_thread))
    await resume(ws, 0)

    @sync_to_async
    def deactivate():
        user = world.users["coach"]
        user.is_active = False
        user.save()

    await deactivate()
    output = await ws.receive_output(timeout=5)
    assert output["type"] == "websocket.close" and output.get("code") == 4403


async def test_oversized_flooding_and_malformed_messages_close_the_socket(world, live_thread):
    path = path_of(live_thread)
    user = world.users["participant"]
    ws, _ = await connect(user, path)
    await ws.send_to(text_data="x" * 9000)
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 1009
    ws, _ = await connect(user, path)
    await ws.send_to(text_data='{"type": "subscribe", "thread": 1}')
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 1008
    ws, _ = await connect(user, path)
    await ws.send_to(text_data="not json")
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 1008
    ws, _ = await connect(user, path)
    await ws.send_to(bytes_data=b"\x00")
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 1008
    ws, _ = await connect(user, path)
    for _ in range(25):
        await ws.send_json_to({"type": "typing"})
    messages = await receive_all(ws)
    assert "CLOSED 4429" in messages


async def test_writes_succeed_when_the_channel_layer_is_down(world, live_thread, monkeypatch):
    from channels.layers import get_channel_layer

    async def broken(group, message):
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(get_channel_layer(), "group_send", broken)
    message = await say(world, "coach", live_thread, "saved anyway")
    assert await sync_to_async(FeedbackMessage.objects.filter(pk=message.pk).exists)()


async def test_coach_queue_updates_live(world, live_thread):
    ws, connected = await connect(world.users["coach"], "/ws/coaching/queue/")
    assert connected
    await resume(ws, 0)
    assert await ws.receive_nothing(0.2)
    await sync_to_async(services.request_feedback)(
        actor=world.users["participant"], thread_id=live_thread.pk, topic="Is my chart enough?"
    )
    got = await receive_all(ws)
    assert len(got) == 1 and "Is my chart enough?" in got[0] and 'id="queue-cursor"' in got[0]
    await say(world, "coach", live_thread, "Yes it is")
    got = await receive_all(ws)
    assert len(got) == 1 and "Nobody is waiting" in got[0]
    await ws.disconnect()
    for role in ("participant", "editor", "anonymous", "other_participant"):
        ws, connected = await connect(world.users[role], "/ws/coaching/queue/")
        assert not connected, role
