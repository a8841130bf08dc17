"""The live-delivery probe: ``/ws/health/`` proves that a web process accepts sockets and that
the channel layer relays between processes, without an account and without ``resume``.

On connect the socket joins a group of its own, sends one message to that group through the
channel layer (Redis in the scale-out profile) and, when it comes back, answers
``{"type": "ok", "ms": ...}`` and closes. A broken layer means no answer: probes time out.
``manage.py probe_live URL`` is the matching client for monitors (docs/deploy.md).
"""

import json
import time
import uuid
from typing import Any

from channels.generic.websocket import AsyncWebsocketConsumer
from django.urls import URLPattern, path


class LiveProbeConsumer(AsyncWebsocketConsumer):
    """Accepts, round-trips one message through the layer, reports, closes. It reads and
    stores nothing, and ignores whatever the client sends."""

    async def connect(self) -> None:
        await self.accept()
        self.group = f"lms.probe.{uuid.uuid4().hex}"
        self.sent = time.perf_counter()
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.channel_layer.group_send(self.group, {"type": "probe.echo"})

    async def probe_echo(self, event: dict[str, Any]) -> None:
        ms = round((time.perf_counter() - self.sent) * 1000, 1)
        await self.send(text_data=json.dumps({"type": "ok", "ms": ms}))
        await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.close()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        return None


websocket_urlpatterns: list[URLPattern] = [
    path("ws/health/", LiveProbeConsumer.as_asgi(), name="live_probe"),
]
