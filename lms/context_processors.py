"""Template context shared by every page: navigation for the current user."""

from django.http import HttpRequest

from .selectors import is_programme_staff


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {"is_programme_staff": bool(user and is_programme_staff(user))}
