"""The public page of the ten CSIS standards: what each asks, its indicators and its rubric."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from ..models import Standard


@require_GET
def standards(request: HttpRequest) -> HttpResponse:
    """Everyone may read the standards (they are the programme's public framework)."""
    context = {"standards": list(Standard.objects.order_by("number"))}
    return TemplateResponse(request, "lms/standards.html", context)
