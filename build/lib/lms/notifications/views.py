"""The notifications page and, under ``DEBUG``, the staff page of sent emails.

* ``/learn/notifications/``: the signed-in person's notifications, newest first, 25 a page;
  each links to its target; "Mark as read" (one) and "Mark all as read" are plain form posts
  (no JavaScript needed). Someone else's notification id is a 404.
* ``/learn/dev/emails/`` and ``/learn/dev/emails/<name>/``: the messages the development
  mailbox stored (``make run``), decoded, newest first; programme staff only, and a 404 for
  everyone when ``DEBUG`` is off.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ..exceptions import AccessDenied
from ..http import AuthedRequest
from ..selectors import is_programme_staff
from . import mailbox, selectors, services

PAGE_SIZE = 25


def _back(request: HttpRequest) -> HttpResponseRedirect:
    url = reverse("lms:notifications")
    page = request.POST.get("page", "")
    if page.isdigit() and page != "1":
        url += f"?page={int(page)}"
    return HttpResponseRedirect(url)


@require_safe
@login_required
@never_cache
def notifications(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "lms/notifications/index.html",
        {
            "page": page,
            "show_mailbox": settings.DEBUG and is_programme_staff(request.user),
        },
    )


@require_POST
@login_required
def mark_read(request: AuthedRequest, notification_id: int) -> HttpResponse:
    services.mark_read(actor=request.user, notification_id=notification_id)
    return _back(request)


@require_POST
@login_required
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    services.mark_all_read(actor=request.user)
    return _back(request)


def _require_mailbox(request: AuthedRequest) -> None:
    if not settings.DEBUG:
        raise Http404("the development mailbox exists only with DEBUG on")
    if not is_programme_staff(request.user):
        raise AccessDenied("sent emails")


@require_safe
@login_required
@never_cache
def sent_emails(request: AuthedRequest) -> HttpResponse:
    _require_mailbox(request)
    return render(
        request,
        "lms/notifications/sent_emails.html",
        {"emails": mailbox.stored_emails(), "limit": mailbox.LIST_LIMIT},
    )


@require_safe
@login_required
@never_cache
def sent_email(request: AuthedRequest, name: str) -> HttpResponse:
    _require_mailbox(request)
    message = mailbox.stored_email(name)
    if message is None:
        raise Http404("no such email")
    return render(request, "lms/notifications/sent_email.html", {"email": message})


urlpatterns: list[URLPattern] = [
    path("notifications/", notifications, name="notifications"),
    path("notifications/read-all/", mark_all_read, name="notifications_read_all"),
    path("notifications/<id:notification_id>/read/", mark_read, name="notification_read"),
    path("dev/emails/", sent_emails, name="sent_emails"),
    path("dev/emails/<str:name>/", sent_email, name="sent_email"),
]
