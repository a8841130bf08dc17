"""The site's URLs plus the baseline view of P1."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world", content_type="text/plain")


def hello_user(request: HttpRequest) -> HttpResponse:
    """The same, but it reads the session and the user (one session, one user lookup)."""
    return HttpResponse(f"Hello, {request.user.pk}", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", hello),
    path("bench/hello-user/", hello_user),
    *site_urlpatterns,
]
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
