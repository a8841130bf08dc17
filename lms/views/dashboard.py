"""The signed-in home page: the participant's dashboard, or the cohorts someone works with."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
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
