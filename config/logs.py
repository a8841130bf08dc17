"""Log records with UTC time stamps (ISO 8601, ``Z``), whatever the server's or TIME_ZONE's zone.

Every process of a site (web processes on several hosts, workers, beat) writes the same clock,
so their lines sort and compare without knowing where each ran. ``UTCFormatter`` is the
formatter of ``LOGGING``; Celery, which sets up its own handlers in workers and beat, gets the
same clock through ``use_utc`` (``config.celery``).
"""

import logging
import time


def use_utc(formatter: logging.Formatter) -> logging.Formatter:
    """Make ``formatter`` write ``asctime`` in UTC as ``2027-01-01T02:30:00.123Z``."""
    formatter.converter = time.gmtime  # type: ignore[method-assign]
    formatter.default_time_format = "%Y-%m-%dT%H:%M:%S"
    formatter.default_msec_format = "%s.%03dZ"
    return formatter


class UTCFormatter(logging.Formatter):
    """``logging.Formatter`` with UTC ISO 8601 time stamps."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        use_utc(self)
