"""Request types for views behind ``login_required`` (for type checking)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthedRequest(HttpRequest):
    """A request from a signed-in user, with django-htmx's details."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
