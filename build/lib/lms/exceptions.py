"""Errors raised by selectors and services."""

from django.http import Http404


class AccessDenied(Http404):
    """The user may not see this object. Shown as 404 (existence is not revealed) and
    recorded in the audit log by :class:`lms.middleware.AuditAccessDeniedMiddleware`."""

    def __init__(self, what: str, ident: object = "") -> None:
        super().__init__(f"{what} not found")
        self.what = what
        self.ident = str(ident)
