"""``/ws/health/`` and ``manage.py probe_live``: a monitor learns that a web process accepts
sockets and that the channel layer relays, without an account and without ``resume``."""

import json

import pytest
from channels.testing import WebsocketCommunicator
from django.core.management import CommandError, call_command
from django.db import connection

from tests.asgi import application

from ..coaching.workers import asgi_workers, free_port
from ..live_client import ORIGIN, TIMEOUT


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_the_probe_socket_round_trips_through_the_layer_and_closes():
    communicator = WebsocketCommunicator(application, "/ws/health/", headers=[ORIGIN])
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    answer = json.loads(await communicator.receive_from(timeout=TIMEOUT))
    assert answer["type"] == "ok" and answer["ms"] >= 0
    assert (await communicator.receive_output(timeout=TIMEOUT))["type"] == "websocket.close"


def test_the_probe_command_fails_clearly_when_nothing_answers():
    with pytest.raises(CommandError, match="no live delivery"):
        call_command("probe_live", f"ws://127.0.0.1:{free_port()}/ws/health/", "--timeout", "2")
    with pytest.raises(CommandError, match="ws://"):
        call_command("probe_live", "http://127.0.0.1/ws/health/")


@pytest.mark.scaleout
@pytest.mark.django_db(transaction=True)
def test_the_probe_command_reaches_a_real_web_process_on_redis(capsys):
    with asgi_workers(1, database_name=connection.settings_dict["NAME"]) as (base,):
        url = base.replace("http://", "ws://") + "/ws/health/"
        call_command("probe_live", url)
    assert capsys.readouterr().out.startswith("ok: layer round trip")
