"""lms.live: the shared live-delivery mechanism, with a toy stream (no app's models).

The toy stream is a list of (seq, text); the toy consumer replays it and relays pushes.
"""

import logging

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from lms import live
from lms.models import Cohort, Enrolment

from ..factories import UserFactory, enrol, make_cohort, make_programme

STREAM: list[tuple[int, str]] = []
DENIED: set[int] = set()


class ToyConsumer(live.LiveConsumer):
    relay_types = frozenset({"toy.item"})

    def stream_group(self) -> str:
        return "toy.stream.1"

    def authorize(self, user) -> str:
        if user.pk in DENIED:
            raise live.Http404("toy")
        return "member"

    def replay(self, user, after: int, limit: int) -> list[live.LiveItem]:
        return [{"seq": s, "html": f"<p>{t}</p>"} for s, t in STREAM if s > after][:limit]


def event(seq: int, text: str, **extra) -> dict:
    return {
        "type": "toy.item",
        "stream": "toy.stream.1",
        "seq": seq,
        "html": {"member": f"<p>{text}</p>"},
        **extra,
    }


@pytest.fixture(autouse=True)
def _reset():
    STREAM.clear()
    DENIED.clear()


async def open_socket(user) -> WebsocketCommunicator:
    ws = WebsocketCommunicator(ToyConsumer.as_asgi(), "/ws/toy/")
    ws.scope["user"] = user
    ok, _ = await ws.connect(timeout=3)
    assert ok
    return ws


async def texts(ws: WebsocketCommunicator) -> list[str]:
    out = []
    while not await ws.receive_nothing(timeout=0.2):
        out.append(await ws.receive_from(timeout=3))
    return out


def test_allocate_seq_increments_in_the_transaction(db):
    # Any integer column serves as a stream counter; the cohort's seat limit stands in here.
    cohort = make_cohort(make_programme())
    first = live.allocate_seq(Cohort, cohort.pk, field="seat_limit")
    second = live.allocate_seq(Cohort, cohort.pk, field="seat_limit")
    assert second == first + 1


def test_publish_only_after_commit(db, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(live, "send_now", lambda group, payload: sent.append((group, payload)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        live.publish("toy.stream.1", event(1, "a"))
        assert sent == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [("toy.stream.1", event(1, "a"))]


def test_send_now_never_raises_when_the_layer_is_down(monkeypatch, caplog):
    layer = get_channel_layer()

    async def broken(group, message):
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(layer, "group_send", broken)
    with caplog.at_level(logging.WARNING, logger="lms.live"):
        assert live.send_now("toy.stream.1", event(1, "a")) is False
    assert "clients will catch up" in caplog.text


def test_send_now_with_redis_unreachable_returns_quickly(monkeypatch, caplog):
    """A real Redis channel layer pointed at a closed port: logged, not raised, bounded."""
    import time

    from channels.layers import channel_layers
    from channels_redis.core import RedisChannelLayer

    monkeypatch.setitem(
        channel_layers.backends, "default", RedisChannelLayer(hosts=["redis://127.0.0.1:1/0"])
    )
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="lms.live"):
        assert live.send_now("toy.stream.1", event(1, "a")) is False
    assert time.monotonic() - started < live.SEND_TIMEOUT_SECONDS + 1
    assert "clients will catch up" in caplog.text


def test_enrolment_changes_notify_the_user_group(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(live, "send_now", lambda group, payload: sent.append((group, payload)))
    user = UserFactory()
    cohort = make_cohort(make_programme())
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrol(user, cohort)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.save()
    assert sent.count((f"lms.user.{user.pk}", {"type": live.ACCESS_CHANGED})) >= 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.asyncio
async def test_resume_replays_in_order_then_relays_without_duplicates():
    user = await sync_to_async(UserFactory)()
    STREAM.extend([(1, "one"), (2, "two"), (3, "three")])
    ws = await open_socket(user)
    await ws.send_json_to({"type": "resume", "after": 1})
    assert [t.split("<div")[0] for t in await texts(ws)] == ["<p>two</p>", "<p>three</p>"]
    layer = get_channel_layer()
    await layer.group_send("toy.stream.1", event(3, "three again"))  # already sent: dropped
    await layer.group_send("toy.stream.1", event(4, "four"))
    got = await texts(ws)
    assert len(got) == 1 and got[0].startswith("<p>four</p>") and 'data-seq="4"' in got[0]
    # A gap (5 lost): the consumer reads 5 and 6 from the record instead.
    STREAM.extend([(4, "four"), (5, "five"), (6, "six")])
    await layer.group_send("toy.stream.1", event(6, "six"))
    assert [t.split("<div")[0] for t in await texts(ws)] == ["<p>five</p>", "<p>six</p>"]
    await ws.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.asyncio
async def test_pushes_wait_for_the_resume_and_personal_copies_come_from_the_record():
    user = await sync_to_async(UserFactory)()
    STREAM.extend([(1, "one")])
    ws = await open_socket(user)
    layer = get_channel_layer()
    await layer.group_send("toy.stream.1", event(1, "one"))
    assert await ws.receive_nothing(timeout=0.2)  # no resume yet: nothing is pushed
    await ws.send_json_to({"type": "resume", "after": 0})
    assert len(await texts(ws)) == 1
    STREAM.append((2, "yours, from the record"))
    await layer.group_send("toy.stream.1", event(2, "neutral", personal_for=[user.pk]))
    assert (await texts(ws))[0].startswith("<p>yours, from the record</p>")
    await ws.disconnect()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.asyncio
async def test_anonymous_refused_and_access_change_closes():
    ws = WebsocketCommunicator(ToyConsumer.as_asgi(), "/ws/toy/")
    ws.scope["user"] = AnonymousUser()
    ok, code = await ws.connect(timeout=3)
    assert not ok and code == live.CLOSE_REFUSED
    user = await sync_to_async(UserFactory)()
    ws = await open_socket(user)
    await ws.send_json_to({"type": "resume", "after": 0})
    assert await ws.receive_nothing(timeout=0.2)
    DENIED.add(user.pk)
    await get_channel_layer().group_send(live.user_group(user.pk), {"type": live.ACCESS_CHANGED})
    output = await ws.receive_output(timeout=3)
    assert output["type"] == "websocket.close" and output["code"] == live.CLOSE_REFUSED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.asyncio
async def test_inbound_messages_are_validated():
    user = await sync_to_async(UserFactory)()
    cases = [
        ("x" * 2000, live.CLOSE_TOO_BIG),
        ("[1, 2]", live.CLOSE_POLICY),
        ('{"type": "resume", "after": -1}', live.CLOSE_POLICY),
        ('{"type": "resume", "after": true}', live.CLOSE_POLICY),
        ('{"type": "resume", "after": "1"}', live.CLOSE_POLICY),
    ]
    for text, code in cases:
        ws = await open_socket(user)
        await ws.send_to(text_data=text)
        assert (await ws.receive_output(timeout=3))["code"] == code, text
    ws = await open_socket(user)
    await ws.send_to(bytes_data=b"\x00")
    assert (await ws.receive_output(timeout=3))["code"] == live.CLOSE_POLICY


@pytest.mark.django_db
def test_access_changes_are_logged_in_the_changing_transaction_and_pruned():
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from lms.models import AccessChange

    user = UserFactory()
    AccessChange.objects.all().delete()
    with transaction.atomic():
        live.notify_access_changed([user.pk, user.pk, None])
        assert list(AccessChange.objects.values_list("user_id", flat=True)) == [user.pk]
        transaction.set_rollback(True)
    assert not AccessChange.objects.exists()  # no change, no entry
    live.notify_access_changed([user.pk])
    AccessChange.objects.create(user_id=user.pk, created_at=timezone.now() - timedelta(hours=2))
    assert live.prune_access_changes() == 1
    assert AccessChange.objects.count() == 1
