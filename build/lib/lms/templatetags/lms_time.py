"""The site's one way of showing a date or a time: ``{% load lms_time %}``.

``{{ value|when }}`` gives "3 Dec 2026, 14:05 EST": day, month, year, 24-hour clock and the
zone's abbreviation, on the clock of the active time zone (the viewer's where the page knows
it, e.g. inside ``{% timezone viewer_tz %}``; the site's ``TIME_ZONE`` otherwise).
``{{ value|day }}`` gives "3 Dec 2026" (dates, and datetimes on the same clock), ``|clock``
"14:05 EST". Machine-readable values (``<time datetime>``) keep ``|date:'c'``.
"""

from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone

register = template.Library()

DAY_FORMAT = "j M Y"
CLOCK_FORMAT = "H:i T"
WHEN_FORMAT = f"{DAY_FORMAT}, {CLOCK_FORMAT}"


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_when(value: datetime | None) -> str:
    """``value`` as "3 Dec 2026, 14:05 EST" in the active time zone ("" for None)."""
    if value is None:
        return ""
    return dateformat.format(_local(value), WHEN_FORMAT)


@register.filter(is_safe=False)
def when(value: datetime | None) -> str:
    """A moment: "3 Dec 2026, 14:05 EST"."""
    if not isinstance(value, datetime):
        return ""
    return format_when(value)


@register.filter(is_safe=False)
def day(value: date | datetime | None) -> str:
    """A day: "3 Dec 2026" (a datetime on the active zone's clock)."""
    if isinstance(value, datetime):
        return dateformat.format(_local(value), DAY_FORMAT)
    if isinstance(value, date):
        return dateformat.format(value, DAY_FORMAT)
    return ""


@register.filter(is_safe=False)
def clock(value: datetime | None) -> str:
    """A time of day with its zone: "14:05 EST"."""
    if not isinstance(value, datetime):
        return ""
    return dateformat.format(_local(value), CLOCK_FORMAT)
