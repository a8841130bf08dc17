"""Reads of notifications on behalf of their recipient (nobody else ever sees them)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import QuerySet

from ..exceptions import AccessDenied
from ..models import Notification, NotificationInbox
from ..selectors import AnyUser

#: Seconds a cached unread count lives (changes bump its version at once; this is a backstop).
BELL_TTL_SECONDS = 600


@dataclass(frozen=True)
class Bell:
    """What the header shows: the unread count and the inbox sequence the page is at."""

    unread: int
    seq: int


NO_BELL = Bell(unread=0, seq=0)


def _version_key(user_id: int) -> str:
    return f"lms:bell-version:{user_id}"


def bell_version(user_id: int) -> int:
    """A counter that keys the cached bell; bumped after every change of the inbox."""
    key = _version_key(user_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, None)
        version = cache.get(key, 1)
    return int(version)


def bump_bell_version(user_id: int) -> None:
    """Make the next page of ``user_id`` read the bell afresh (call after commit)."""
    key = _version_key(user_id)
    try:
        cache.incr(key)
    except ValueError:  # not there (evicted or never read): any new value invalidates
        cache.set(key, 2, None)


def read_bell(user_id: int) -> Bell:
    """The bell from the database (one query)."""
    row = NotificationInbox.objects.filter(pk=user_id).values_list("unread", "last_seq").first()
    return Bell(unread=row[0], seq=row[1]) if row else NO_BELL


def bell_for(user: AnyUser) -> Bell:
    """The signed-in user's bell, from the cache (no query when warm; one when cold).

    The cache entry is keyed by a version that every change bumps after commit, so a page
    never shows a count older than the last committed change it could know about.
    """
    if not user.is_authenticated:
        return NO_BELL
    key = f"lms:bell:{user.pk}:{bell_version(user.pk)}"
    cached = cache.get(key)
    if cached is None:
        bell = read_bell(user.pk)
        cache.set(key, (bell.unread, bell.seq), BELL_TTL_SECONDS)
        return bell
    return Bell(unread=cached[0], seq=cached[1])


def notifications_for(*, user: AnyUser) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).order_by("-seq")


def access_notification(*, user: AnyUser, pk: int) -> Notification:
    """The notification ``pk`` if it is the user's; ``AccessDenied`` (404, audited) if not."""
    if not user.is_authenticated:
        raise AccessDenied("notification", pk)
    notification = Notification.objects.filter(pk=pk, recipient_id=user.pk).first()
    if notification is None:
        raise AccessDenied("notification", pk)
    return notification


def access_inbox(*, user: AnyUser) -> str:
    """The audience of the user's own notification stream (``"owner"``): any active,
    signed-in user watches their own inbox, and only their own."""
    if not user.is_authenticated or not user.is_active:
        raise AccessDenied("notifications", getattr(user, "pk", 0) or 0)
    return "owner"
