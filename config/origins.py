"""The WebSocket handshake's Origin check: scheme, host and port must be one of the site's.

Channels' ``AllowedHostsOriginValidator`` compares host names only, so a page served from
any port of an allowed host (``http://localhost:9999``) could open the site's sockets with
the visitor's cookies. This check compares whole origins, read from the settings at each
handshake:

* ``LAUNCH_ALLOWED_ORIGINS`` (e.g. ``https://launch.example.org``) when set;
* else the origin of ``WAGTAILADMIN_BASE_URL``, and each of ``ALLOWED_HOSTS`` with that URL's
  scheme and port (``*`` in ``ALLOWED_HOSTS`` allows any origin, as the test settings do).
"""

from typing import Any
from urllib.parse import ParseResult, urlsplit

from channels.security.websocket import OriginValidator
from django.conf import settings

from lms.conf import conf


def site_allowed_origins() -> list[str]:
    explicit = [str(o).strip() for o in conf.LAUNCH_ALLOWED_ORIGINS or []]
    if any(explicit):
        return [o for o in explicit if o]
    base = urlsplit(str(settings.WAGTAILADMIN_BASE_URL))
    scheme = base.scheme or "http"
    port = base.port or (443 if scheme == "https" else 80)
    hosts = [base.hostname] if base.hostname else []
    hosts += [str(h) for h in settings.ALLOWED_HOSTS]
    origins: list[str] = []
    for host in hosts:
        if host == "*":
            origins.append("*")
            continue
        host = host.strip("[]")
        shown = f"[{host}]" if ":" in host else host
        origin = f"{scheme}://{shown}:{port}"
        if origin not in origins:
            origins.append(origin)
    return origins


class SiteOriginValidator(OriginValidator):
    """``OriginValidator`` against :func:`site_allowed_origins` (scheme, host and port)."""

    def __init__(self, application: Any) -> None:
        super().__init__(application, [])

    def valid_origin(self, parsed_origin: ParseResult | None) -> bool:
        allowed = site_allowed_origins()
        if "*" in allowed:
            return True
        if parsed_origin is None or not parsed_origin.scheme:
            return False
        try:
            return any(self.match_allowed_origin(parsed_origin, pattern) for pattern in allowed)
        except ValueError:  # a malformed port, e.g. "http://host:8000.evil.example"
            return False
