"""Issue #14, item 8: the WebSocket Origin check compares scheme, host and port with the
site's origins, and a socket closed for flooding is closed once."""

import pytest
from asgiref.sync import sync_to_async

from config.origins import site_allowed_origins
from forums import services
from forums.models import Forum

from ..live_client import TIMEOUT, connect, receive_all, resume, seqs

DEV_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


@pytest.fixture
def dev_origins(settings):
    """The dev settings' hosts, the site served on port 8000 (as `make run` does)."""
    settings.ALLOWED_HOSTS = DEV_HOSTS
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    settings.LAUNCH_ALLOWED_ORIGINS = []


@sync_to_async
def topic_with_history(world):
    forum = Forum.objects.get(kind="cohort", cohort=world.cohort)
    topic = services.create_topic(
        actor=world.users["participant"], forum_id=forum.pk, title="Live", body="Opening"
    )
    services.post_reply(actor=world.users["coach"], topic_id=topic.pk, body="History")
    return topic


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.asyncio
async def test_a_page_on_another_port_of_an_allowed_host_cannot_open_the_socket(world, dev_origins):
    """The issue: ``Origin: http://localhost:9999`` was accepted and replayed the history."""
    topic = await topic_with_history(world)
    path = f"/ws/forums/topics/{topic.pk}/"
    user = world.users["participant"]
    for origin in (
        b"http://localhost:9999",
        b"http://127.0.0.1",
        b"https://127.0.0.1:8000",
        b"http://127.0.0.1:8000.evil.example",
        b"http://evil.example:8000",
        b"null",
    ):
        ws, connected = await connect(user, path, origin=(b"origin", origin))
        assert not connected, origin
        await ws.disconnect()
    ws, connected = await connect(user, path, origin=None)
    assert not connected

    for origin in (b"http://127.0.0.1:8000", b"http://localhost:8000", b"http://[::1]:8000"):
        ws, connected = await connect(user, path, origin=(b"origin", origin))
        assert connected, origin
        await resume(ws, 0)
        assert len(seqs(await receive_all(ws))) == 2  # the opening post and the reply
        await ws.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.asyncio
async def test_a_flooding_socket_is_closed_once(world):
    topic = await topic_with_history(world)
    ws, connected = await connect(world.users["participant"], f"/ws/forums/topics/{topic.pk}/")
    assert connected
    for _ in range(30):
        await ws.send_json_to({"type": "resume", "after": 10**9})
    outputs = []
    while not await ws.receive_nothing(timeout=0.5):
        outputs.append(await ws.receive_output(timeout=TIMEOUT))
    closes = [o for o in outputs if o["type"] == "websocket.close"]
    assert [c.get("code") for c in closes] == [4429]


@pytest.mark.parametrize(
    ("base", "hosts", "explicit", "expected"),
    [
        (
            "http://127.0.0.1:8123",
            DEV_HOSTS,
            [],
            ["http://127.0.0.1:8123", "http://localhost:8123", "http://[::1]:8123"],
        ),
        (
            "https://launch.example.org",
            ["launch.example.org"],
            [],
            ["https://launch.example.org:443"],
        ),
        ("https://launch.example.org", ["*"], [], ["https://launch.example.org:443", "*"]),
        (
            "https://x.example",
            ["x.example"],
            ["https://launch.example.org"],
            ["https://launch.example.org"],
        ),
    ],
)
def test_site_allowed_origins(settings, base, hosts, explicit, expected):
    settings.WAGTAILADMIN_BASE_URL = base
    settings.ALLOWED_HOSTS = hosts
    settings.LAUNCH_ALLOWED_ORIGINS = explicit
    assert site_allowed_origins() == expected
