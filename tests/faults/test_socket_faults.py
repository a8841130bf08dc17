"""Live sockets under faults (scale-out profile: two real uvicorn workers on Redis): a web
worker killed with sockets open, and Redis restarted while a coach sends a stream of
messages. Each client behaves like the thread page's script: it remembers the last ``seq``
it saw and, when its socket closes, reconnects and sends ``{"type": "resume", "after": N}``.
Each scenario ends with every client holding every message exactly once and in order, and
the database holding exactly what the coach sent."""

from __future__ import annotations

import asyncio
import json
import re
import time

import pytest
import websockets

from coaching.models import FeedbackMessage

from ..coaching.helpers import make_thread
from ..coaching.test_faults_redis import open_form, post_form
from ..coaching.test_scaleout import open_socket, session_cookie
from .conftest import Harness

pytestmark = pytest.mark.scaleout

CURSOR = re.compile(r'id="live-cursor"[^>]*data-seq="(\d+)"')
#: Seconds a client may take to hold every message once the coach has finished.
CATCH_UP_SECONDS = 20.0


class Follower:
    """One open thread page: follows the stream over a socket and, when the socket is lost,
    reconnects (to the first of ``bases`` that answers, like a load balancer would) and
    resumes after the last ``seq`` it has seen. Every message frame is kept, duplicates
    included, so the test sees exactly what came over the wire."""

    def __init__(self, name: str, bases: list[str], path: str, cookie: str) -> None:
        self.name = name
        self.bases = bases
        self.path = path
        self.cookie = cookie
        self.frames: list[tuple[int, str]] = []
        self.connections: list[str] = []  # the base of each socket it opened
        self.socket: websockets.ClientConnection | None = None
        self.opened = asyncio.Event()

    @property
    def seqs(self) -> list[int]:
        return [seq for seq, _ in self.frames]

    @property
    def last(self) -> int:
        return max(self.seqs, default=0)

    async def run(self) -> None:
        """Follow until cancelled."""
        attempt = 0
        while True:
            base = self.bases[attempt % len(self.bases)]
            try:
                ws = await open_socket(base, self.path, self.cookie)
            except (OSError, TimeoutError, websockets.exceptions.WebSocketException):
                attempt += 1  # that worker is gone or not ready: try the next one
                await asyncio.sleep(0.1 if attempt % len(self.bases) else 0.3)
                continue
            self.socket = ws
            self.connections.append(base)
            try:
                await ws.send(json.dumps({"type": "resume", "after": self.last}))
                self.opened.set()
                async for text in ws:
                    match = CURSOR.search(str(text))
                    if match:
                        self.frames.append((int(match.group(1)), str(text)))
            except websockets.exceptions.ConnectionClosed:
                pass
            finally:
                self.socket = None
            attempt = self.bases.index(base)  # first try the same worker again
            await asyncio.sleep(0.1)


async def follow_until(followers: list[Follower], total: int, seconds: float) -> None:
    """Wait until every follower has seen ``seq`` ``total`` (or ``seconds`` pass)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(f.last < total for f in followers):
        await asyncio.sleep(0.05)


async def stop(tasks: list[asyncio.Task[None]], followers: list[Follower]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for follower in followers:
        if follower.socket is not None:
            await follower.socket.close()


def assert_everything_once_in_order(
    thread_id: int, sent: list[str], followers: list[Follower]
) -> None:
    """The database holds exactly ``sent`` (seq 1..n, in order) and every follower received
    each of them exactly once, in order, with the body that was sent."""
    stored = list(
        FeedbackMessage.objects.filter(thread_id=thread_id)
        .order_by("seq")
        .values_list("seq", "body")
    )
    assert stored == list(enumerate(sent, start=1)), "the database differs from what was sent"
    expected = list(range(1, len(sent) + 1))
    for follower in followers:
        assert follower.seqs == expected, (
            f"{follower.name} (sockets on {follower.connections}) got {follower.seqs}"
        )
        for seq, html in follower.frames:
            assert sent[seq - 1] in html, f"{follower.name}: message {seq} has the wrong body"


def test_web_worker_killed_with_sockets_open(world, faults: Harness):
    """Participant pages on worker A, a coach sending through worker B's socket; A is killed
    (SIGKILL) in the middle of the stream. The pages reconnect to B and resume: each ends
    with every message once, in order; the database holds exactly what the coach sent."""
    thread = make_thread(world.users["participant"])
    participant = session_cookie(world.users["participant"])
    coach_cookie = session_cookie(world.users["coach"])
    path = f"/ws/coaching/threads/{thread.pk}/"
    a, b = faults.start_web(), faults.start_web()
    sent = [f"Feedback number {n:02d} from the coach" for n in range(1, 16)]
    kill_after = 5

    async def scenario() -> list[Follower]:
        on_a = [Follower(f"page {i} on A", [a, b], path, participant) for i in range(4)]
        on_b = Follower("page on B", [b], path, participant)
        coach = Follower("coach on B", [b], path, coach_cookie)
        followers = [*on_a, on_b, coach]
        tasks = [asyncio.create_task(f.run()) for f in followers]
        try:
            async with asyncio.timeout(15):
                await asyncio.gather(*(f.opened.wait() for f in followers))
            await asyncio.sleep(0.3)  # the resumes are handled: pushes are relayed
            assert coach.socket is not None
            for n, body in enumerate(sent, start=1):
                # One socket, at most 20 messages per 10 s (the resume counts): 16 here.
                await coach.socket.send(json.dumps({"type": "post", "body": body}))
                if n == kill_after:
                    await asyncio.to_thread(Harness.kill, faults.webs[a])
                await asyncio.sleep(0.15)
            await follow_until(followers, len(sent), CATCH_UP_SECONDS)
        finally:
            await stop(tasks, followers)
        return followers

    followers = asyncio.run(scenario())
    print([(f.name, f.connections, f.seqs) for f in followers])
    assert faults.webs[a].returncode == -9
    for follower in followers[:4]:
        assert follower.connections[0] == a and follower.connections[-1] == b, (
            f"{follower.name}: {follower.connections}"
        )
    assert_everything_once_in_order(thread.pk, sent, followers)


@pytest.mark.parametrize("down_for_a_message", [True, False], ids=["down-one-post", "at-once"])
def test_redis_restarted_mid_stream(world, faults: Harness, down_for_a_message: bool):
    """Pages on two workers while the coach posts a stream of messages through the form on
    worker B; Redis is stopped in the middle and started again, empty (no group memberships
    left), either after one more message was posted (its push is lost) or at once. Sockets
    the restart closed reconnect and resume; sockets that stayed open must still get
    everything: every page ends with every message once, in order, and the database holds
    exactly what the coach sent.

    (In our runs the workers closed every socket: channels-redis raises in each consumer's
    receive while Redis is away, so every page resumed. The assertions do not rely on it.)"""
    thread = make_thread(world.users["participant"])
    participant = session_cookie(world.users["participant"])
    coach_cookie = session_cookie(world.users["coach"])
    path = f"/ws/coaching/threads/{thread.pk}/"
    a, b = faults.start_web(), faults.start_web()
    form = open_form(b, coach_cookie, thread.pk)
    sent = [f"Feedback number {n:02d} from the coach" for n in range(1, 13)]
    restart_after = 5

    def coach_sends() -> None:
        for n, body in enumerate(sent, start=1):
            response = post_form(b, coach_cookie, thread.pk, form, body)
            assert response.status_code == 302, response.text[:500]
            if n == restart_after:
                faults.stop_redis()
                if not down_for_a_message:
                    faults.start_redis()
            elif n == restart_after + 1 and down_for_a_message:
                faults.start_redis()
            time.sleep(0.15)

    async def scenario() -> list[Follower]:
        followers = [
            Follower(f"page {i} on {name}", [base], path, participant)
            for name, base in (("A", a), ("B", b))
            for i in range(3)
        ]
        tasks = [asyncio.create_task(f.run()) for f in followers]
        try:
            async with asyncio.timeout(15):
                await asyncio.gather(*(f.opened.wait() for f in followers))
            await asyncio.sleep(0.3)
            await asyncio.to_thread(coach_sends)
            await follow_until(followers, len(sent), CATCH_UP_SECONDS)
        finally:
            await stop(tasks, followers)
        return followers

    followers = asyncio.run(scenario())
    print([(f.name, f.connections, f.seqs) for f in followers])
    assert_everything_once_in_order(thread.pk, sent, followers)
