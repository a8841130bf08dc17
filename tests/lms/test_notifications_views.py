"""The bell in the header and /learn/notifications/: counts, pages, marking read, budgets."""

import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from lms.models import Notification
from lms.notifications import services

BELL = re.compile(r'<a id="notifications-bell"[^>]*aria-label="([^"]*)"[^>]*>(.*?)</a>', re.S)

#: The notifications page: the user, the count, one page of rows (the bell is cached).
PAGE_BUDGET = 3
#: What the bell costs a page: nothing when its cached count is warm, one query when cold.
BELL_WARM_QUERIES = 0
BELL_COLD_QUERIES = 1


def tell(user, n: int, *, start: int = 0) -> None:
    """``n`` notifications, committed (their after-commit effects run)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        for i in range(start, start + n):
            services.notify(
                actor=None,
                recipient_id=user.pk,
                kind="session",
                key=f"session:{i}",
                title=f"Session {i} changed",
                url=f"/learn/sessions/?n={i}",
            )


def post(client, path: str, data: dict | None = None):
    """A form post whose transaction commits (after-commit effects run)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(path, data or {})


def bell(html: str) -> tuple[str, str]:
    match = BELL.search(html)
    assert match, "no bell in the header"
    label, content = match.groups()
    return label, re.sub(r"<[^>]+>", " ", content).split()


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries)


def test_the_header_bell_shows_the_unread_count_as_text_and_in_its_name(world):
    participant = world.users["participant"]
    client = world.client_for("participant")
    label, words = bell(client.get("/learn/dashboard/").content.decode())
    assert label == "Notifications, none unread" and words == ["Notifications"]
    tell(participant, 3)
    label, words = bell(client.get("/learn/dashboard/").content.decode())
    assert label == "Notifications, 3 unread" and words == ["Notifications", "3"]
    anonymous = world.client_for("anonymous").get("/").content.decode()
    assert "notifications-bell" not in anonymous and "/ws/notifications/" not in anonymous


def test_the_page_lists_newest_first_25_a_page_each_linking_to_its_target(world):
    participant = world.users["participant"]
    tell(participant, 30)
    client = world.client_for("participant")
    first = client.get("/learn/notifications/").content.decode()
    titles = re.findall(r'<a href="/learn/sessions/\?n=(\d+)">Session \d+ changed</a>', first)
    assert titles == [str(i) for i in range(29, 4, -1)]
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get("/learn/notifications/?page=2").content.decode()
    assert re.findall(r"/learn/sessions/\?n=(\d+)", second) == ["4", "3", "2", "1", "0"]


def test_mark_one_and_all_read_with_plain_forms(world):
    participant = world.users["participant"]
    tell(participant, 2)
    client = world.client_for("participant")
    newest = Notification.objects.get(key="session:1")
    page = client.get("/learn/notifications/").content.decode()
    assert f'action="/learn/notifications/{newest.pk}/read/"' in page
    response = post(client, f"/learn/notifications/{newest.pk}/read/", {"page": "1"})
    assert response.status_code == 302 and response["Location"] == "/learn/notifications/"
    newest.refresh_from_db()
    assert newest.read_at is not None
    label, _words = bell(client.get("/learn/notifications/").content.decode())
    assert label == "Notifications, 1 unread"
    response = post(client, "/learn/notifications/read-all/", {"page": "2"})
    assert response["Location"] == "/learn/notifications/?page=2"
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    label, _words = bell(client.get("/learn/notifications/").content.decode())
    assert label == "Notifications, none unread"


def test_only_the_recipient_sees_or_marks_a_notification(world):
    participant = world.users["participant"]
    tell(participant, 1)
    note = Notification.objects.get()
    other = world.client_for("other_participant")
    assert "Session 0 changed" not in other.get("/learn/notifications/").content.decode()
    assert post(other, f"/learn/notifications/{note.pk}/read/").status_code == 404
    assert post(other, "/learn/notifications/read-all/").status_code == 302
    note.refresh_from_db()
    assert note.read_at is None
    label, _words = bell(world.client_for("participant").get("/").content.decode())
    assert label == "Notifications, 1 unread"


def test_the_bell_costs_a_page_one_cached_query_whatever_the_number_of_notifications(world):
    participant = world.users["participant"]
    client = world.client_for("participant")
    client.get("/learn/dashboard/")
    baseline = _count(client, "/learn/dashboard/")  # warm: no notifications yet

    def costs() -> tuple[int, int]:
        cold = _count(client, "/learn/dashboard/")  # the count changed: read once
        warm = _count(client, "/learn/dashboard/")
        return cold - baseline, warm - baseline

    tell(participant, 1)
    few = costs()
    tell(participant, 200, start=1)
    many = costs()
    assert few == many == (BELL_COLD_QUERIES, BELL_WARM_QUERIES)


def test_the_notifications_page_makes_the_same_queries_for_5_and_60(world):
    participant = world.users["participant"]
    client = world.client_for("participant")
    tell(participant, 5)
    client.get("/learn/notifications/")
    small = _count(client, "/learn/notifications/")
    tell(participant, 55, start=5)
    client.get("/learn/notifications/")
    assert _count(client, "/learn/notifications/") == small <= PAGE_BUDGET
