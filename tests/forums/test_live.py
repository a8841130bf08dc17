"""Live delivery of forums through the real ASGI application (origin check, session auth,
routing, consumers) with Channels' WebsocketCommunicator.

Writes go through the services in a thread (``sync_to_async``) so that they commit and the
``on_commit`` pushes run, as they would in a request.
"""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from forums import services
from forums.models import Forum, Post, Topic
from lms.models import Enrolment

from ..live_client import TIMEOUT, connect, receive_all, resume, seqs, session_cookie

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.asyncio,
]


def setup_topic(world) -> Topic:
    forum = Forum.objects.get(kind="cohort", cohort=world.cohort)
    return services.create_topic(
        actor=world.users["participant"], forum_id=forum.pk, title="Live", body="Opening"
    )


@sync_to_async
def reply(world, role: str, topic: Topic, body: str) -> Post:
    return services.post_reply(actor=world.users[role], topic_id=topic.pk, body=body)


@sync_to_async
def last_seq(topic: Topic) -> int:
    return Topic.objects.get(pk=topic.pk).last_seq


@pytest.fixture
def live_topic(world):
    return setup_topic(world)


async def test_new_post_is_pushed_to_an_open_topic_page(world, live_topic):
    ws, ok = await connect(world.users["participant"], f"/ws/forums/topics/{live_topic.pk}/")
    assert ok
    await resume(ws, await last_seq(live_topic))
    assert await receive_all(ws, 0.2) == []
    post = await reply(world, "coach", live_topic, "Pushed **live**")
    message = await ws.receive_from(timeout=TIMEOUT)
    assert "Pushed <strong>live</strong>" in message
    assert f'data-live-new="item-{post.pk}"' in message
    assert 'hx-swap-oob="beforeend:#posts"' in message
    assert seqs([message]) == [post.seq]
    await ws.disconnect()


async def test_forum_listing_gets_the_new_topic_row(world, live_topic):
    forum_id = live_topic.forum_id
    ws, ok = await connect(world.users["coach"], f"/ws/forums/{forum_id}/")
    assert ok
    await resume(ws, await sync_to_async(lambda: Forum.objects.get(pk=forum_id).last_seq)())
    await reply(world, "participant", live_topic, "Bumps the topic")
    message = await ws.receive_from(timeout=TIMEOUT)
    assert f'id="topic-{live_topic.pk}" hx-swap-oob="delete"' in message
    assert 'hx-swap-oob="afterbegin:#topics"' in message and "Live" in message
    await ws.disconnect()


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
async def test_socket_access_matrix(world, live_topic, role, allowed):
    user = world.users[role]
    for path in (f"/ws/forums/topics/{live_topic.pk}/", f"/ws/forums/{live_topic.forum_id}/"):
        ws, ok = await connect(user, path)
        assert ok is allowed, (role, path)
        if ok:
            await ws.disconnect()


async def test_forum_routes_behind_the_origin_check_refuse_foreign_origins(world, live_topic):
    """tests.asgi (as config.asgi) wraps the routes in AllowedHostsOriginValidator (the test
    settings allow every host, so the same stack is built here with one allowed host)."""
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter
    from channels.security.websocket import OriginValidator

    from forums.routing import websocket_urlpatterns

    app = OriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)), ["testserver"])
    cookie = (b"cookie", await sync_to_async(session_cookie)(world.users["participant"]))
    path = f"/ws/forums/topics/{live_topic.pk}/"
    for origin, allowed in ((b"http://testserver", True), (b"https://evil.example", False)):
        ws = WebsocketCommunicator(app, path, headers=[(b"origin", origin), cookie])
        ok, _code = await ws.connect(timeout=TIMEOUT)
        assert ok is allowed
        if ok:
            await ws.disconnect()
    ws = WebsocketCommunicator(app, path, headers=[cookie])
    assert not (await ws.connect(timeout=TIMEOUT))[0]  # no Origin header at all


async def test_hidden_post_disappears_live_for_members_and_is_marked_for_moderators(
    world, live_topic
):
    post = await reply(world, "participant", live_topic, "Something unkind")
    cursor = await last_seq(live_topic)
    member, _ = await connect(world.users["participant"], f"/ws/forums/topics/{live_topic.pk}/")
    moderator, _ = await connect(world.users["editor"], f"/ws/forums/topics/{live_topic.pk}/")
    await resume(member, cursor)
    await resume(moderator, cursor)
    await sync_to_async(services.moderate_post)(
        actor=world.users["coach"], post_id=post.pk, action="hide", reason="Unkind"
    )
    seen = await member.receive_from(timeout=TIMEOUT)
    assert f'id="item-{post.pk}" hx-swap-oob="delete"' in seen
    assert "Something unkind" not in seen
    marked = await moderator.receive_from(timeout=TIMEOUT)
    assert "Something unkind" in marked and "Hidden: Unkind" in marked
    # A member who reconnects later gets the removal in the replay, not the text.
    late, _ = await connect(world.users["participant"], f"/ws/forums/topics/{live_topic.pk}/")
    await resume(late, 0)
    replayed = "".join(await receive_all(late))
    assert "Something unkind" not in replayed
    assert f'id="item-{post.pk}" hx-swap-oob="delete"' in replayed
    for ws in (member, moderator, late):
        await ws.disconnect()


async def test_reconnect_catches_up_in_order_without_duplicates(world, live_topic):
    path = f"/ws/forums/topics/{live_topic.pk}/"
    ws, _ = await connect(world.users["participant"], path)
    start = await last_seq(live_topic)
    await resume(ws, start)
    first = await reply(world, "coach", live_topic, "one")
    got = await ws.receive_from(timeout=TIMEOUT)
    seen = seqs([got])
    await ws.disconnect()
    # Offline: five posts and an edit of the first arrive.
    for i in range(5):
        await reply(world, "coach", live_topic, f"offline {i}")
    await sync_to_async(services.edit_post)(
        actor=world.users["coach"], post_id=first.pk, body="one!"
    )
    ws, _ = await connect(world.users["participant"], path)
    await resume(ws, seen[-1])
    # A duplicate resume on the same connection replays nothing twice.
    await resume(ws, seen[-1])
    messages = await receive_all(ws)
    numbers = seqs(messages)
    assert numbers == sorted(numbers) and len(numbers) == len(set(numbers)) == 6
    assert "".join(messages).count("offline 0") == 1
    assert "one!" in messages[-1] and "data-live-new" not in messages[-1]  # the edit replaces
    # Then live again.
    await reply(world, "coach", live_topic, "after reconnect")
    after = await ws.receive_from(timeout=TIMEOUT)
    assert "after reconnect" in after and seqs([after])[0] == numbers[-1] + 1
    await ws.disconnect()


async def test_a_lost_push_is_recovered_from_the_database(world, live_topic, monkeypatch):
    ws, _ = await connect(world.users["participant"], f"/ws/forums/topics/{live_topic.pk}/")
    await resume(ws, await last_seq(live_topic))
    assert await ws.receive_nothing(0.2)  # the resume is handled
    from lms import live

    real = live.send_now
    monkeypatch.setattr(live, "send_now", lambda group, event: False)  # the layer drops it
    await reply(world, "coach", live_topic, "lost push")
    monkeypatch.setattr(live, "send_now", real)
    assert await receive_all(ws, 0.2) == []
    await reply(world, "coach", live_topic, "next push")
    messages = await receive_all(ws)
    assert "lost push" in messages[0] and "next push" in messages[1]
    assert seqs(messages) == sorted(seqs(messages))
    await ws.disconnect()


async def test_removed_member_stops_receiving_within_five_seconds(world, live_topic):
    ws, _ = await connect(world.users["participant"], f"/ws/forums/topics/{live_topic.pk}/")
    await resume(ws, await last_seq(live_topic))

    @sync_to_async
    def withdraw():
        enrolment = Enrolment.objects.get(user=world.users["participant"], cohort=world.cohort)
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.save()

    loop = asyncio.get_running_loop()
    started = loop.time()
    await withdraw()
    output = await ws.receive_output(timeout=5)
    assert output["type"] == "websocket.close" and output.get("code") == 4403
    assert loop.time() - started < 5
    await reply(world, "coach", live_topic, "not for you")


async def test_oversized_flooding_and_malformed_messages_close_the_socket(world, live_topic):
    path = f"/ws/forums/topics/{live_topic.pk}/"
    user = world.users["participant"]
    ws, _ = await connect(user, path)
    await ws.send_to(text_data="x" * 5000)
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 1009
    ws, _ = await connect(user, path)
    await ws.send_to(text_data='{"type": "subscribe", "topic": 1}')
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 1008
    ws, _ = await connect(user, path)
    await ws.send_to(text_data="not json")
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 1008
    ws, _ = await connect(user, path)
    for _ in range(25):
        await ws.send_json_to({"type": "resume", "after": 10**9})
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 4429


async def test_writes_succeed_when_the_channel_layer_is_down(world, live_topic, monkeypatch):
    from channels.layers import get_channel_layer

    async def broken(group, message):
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(get_channel_layer(), "group_send", broken)
    post = await reply(world, "coach", live_topic, "saved anyway")
    assert await sync_to_async(Post.objects.filter(pk=post.pk).exists)()


async def test_hiding_a_topic_closes_members_sockets_and_removes_its_row(world, live_topic):
    topic_ws, _ = await connect(world.users["participant"], f"/ws/forums/topics/{live_topic.pk}/")
    forum_ws, _ = await connect(world.users["participant"], f"/ws/forums/{live_topic.forum_id}/")
    moderator_ws, _ = await connect(world.users["editor"], f"/ws/forums/topics/{live_topic.pk}/")
    await resume(topic_ws, await last_seq(live_topic))
    await resume(moderator_ws, await last_seq(live_topic))
    forum_seq = await sync_to_async(lambda: Forum.objects.get(pk=live_topic.forum_id).last_seq)()
    await resume(forum_ws, forum_seq)
    assert await topic_ws.receive_nothing(0.2)
    await sync_to_async(services.moderate_topic)(
        actor=world.users["coach"], topic_id=live_topic.pk, action="hide", reason="Duplicate"
    )
    row = await forum_ws.receive_from(timeout=TIMEOUT)
    assert f'id="topic-{live_topic.pk}" hx-swap-oob="delete"' in row and "afterbegin" not in row
    closed = await topic_ws.receive_output(timeout=TIMEOUT)
    assert closed["type"] == "websocket.close" and closed["code"] == 4403
    assert await moderator_ws.receive_nothing(0.3)  # moderators stay
    await moderator_ws.disconnect()
    await forum_ws.disconnect()
