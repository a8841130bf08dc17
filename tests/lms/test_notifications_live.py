"""The bell's live stream (/ws/notifications/) through the real ASGI application.

Writes go through the services in a thread (``sync_to_async``) so that they commit and the
``on_commit`` pushes run, as they would in a request.
"""

import re

import pytest
from asgiref.sync import sync_to_async

from lms.models import User
from lms.notifications import services

from ..live_client import connect, receive_all, resume

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.asyncio,
]

PATH = "/ws/notifications/"
CURSOR = re.compile(r'id="notifications-cursor"[^>]*data-seq="(\d+)"')
LABEL = re.compile(r'id="notifications-bell"[^>]*aria-label="([^"]*)"')


@sync_to_async
def tell(user, key: str) -> None:
    services.notify(
        actor=None, recipient_id=user.pk, kind="session", key=key, title=key, url="/learn/"
    )


@sync_to_async
def read_all(user) -> None:
    services.mark_all_read(actor=user)


def bells(messages: list[str]) -> list[tuple[str, int]]:
    """(accessible name, cursor seq) of each pushed bell."""
    found = []
    for message in messages:
        label, cursor = LABEL.search(message), CURSOR.search(message)
        assert label and cursor and 'hx-swap-oob="true"' in message, message
        found.append((label.group(1), int(cursor.group(1))))
    return found


async def test_anonymous_sockets_are_refused(world):
    _ws, connected = await connect(None, PATH)
    assert not connected


async def test_the_count_is_pushed_live_and_only_to_its_recipient(world):
    participant, other = world.users["participant"], world.users["other_participant"]
    mine, _ = await connect(participant, PATH)
    theirs, _ = await connect(other, PATH)
    await resume(mine, 0)
    await resume(theirs, 0)
    assert await mine.receive_nothing(0.2)  # nothing happened yet
    await tell(participant, "a")
    assert bells(await receive_all(mine)) == [("Notifications, 1 unread", 1)]
    await tell(participant, "b")
    assert bells(await receive_all(mine)) == [("Notifications, 2 unread", 2)]
    await read_all(participant)
    assert bells(await receive_all(mine)) == [("Notifications, none unread", 3)]
    assert await receive_all(theirs) == []
    await mine.disconnect()
    await theirs.disconnect()


async def test_a_page_that_resumes_gets_what_it_missed_once(world):
    participant = world.users["participant"]
    await tell(participant, "a")
    await tell(participant, "b")
    ws, _ = await connect(participant, PATH)
    await resume(ws, 1)  # the page was rendered after the first
    assert bells(await receive_all(ws)) == [("Notifications, 2 unread", 2)]
    await resume(ws, 0)  # an older cursor again: nothing is sent twice
    assert await receive_all(ws) == []
    await ws.disconnect()
    up_to_date, _ = await connect(participant, PATH)
    await resume(up_to_date, 2)
    assert await receive_all(up_to_date) == []
    await up_to_date.disconnect()


async def test_a_deactivated_account_is_closed(world):
    participant = world.users["participant"]
    ws, _ = await connect(participant, PATH)
    await resume(ws, 0)
    await sync_to_async(User.objects.filter(pk=participant.pk).update)(is_active=False)
    await sync_to_async(lambda: User.objects.get(pk=participant.pk).save())()
    assert "CLOSED 4403" in await receive_all(ws, wait=1.0)
