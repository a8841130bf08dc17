"""Audit denied access: every AccessDenied or PermissionDenied becomes an audit entry."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .exceptions import AccessDenied
from .models import AuditAction
from .services import record_audit_event


class AuditAccessDeniedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, AccessDenied | PermissionDenied):
            detail = {}
            if isinstance(exception, AccessDenied):
                detail = {"what": exception.what, "id": exception.ident[:64]}
            record_audit_event(
                action=AuditAction.ACCESS_DENIED,
                actor=getattr(request, "user", None),
                request=request,
                detail=detail,
            )
        return None


class CachedSiteMiddleware:
    """Give Wagtail the request's site from the cache (Wagtail reads ``request._wagtail_site``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .sitecache import site_for_request

        if not request.path.startswith(("/admin/", "/static/")):
            request._wagtail_site = site_for_request(request)  # type: ignore[attr-defined]
        return self.get_response(request)


class TrustedProxyMiddleware:
    """Set ``REMOTE_ADDR`` to the client's address as the trusted proxies report it.

    ``X-Forwarded-For`` is believed only when the connection comes from an address listed in
    ``LAUNCH_TRUSTED_PROXIES`` (none by default): anyone else could write any address there, and
    reset the per-address login limit or forge the audit log's client address with it. The
    ASGI server itself must not rewrite the address (uvicorn ``--no-proxy-headers``; see
    docs/deploy.md). Everything after this middleware, the login throttle and the audit log
    included, reads ``REMOTE_ADDR``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from .conf import conf

        self.get_response = get_response
        self.trusted = tuple(conf.LAUNCH_TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .http import client_address

        if self.trusted:
            address = client_address(
                request.META.get("REMOTE_ADDR"),
                request.META.get("HTTP_X_FORWARDED_FOR"),
                self.trusted,
            )
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
