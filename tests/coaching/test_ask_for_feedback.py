""" "Ask your coach for feedback" is one action: it opens (or reuses) the thread, puts the
participant in the coach's queue (pushed live to the queue page) and emails the coach once;
pressing it twice changes nothing more. The coach's "Give feedback" only opens the thread."""

import pytest
from asgiref.sync import sync_to_async
from django.core import mail

from coaching.models import FeedbackThread, HelpRequest

from ..evidence.helpers import make_draft
from ..live_client import connect, receive_all, resume
from .conftest import deliver_outbox

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.asyncio,
]


@sync_to_async
def press(world, role: str, path: str):
    response = world.client_for(role).post(path)
    deliver_outbox()
    return response


@sync_to_async
def state(draft):
    thread = FeedbackThread.objects.filter(submission=draft).first()
    requests = list(HelpRequest.objects.filter(thread=thread)) if thread else []
    return thread, requests, [m.to for m in mail.outbox]


async def test_one_button_opens_the_thread_queues_and_notifies_the_coach_once(world):
    coach = world.users["coach"]
    draft = await sync_to_async(make_draft)(world.users["participant"])
    queue, connected = await connect(coach, "/ws/coaching/queue/")
    assert connected
    await resume(queue, 0)
    assert await queue.receive_nothing(0.2)
    mail.outbox.clear()

    path = f"/coaching/submissions/{draft.pk}/thread/"
    response = await press(world, "participant", path)
    thread, requests, emails = await state(draft)
    assert response.status_code == 302 and response["Location"] == f"/coaching/threads/{thread.pk}/"
    assert len(requests) == 1 and requests[0].answered_at is None
    assert emails == [[coach.email]]
    assert f"/coaching/threads/{thread.pk}/" in mail.outbox[0].body
    pushed = await receive_all(queue)
    assert len(pushed) == 1 and "1 participant waiting" in pushed[0]

    # Pressed twice: the same thread and request, no second email, no second queue push.
    again = await press(world, "participant", path)
    assert again["Location"] == response["Location"]
    assert (await state(draft))[1] == requests
    assert len(mail.outbox) == 1
    assert await queue.receive_nothing(0.3)

    page = await sync_to_async(lambda: world.client_for("participant").get(response["Location"]))()
    assert b"Tell my coach" not in page.content  # the duplicate form is gone
    assert b"Waiting for feedback" in page.content and b'id="request-state"' in page.content
    await queue.disconnect()


async def test_the_coach_opening_the_thread_asks_nothing(world):
    draft = await sync_to_async(make_draft)(world.users["participant"])
    response = await press(world, "coach", f"/coaching/submissions/{draft.pk}/thread/")
    thread, requests, emails = await state(draft)
    assert response.status_code == 302 and thread is not None
    assert requests == [] and emails == []


async def test_thread_pages_hear_the_request_and_the_reply_that_answers_it(world):
    from coaching import services

    from .helpers import make_thread

    thread = await sync_to_async(make_thread)(world.users["participant"])
    ws, connected = await connect(world.users["participant"], f"/ws/coaching/threads/{thread.pk}/")
    assert connected
    await resume(ws, 0)
    await sync_to_async(services.request_feedback)(
        actor=world.users["participant"], thread_id=thread.pk
    )
    got = await receive_all(ws)
    assert len(got) == 1 and 'hx-swap-oob="innerHTML:#request-state"' in got[0]
    assert "Waiting for feedback" in got[0]
    await sync_to_async(services.post_message)(
        actor=world.users["coach"], thread_id=thread.pk, body="Here is my feedback"
    )
    got = [m for m in await receive_all(ws) if "Here is my feedback" in m]
    assert len(got) == 1 and 'hx-swap-oob="innerHTML:#request-state"' in got[0]
    assert "Waiting for feedback" not in got[0]  # the reply answered it: the notice goes
    await ws.disconnect()
