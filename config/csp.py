"""Per-path Content Security Policies: ``SECURE_CSP_PATHS`` maps a path prefix to the policy
its responses carry instead of ``SECURE_CSP`` (Wagtail's admin needs its own: its templates
have inline scripts without the site's nonce). A view's own ``csp_override`` still wins.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin


class PathContentSecurityPolicyMiddleware(MiddlewareMixin):
    """List it after ``django.middleware.csp.ContentSecurityPolicyMiddleware``: its response
    hook runs first and picks the policy that one then writes."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if hasattr(response, "_csp_config"):
            return response
        for prefix, policy in getattr(settings, "SECURE_CSP_PATHS", {}).items():
            if request.path.startswith(prefix):
                response._csp_config = policy  # type: ignore[attr-defined]
                break
        return response
