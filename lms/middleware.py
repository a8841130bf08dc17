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
