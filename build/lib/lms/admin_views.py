"""Admin pages that are not model viewsets: the parked side effects, for programme staff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .converters import parse_ids
from .models import OutboxItem
from .outbox import retry_parked


def parked_outbox(request: HttpRequest) -> HttpResponse:
    """Side effects that failed repeatedly; superusers put them back in the queue."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        ids = parse_ids(request.POST.getlist("item"))
        count = retry_parked(item_ids=ids)
        messages.success(
            request,
            ngettext("%(count)d item queued again.", "%(count)d items queued again.", count)
            % {"count": count},
        )
        return redirect("lms_parked_outbox")
    items = OutboxItem.objects.filter(status=OutboxItem.Status.PARKED).order_by("-created_at")
    page = Paginator(items, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "lms/admin/parked_outbox.html",
        {"page_obj": page, "header_title": _("Parked side effects")},
    )
