"""The embedded profile's channel layer keeps Channels' in-memory semantics."""

import asyncio

import pytest

from config import layers
from config.layers import ScalableInMemoryChannelLayer

pytestmark = pytest.mark.asyncio


async def test_group_send_reaches_every_member_once_with_its_own_copy():
    layer = ScalableInMemoryChannelLayer()
    names = [await layer.new_channel() for _ in range(3)]
    for name in names:
        await layer.group_add("stream", name)
    await layer.group_send("stream", {"type": "x.y", "html": {"member": "<p>1</p>"}})
    got = [await asyncio.wait_for(layer.receive(name), 1) for name in names]
    assert all(m == {"type": "x.y", "html": {"member": "<p>1</p>"}} for m in got)
    got[0]["html"]["member"] = "changed"
    assert got[1]["html"]["member"] == "<p>1</p>"  # copies, as upstream
    await layer.group_discard("stream", names[0])
    await layer.group_send("stream", {"type": "x.y"})
    assert layer.channels.get(names[0]) is None


async def test_a_full_member_loses_the_message_and_the_others_get_it():
    layer = ScalableInMemoryChannelLayer(capacity=1)
    slow, fast = await layer.new_channel(), await layer.new_channel()
    for name in (slow, fast):
        await layer.group_add("stream", name)
    await layer.group_send("stream", {"type": "a"})
    assert await asyncio.wait_for(layer.receive(fast), 1) == {"type": "a"}
    await layer.group_send("stream", {"type": "b"})  # slow is full: dropped for it only
    assert await asyncio.wait_for(layer.receive(fast), 1) == {"type": "b"}
    assert await asyncio.wait_for(layer.receive(slow), 1) == {"type": "a"}


async def test_expired_messages_and_their_memberships_are_still_removed(monkeypatch):
    layer = ScalableInMemoryChannelLayer(expiry=0)
    name = await layer.new_channel()
    await layer.group_add("stream", name)
    await layer.group_send("stream", {"type": "old"})
    monkeypatch.setattr(layer, "_cleaned_at", 0.0)
    monkeypatch.setattr(layers, "CLEAN_INTERVAL", 0.0)
    await asyncio.sleep(0.01)
    await layer.group_send("other", {"type": "x"})  # sweeps
    assert name not in layer.channels and name not in layer.groups.get("stream", {})
