"""iCalendar files of cohort sessions (RFC 5545): one session's file and a user's private
feed."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vText

from ..conf import conf
from ..links import public_base_url
from ..models import CohortSession
from ..selectors import AnyUser
from .selectors import access_session, calendar_sessions_for_user, user_for_calendar_key
from .services import one_line

# --- Calendars ------------------------------------------------------------------------------

PRODID = "-//LAUNCH! School Improvement Facilitation//Cohort sessions//EN"


@dataclass(frozen=True)
class CalendarSite:
    """Where the calendar points back to: the UID domain and the site's base URL."""

    domain: str
    base_url: str

    @classmethod
    def for_request(cls, request: HttpRequest) -> "CalendarSite":
        domain = conf.LAUNCH_CALENDAR_UID_DOMAIN or request.get_host().split(":")[0]
        return cls(domain=domain, base_url=public_base_url(request=request))


def session_event(session: CohortSession, *, site: CalendarSite, stamp: datetime) -> Event:
    """The VEVENT of a session: stable UID, times in UTC, place or link as LOCATION."""
    event = Event()
    event.add("uid", f"session-{session.pk}@{site.domain}")
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", session.title)
    place = session.location if session.mode == CohortSession.Mode.IN_PERSON else session.link
    if place:
        event.add("location", place)
    event.add("url", f"{site.base_url}/learn/sessions/#session-{session.pk}")
    lines = [_("Cohort: %(name)s") % {"name": session.cohort.name}]
    if session.module_id and session.module is not None:
        lines.append(_("Module: %(title)s") % {"title": session.module.title})
    lines.append(f"{session.get_mode_display()}: {place}" if place else session.get_mode_display())
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED")
    return event


def build_calendar(
    sessions: Iterable[CohortSession], *, site: CalendarSite, name: str, feed: bool
) -> bytes:
    """An iCalendar file (RFC 5545) with one event per session; text is escaped by
    ``icalendar``. Feeds carry a refresh hint, single files ``METHOD:PUBLISH``."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X- properties are not text to icalendar: without vText, CR/LF and ; would pass raw.
    calendar.add("x-wr-calname", vText(one_line(name)))
    if feed:
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT1H")
    stamp = timezone.now()
    for session in sessions:
        calendar.add_component(session_event(session, site=site, stamp=stamp))
    return calendar.to_ical()


def session_ics(
    *, user: AnyUser, session_id: int, site: CalendarSite
) -> tuple[CohortSession, bytes]:
    """One session as an iCalendar file, for anyone who may see it (``access_session``)."""
    session = access_session(user=user, session_id=session_id)
    return session, build_calendar([session], site=site, name=session.title, feed=False)


def calendar_feed(*, key: str, site: CalendarSite) -> bytes:
    """The private feed of the user whose calendar key is ``key`` (404 for a wrong key or an
    inactive user): every session of their current cohorts. Two queries."""
    user = user_for_calendar_key(key=key)
    sessions = calendar_sessions_for_user(user=user)
    return build_calendar(sessions, site=site, name=_("LAUNCH! sessions"), feed=True)
