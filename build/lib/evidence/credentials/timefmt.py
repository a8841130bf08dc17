"""Dates as Verifiable Credentials write them: ``YYYY-MM-DDThh:mm:ssZ`` in UTC."""

import re
from datetime import UTC, datetime

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.IGNORECASE
)


def utcnow() -> datetime:
    """Now, in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def format_datetime(value: datetime) -> str:
    """``value`` as ``YYYY-MM-DDThh:mm:ssZ`` (UTC, seconds). Naive datetimes are refused."""
    if value.tzinfo is None:
        raise ValueError("a credential date needs a timezone (naive datetime given)")
    return value.astimezone(UTC).strftime(_FORMAT)


def parse_datetime(value: str) -> datetime:
    """An XML Schema dateTime with a timezone (as VC 2.0 requires) as an aware datetime."""
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise ValueError(f"not a dateTime with a timezone: {value!r}")
    return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
