"""A test client for live sockets: Channels' WebsocketCommunicator on the real ASGI application
(origin check, session auth, routing, consumers), used by the forums and coaching tests."""

import re

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from tests.asgi import application

ORIGIN = (b"origin", b"http://testserver")
TIMEOUT = 3
CURSOR = re.compile(r'id="live-cursor"[^>]*data-seq="(\d+)"')


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def connect(user, path: str, *, origin=ORIGIN) -> tuple[WebsocketCommunicator, bool]:
    """Open ``path`` as ``user`` (anonymous when None) from ``origin`` (none when None)."""
    headers = [origin] if origin else []
    if user is not None:
        headers.append((b"cookie", await sync_to_async(session_cookie)(user)))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect(timeout=TIMEOUT)
    return communicator, connected


async def resume(communicator: WebsocketCommunicator, after: int) -> None:
    await communicator.send_json_to({"type": "resume", "after": after})


def seqs(messages: list[str]) -> list[int]:
    """The sequence ids of the stored items among ``messages`` (other notices left out)."""
    found = (CURSOR.search(m) for m in messages)
    return [int(m.group(1)) for m in found if m]


async def receive_all(communicator: WebsocketCommunicator, wait: float = 0.3) -> list[str]:
    """Everything sent until the socket stays quiet for ``wait`` seconds; a close is listed
    as ``"CLOSED <code>"`` and ends the list."""
    messages = []
    while not await communicator.receive_nothing(timeout=wait):
        output = await communicator.receive_output(timeout=TIMEOUT)
        if output["type"] == "websocket.close":
            messages.append(f"CLOSED {output.get('code')}")
            break
        messages.append(output["text"])
    return messages
