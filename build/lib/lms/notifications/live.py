"""The notification stream of one person: ``lms.notifications.<user_id>``.

Every change of the inbox (a new notification, one or all marked read) advances the inbox's
``last_seq`` inside the writing transaction; after commit the header's bell, re-rendered from
the committed row, is pushed to the person's open pages. A page that resumes after ``N``
gets the current bell when the inbox is past ``N`` (one item: the bell is a state, not a
list).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from ..live import LiveItem, publish_lazy
from .selectors import Bell, read_bell

BELL_EVENT = "lms.notifications"
CURSOR_ID = "notifications-cursor"


def inbox_group(user_id: int) -> str:
    return f"lms.notifications.{user_id}"


def render_bell_oob(bell: Bell) -> str:
    """The bell as an out-of-band fragment (replaces the header's bell)."""
    return render_to_string("lms/notifications/_bell.html", {"bell": bell, "oob": True})


def replay_bell(user_id: int, after: int) -> list[LiveItem]:
    bell = read_bell(user_id)
    if bell.seq <= after:
        return []
    return [{"seq": bell.seq, "html": render_bell_oob(bell)}]


def push_bell(user_id: int) -> None:
    """After commit, send the person's current bell to their open pages."""

    def build() -> dict[str, Any] | None:
        bell = read_bell(user_id)
        return {
            "type": BELL_EVENT,
            "stream": inbox_group(user_id),
            "seq": bell.seq,
            "html": {"owner": render_bell_oob(bell)},
        }

    publish_lazy(inbox_group(user_id), build)
