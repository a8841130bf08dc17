"""Coaching's live streams: a thread page watches ``coaching.thread.<pk>`` (messages), a coach's
queue page watches ``coaching.queue.<coach_id>`` (the whole queue, re-rendered on change).

Fragments are out-of-band swaps for htmx's ``ws`` extension, into live regions that stay in
place (their content is swapped, not the region). Typing, presence and request-state events
go to the thread's group too but carry no ``seq``; every message also brings the thread's
current request state ("Waiting for feedback" goes when the coach's reply answers it).
"""

from __future__ import annotations

from collections import OrderedDict

from django.template.loader import render_to_string
from django.utils import timezone, translation

from lms.live import LiveItem, publish_lazy

from .models import CoachQueue, FeedbackMessage, HelpRequest
from .selectors import ROLES, coach_queue, messages_after

MESSAGE_EVENT = "coaching.message"
QUEUE_EVENT = "coaching.queue"
TYPING_EVENT = "coaching.typing"
PRESENCE_EVENT = "coaching.presence"
REQUEST_EVENT = "coaching.request"


def thread_group(pk: int) -> str:
    return f"coaching.thread.{pk}"


def queue_group(coach_id: int) -> str:
    return f"coaching.queue.{coach_id}"


#: Rendered message fragments kept by each process (a reconnecting crowd replays the same
#: messages: each is rendered once, not once per socket).
FRAGMENT_CACHE_SIZE = 5000
_fragments: OrderedDict[tuple[object, ...], str] = OrderedDict()


def render_message_oob(message: FeedbackMessage) -> str:
    """The fragment that appends one message to a thread page (replaced if already there).

    The fragment is cached under everything it shows: the message (its text too, which an
    erasure replaces), the author's name (or their erasure), the language and the time zone.
    """
    author = message.author
    key = (
        message.pk,
        message.seq,
        message.anchor,
        message.html,
        author.get_full_name() if author else None,
        author.email if author else None,
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    html = _fragments.get(key)
    if html is None:
        html = render_to_string("coaching/partials/_message_oob.html", {"m": message})
        _fragments[key] = html
        if len(_fragments) > FRAGMENT_CACHE_SIZE:
            _fragments.popitem(last=False)
    else:
        _fragments.move_to_end(key)
    return html


def push_message(message: FeedbackMessage) -> None:
    """After commit, send the stored message to the thread's open pages."""
    message_id, thread_id = message.pk, message.thread_id

    def build() -> dict | None:
        current = FeedbackMessage.objects.select_related("author").filter(pk=message_id).first()
        if current is None:
            return None
        html = render_message_oob(current) + render_request_state_oob(thread_id)
        return {
            "type": MESSAGE_EVENT,
            "stream": thread_group(thread_id),
            "seq": current.seq,
            "html": dict.fromkeys(ROLES, html),
        }

    publish_lazy(thread_group(thread_id), build)


def replay_thread(thread_id: int, after: int, limit: int) -> list[LiveItem]:
    """The messages after ``after``; the last one also brings the current request state."""
    items: list[LiveItem] = [
        {"seq": m.seq, "html": render_message_oob(m)}
        for m in messages_after(thread_id, after, limit)
    ]
    if items:
        items[-1]["html"] += render_request_state_oob(thread_id)
    return items


def render_request_state_oob(thread_id: int) -> str:
    """The fragment that brings the thread's "Waiting for feedback" notice up to date."""
    open_request = HelpRequest.objects.filter(thread_id=thread_id, answered_at__isnull=True).first()
    return render_to_string(
        "coaching/partials/_request_state.html", {"open_request": open_request, "oob": True}
    )


def push_request_state(thread_id: int) -> None:
    """After commit, tell the thread's open pages that a request was made or changed."""

    def build() -> dict:
        return {"type": REQUEST_EVENT, "html": render_request_state_oob(thread_id)}

    publish_lazy(thread_group(thread_id), build)


def render_queue_oob(requests: list[HelpRequest]) -> str:
    return render_to_string("coaching/partials/_queue.html", {"queue": requests, "oob": True})


def replay_queue(coach, after: int) -> list[LiveItem]:
    """The whole queue as one item when it changed after ``after``."""
    seq = CoachQueue.objects.filter(coach=coach).values_list("last_seq", flat=True).first() or 0
    if seq <= after:
        return []
    return [{"seq": seq, "html": render_queue_oob(coach_queue(user=coach))}]


def push_queue(coach_id: int, seq: int) -> None:
    """After commit, send the coach's re-rendered queue to their open queue pages."""

    def build() -> dict | None:
        from lms.people import User

        coach = User.objects.filter(pk=coach_id).first()
        if coach is None:
            return None
        return {
            "type": QUEUE_EVENT,
            "stream": queue_group(coach_id),
            "seq": seq,
            "html": {"coach": render_queue_oob(coach_queue(user=coach))},
        }

    publish_lazy(queue_group(coach_id), build)
