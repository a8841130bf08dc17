"""Template context shared by every page: the frame to extend, navigation for the current user."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .conf import conf
from .notifications.selectors import NO_BELL, bell_for
from .selectors import ANONYMOUS_ACCESS, access_context


def base_template() -> str:
    """``LAUNCH_BASE_TEMPLATE``: the host's base template that ``lms/base.html`` extends."""
    return str(conf.LAUNCH_BASE_TEMPLATE)


def launch(request: HttpRequest) -> dict:
    """The name of the template ``lms/base.html`` extends (``launch_base_template``)."""
    return {"launch_base_template": base_template()}


def navigation(request: HttpRequest) -> dict:
    """Which sections the signed-in person reaches (from the cached access context)."""
    user = getattr(request, "user", None)
    context = access_context(user) if user is not None else ANONYMOUS_ACCESS
    return {
        "is_programme_staff": context.is_staff,
        "is_coordinator": context.is_staff or bool(context.coordinated_org_ids),
        "is_participant": context.is_participant,
        "is_coach": context.is_coach,
        "is_reviewer": context.is_reviewer,
        "in_programme": context.is_staff or bool(context.programme_ids),
        # Read only where a page shows it (the header): from the cache, no query when warm.
        "notification_bell": SimpleLazyObject(lambda: bell_for(user))
        if user is not None and user.is_authenticated
        else NO_BELL,
    }
