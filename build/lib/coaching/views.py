"""Pages of coaching. Thin: a form, one service or selector call, the page or its partial.

Everything works as a plain form POST that redirects back (no JavaScript needed); with htmx
the post view answers with the form and the new message (deduplicated against the push).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.exceptions import AccessDenied
from lms.http import AuthedRequest, error_message

from . import selectors, services
from .forms import MessageForm


@require_GET
@login_required
def index(request: AuthedRequest) -> HttpResponse:
    context = {
        "threads": selectors.threads_for_user(user=request.user),
        "startable": selectors.startable_subjects(user=request.user),
        "is_coach": selectors.is_coach(request.user),
    }
    return TemplateResponse(request, "coaching/index.html", context)


@require_GET
@login_required
def thread(request: AuthedRequest, thread_id: int) -> HttpResponse:
    access = selectors.access_thread(user=request.user, pk=thread_id)
    data = selectors.thread_page(access=access)
    services.mark_read(user=request.user, thread_id=access.thread.pk, seq=data["last_seq"])
    context = {**data, "form": MessageForm()}
    template = "coaching/thread.html#messages" if request.htmx else "coaching/thread.html"
    return TemplateResponse(request, template, context)


@require_POST
@login_required
def post(request: AuthedRequest, thread_id: int) -> HttpResponse:
    access = selectors.access_thread_for_writing(user=request.user, pk=thread_id)
    form = MessageForm(request.POST)
    message = None
    if form.is_valid():
        try:
            message = services.post_message(
                actor=request.user,
                thread_id=access.thread.pk,
                body=form.cleaned_data["body"],
                anchor=form.cleaned_data["anchor"] or "",
            )
        except ValidationError as error:
            form.add_error("body", error_message(error))
    if request.htmx:
        context = {
            "thread": access.thread,
            "can_write": True,
            "form": MessageForm() if message else form,
            "new_message": message,
        }
        return TemplateResponse(request, "coaching/partials/_post_result.html", context)
    if message is None:
        messages.error(
            request,
            _("Your message could not be sent: %(errors)s")
            % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
        return redirect("coaching:thread", access.thread.pk)
    return redirect(reverse("coaching:thread", args=[access.thread.pk]) + f"#m-{message.seq}")


def _asked(request: AuthedRequest, thread_id: int) -> None:
    from .models import FeedbackThread

    thread = FeedbackThread.objects.only("participant_id", "cohort_id").get(pk=thread_id)
    if selectors.coach_id_for(thread) is None:
        messages.info(
            request,
            _("You are waiting for feedback: your coach will see it as soon as one is assigned."),
        )
    else:
        messages.success(request, _("Your coach can see that you are waiting for feedback."))


@require_POST
@login_required
def request_help(request: AuthedRequest, thread_id: int) -> HttpResponse:
    """ "Ask your coach for feedback" from the thread page (the same action as on the work)."""
    access = selectors.access_thread_for_writing(user=request.user, pk=thread_id)
    if access.role != selectors.OWNER:
        raise AccessDenied("thread", thread_id)
    services.request_feedback(actor=request.user, thread_id=access.thread.pk)
    _asked(request, access.thread.pk)
    return redirect("coaching:thread", access.thread.pk)


@require_GET
@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    if not selectors.is_coach(request.user):
        raise AccessDenied("queue")
    context = {
        "queue": selectors.coach_queue(user=request.user),
        "queue_seq": selectors.queue_seq(user=request.user),
    }
    return TemplateResponse(request, "coaching/queue.html", context)


@require_POST
@login_required
def open_submission_thread(request: AuthedRequest, submission_id: int) -> HttpResponse:
    """ "Ask your coach for feedback" (the participant) or "Give feedback" (the coach)."""
    found = services.ask_for_feedback(actor=request.user, submission_id=submission_id)
    if found.participant_id == request.user.pk:
        _asked(request, found.pk)
    return redirect("coaching:thread", found.pk)


@require_POST
@login_required
def open_reflection_thread(request: AuthedRequest, reflection_id: int) -> HttpResponse:
    """ "Ask your coach for feedback" on a reflection (or the coach opening it)."""
    found = services.ask_for_feedback(actor=request.user, reflection_id=reflection_id)
    if found.participant_id == request.user.pk:
        _asked(request, found.pk)
    return redirect("coaching:thread", found.pk)
