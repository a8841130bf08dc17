"""Absolute URLs of the site: the one rule for every link that leaves a page.

The rule:

* Without a request, a link starts with the configured public base URL,
  ``WAGTAILADMIN_BASE_URL`` (without its trailing slash). Everything that leaves the request
  or outlives it uses this form and never the ``Host`` header: emails and notifications,
  signed credentials and their issuer's ``did:web``, anything stored. When no base URL is
  configured the link is the bare path.
* With a request, a link starts with the scheme and host that request was made to (its
  ``Host`` header, already checked against ``ALLOWED_HOSTS``). Only a page answering that
  request passes it, so its links point back to where it was reached (the calendar page and
  feeds).
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def public_base_url(*, request: HttpRequest | None = None) -> str:
    """The site's base URL without a trailing slash, by the rule above (``""`` when none is
    configured and there is no request)."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return str(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")


def absolute_url(path_or_name: str, *args: Any, request: HttpRequest | None = None) -> str:
    """``path_or_name`` made absolute by the rule above.

    It is a path (``"/learn/"``), an URL that is already absolute (returned unchanged), or a
    URL name reversed with ``args`` (``absolute_url("lms:dashboard")``)."""
    if "://" in path_or_name:
        return path_or_name
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args)
    return public_base_url(request=request) + path
