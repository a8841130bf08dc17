"""P5: reconnect catch-up. N participant sockets watch the demo thread; all of them drop;
for 10 s the coach sends 50 messages; then every client reconnects at once, sending the last
seq it saw (as the page does). Goal: every client has all 50 within 2 s of reconnecting, in
order, none twice. Embedded profile (one uvicorn process, SQLite, in-memory layer).
"""

from __future__ import annotations

import asyncio
import json
import re
import time

from .harness import DemoSite, asgi_server, cpu_list, pinned, record
from .p4_live import _open, thread_info

CLIENTS = 200
MESSAGES = 50
OUTAGE_SECONDS = 10.0
SEQ = re.compile(r'id="live-cursor"[^>]*data-seq="(\d+)"')


def _last_seq(site: DemoSite, pk: int) -> int:
    code = (
        f"from coaching.models import FeedbackThread as T\nprint(T.objects.get(pk={pk}).last_seq)"
    )
    return int(site.manage("shell", "-c", code).strip().splitlines()[-1])


async def scenario(base: str, thread_id: int, last: int, cookies: tuple[str, str]) -> dict:
    participant_cookie, coach_cookie = cookies
    url = base.replace("http", "ws") + f"/ws/coaching/threads/{thread_id}/"
    clients = []
    for start in range(0, CLIENTS, 50):
        batch = [
            _open(url, base, participant_cookie) for _ in range(start, min(start + 50, CLIENTS))
        ]
        clients.extend(await asyncio.gather(*batch))
    for ws in clients:
        await ws.send(json.dumps({"type": "resume", "after": last}))
    await asyncio.sleep(0.5)
    for ws in clients:  # the connection drops for everyone
        await ws.close()
    # Three coach sockets in turn (each socket may send 20 messages per 10 s).
    coaches = [await _open(url, base, coach_cookie) for _ in range(3)]
    for ws in coaches:
        await ws.send(json.dumps({"type": "resume", "after": last}))
    interval = OUTAGE_SECONDS / MESSAGES
    for n in range(MESSAGES):
        await coaches[n % 3].send(json.dumps({"type": "post", "body": f"P5 message {n}"}))
        await asyncio.sleep(interval)
    await asyncio.sleep(0.5)
    for ws in coaches:
        await ws.close()
    expected = list(range(last + 1, last + 1 + MESSAGES))

    async def reconnect() -> dict:
        started = time.perf_counter()
        ws = await _open(url, base, participant_cookie)
        await ws.send(json.dumps({"type": "resume", "after": last}))
        seen: list[int] = []
        done_at = None
        try:
            async with asyncio.timeout(10):
                while len(seen) < MESSAGES:
                    match = SEQ.search(await ws.recv())
                    if match:
                        seen.append(int(match.group(1)))
                done_at = time.perf_counter() - started
            async with asyncio.timeout(0.3):  # anything more would be a duplicate
                while True:
                    match = SEQ.search(await ws.recv())
                    if match:
                        seen.append(int(match.group(1)))
        except TimeoutError:
            pass
        await ws.close()
        return {"seconds": done_at, "seen": seen}

    results = await asyncio.gather(*[reconnect() for _ in range(CLIENTS)])
    times = sorted(r["seconds"] for r in results if r["seconds"] is not None)
    complete = sum(1 for r in results if r["seen"][:MESSAGES] == expected)
    duplicates = sum(len(r["seen"]) - len(set(r["seen"])) for r in results)
    return {
        "clients": CLIENTS,
        "messages": MESSAGES,
        "complete_in_order": complete,
        "duplicates": duplicates,
        "p95_catch_up_s": round(times[int(0.95 * (len(times) - 1))], 3) if times else None,
        "max_catch_up_s": round(times[-1], 3) if times else None,
    }


def run() -> dict:
    server_core, load_core = cpu_list()
    site = DemoSite()
    try:
        site.prepare()
        thread_id, participant, coach = thread_info(site)
        cookies = (
            f"sessionid={site.session_for(participant)}",
            f"sessionid={site.session_for(coach)}",
        )
        last = _last_seq(site, thread_id)
        with asgi_server(site, server_core) as base, pinned(load_core):
            figures = asyncio.run(scenario(base, thread_id, last, cookies))
    finally:
        site.cleanup()
    passed = (
        figures["complete_in_order"] == CLIENTS
        and figures["duplicates"] == 0
        and figures["max_catch_up_s"] is not None
        and figures["max_catch_up_s"] <= 2.0
    )
    figures["summary"] = (
        f"{CLIENTS} clients, {MESSAGES} missed: {figures['complete_in_order']} complete in order, "
        f"{figures['duplicates']} duplicates, catch-up p95 {figures['p95_catch_up_s']} s, "
        f"max {figures['max_catch_up_s']} s"
    )
    figures["passed"] = passed
    record("p5-reconnect", figures)
    return figures
