"""Template context shared by every page: navigation for the current user."""

from django.http import HttpRequest

from .selectors import is_coordinator, is_programme_staff


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "is_programme_staff": bool(user and is_programme_staff(user)),
        "is_coordinator": bool(user and is_coordinator(user)),
    }
