"""The signed-in home page: the participant's dashboard, or the cohorts someone works with;
the participant's choice of current cohort; the reflections of the participants a coach
coaches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..exceptions import AccessDenied
from ..http import AuthedRequest


@require_GET
@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    user = request.user
    context = {
        "dashboard": selectors.participant_dashboard(user=user),
        "cohorts": selectors.cohorts_for_user(user=user),
        "coached": selectors.coached_participants(user=user),
    }
    return render(request, "lms/dashboard.html", context)


@require_POST
@login_required
def choose_cohort(request: AuthedRequest) -> HttpResponse:
    """The participant makes one of their cohorts the current one."""
    cohort_id = request.POST.get("cohort", "")
    if not cohort_id.isdigit():
        raise AccessDenied("cohort", cohort_id[:20])
    enrolment = services.choose_current_cohort(actor=request.user, cohort_id=int(cohort_id))
    messages.success(
        request, _("%(cohort)s is now your current cohort.") % {"cohort": enrolment.cohort}
    )
    return redirect("lms:dashboard")


def _thread_url_name() -> str | None:
    """Coaching's "discuss this reflection" action, when the coaching app is installed."""
    try:
        reverse("coaching:open_reflection_thread", args=[0])
    except NoReverseMatch:
        return None
    return "coaching:open_reflection_thread"


@require_GET
@login_required
def coach_reflections(request: AuthedRequest) -> HttpResponse:
    """The reflections of the participants this coach coaches, each in the cohort where it
    was written (a withdrawn coach sees none)."""
    if not selectors.access_context(request.user).is_coach:
        raise AccessDenied("reflections")
    context = {
        "reflections": selectors.reflections_for_coach(user=request.user),
        "discuss_url": _thread_url_name(),
    }
    return render(request, "lms/coach_reflections.html", context)
