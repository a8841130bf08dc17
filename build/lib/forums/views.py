"""Pages of forums. Thin: a form, one service or selector call, the page or its partial.

Every action works as a plain form POST that redirects back (no JavaScript needed); with
htmx the same view answers with the named partial that changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.exceptions import AccessDenied
from lms.http import AuthedRequest, error_message, run_action
from lms.models import Standard

from . import selectors, services
from .forms import (
    DigestForm,
    EditForm,
    FollowForm,
    PostForm,
    ReasonForm,
    ReportForm,
    SearchForm,
    ShareForm,
    TopicForm,
)
from .models import Post


def _post_url(post: Post, role: str) -> str:
    page = selectors.page_of_post(post=post, role=role)
    return reverse("forums:topic", args=[post.topic_id]) + f"?page={page}#post-{post.pk}"


@require_GET
@login_required
def index(request: AuthedRequest) -> HttpResponse:
    context = {
        "forums": selectors.forums_for_user(user=request.user),
        "moderates": selectors.is_moderator_anywhere(request.user),
        "search_form": SearchForm(),
    }
    return TemplateResponse(request, "forums/index.html", context)


@require_GET
@login_required
def forum(request: AuthedRequest, forum_id: int) -> HttpResponse:
    data = selectors.forum_page(user=request.user, pk=forum_id, page_number=request.GET.get("page"))
    template = "forums/forum.html#topics" if request.htmx else "forums/forum.html"
    return TemplateResponse(request, template, {"data": data, "forum": data.forum})


@require_http_methods(["GET", "POST"])
@login_required
def new_topic(request: AuthedRequest, forum_id: int) -> HttpResponse:
    forum, _role = selectors.access_forum(user=request.user, pk=forum_id)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.create_topic(
                actor=request.user,
                forum_id=forum.pk,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            form.add_error(None, error_message(error))
        else:
            return redirect("forums:topic", topic.pk)
    return TemplateResponse(request, "forums/new_topic.html", {"forum": forum, "form": form})


@require_GET
@login_required
def topic(request: AuthedRequest, topic_id: int) -> HttpResponse:
    page_number = request.GET.get("page")
    data = selectors.topic_page(user=request.user, pk=topic_id, page_number=page_number)
    services.mark_topic_read(user=request.user, topic=data.topic)
    reply_to = request.GET.get("reply_to", "")
    form = PostForm(initial={"parent": int(reply_to)} if reply_to.isdigit() else None)
    context = {"data": data, "topic": data.topic, "viewer": data.viewer, "form": form}
    template = "forums/topic.html#posts" if request.htmx else "forums/topic.html"
    return TemplateResponse(request, template, context)


@require_POST
@login_required
def reply(request: AuthedRequest, topic_id: int) -> HttpResponse:
    form = PostForm(request.POST)
    topic, role = selectors.access_topic(user=request.user, pk=topic_id)
    post = None
    if form.is_valid():
        try:
            post = services.post_reply(
                actor=request.user,
                topic_id=topic.pk,
                body=form.cleaned_data["body"],
                parent_id=form.cleaned_data["parent"],
            )
        except ValidationError as error:
            form.add_error("body", error_message(error))
    if request.htmx:
        context: dict = {"topic": topic, "form": PostForm() if post else form, "new_post": post}
        if post is not None:
            post.topic = topic
            context["viewer"] = selectors.viewer_for(request.user, role, [post])
            context["p"] = post
        return TemplateResponse(request, "forums/partials/_reply_result.html", context)
    if post is None:
        messages.error(
            request,
            _("Your post could not be saved: %(errors)s")
            % {"errors": " ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
        return redirect("forums:topic", topic.pk)
    return redirect(_post_url(post, role))


def _post_partial(request: AuthedRequest, post_id: int) -> HttpResponse:
    post, role = selectors.access_post(user=request.user, pk=post_id)
    viewer = selectors.viewer_for(request.user, role, [post])
    context = {"p": post, "viewer": viewer, "topic": post.topic}
    return TemplateResponse(request, "forums/partials/_post.html", context)


def _back(request: AuthedRequest, post_id: int) -> HttpResponse:
    if request.htmx:
        try:
            return _post_partial(request, post_id)
        except AccessDenied:  # e.g. the moderator hid it: nothing to show
            return HttpResponse("")
    post = Post.objects.only("pk", "topic_id").get(pk=post_id)
    return redirect(reverse("forums:topic", args=[post.topic_id]) + f"#post-{post.pk}")


@require_http_methods(["GET", "POST"])
@login_required
def edit_post(request: AuthedRequest, post_id: int) -> HttpResponse:
    post, role = selectors.access_post(user=request.user, pk=post_id)
    form = EditForm(request.POST or None, initial={"body": post.body_markdown})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(actor=request.user, post_id=post.pk, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error_message(error))
        else:
            messages.success(request, _("Your post is updated."))
            return redirect(reverse("forums:topic", args=[post.topic_id]) + f"#post-{post.pk}")
    if not selectors.Viewer(request.user.pk, role).can_edit(post):
        messages.error(request, _("This post can no longer be edited."))
        return redirect(reverse("forums:topic", args=[post.topic_id]) + f"#post-{post.pk}")
    return TemplateResponse(request, "forums/edit_post.html", {"post": post, "form": form})


@require_POST
@login_required
def delete_post(request: AuthedRequest, post_id: int) -> HttpResponse:
    services.delete_post(actor=request.user, post_id=post_id)
    if not request.htmx:
        messages.success(request, _("Your post is deleted."))
    return _back(request, post_id)


@require_POST
@login_required
def accept_post(request: AuthedRequest, post_id: int) -> HttpResponse:
    services.accept_answer(actor=request.user, post_id=post_id)
    return _back(request, post_id)


@require_POST
@login_required
def helpful(request: AuthedRequest, post_id: int) -> HttpResponse:
    services.toggle_helpful(actor=request.user, post_id=post_id)
    return _back(request, post_id)


@require_http_methods(["GET", "POST"])
@login_required
def report_post(request: AuthedRequest, post_id: int) -> HttpResponse:
    post, _role = selectors.access_post(user=request.user, pk=post_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_post(
            actor=request.user, post_id=post.pk, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Thank you: the moderators will look at this post."))
        return redirect(reverse("forums:topic", args=[post.topic_id]) + f"#post-{post.pk}")
    return TemplateResponse(request, "forums/report_post.html", {"post": post, "form": form})


@require_POST
@login_required
def moderate_post(request: AuthedRequest, post_id: int) -> HttpResponse:
    post, role = selectors.access_post(user=request.user, pk=post_id)
    if role != selectors.MODERATOR:
        raise AccessDenied("post", post_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the moderation."))
        return redirect(reverse("forums:topic", args=[post.topic_id]) + f"#post-{post.pk}")
    return run_action(
        request,
        lambda: services.moderate_post(
            actor=request.user,
            post_id=post.pk,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        ),
        errors=(ValidationError,),
        redirect_to=lambda: _back(request, post.pk),
    )


@require_POST
@login_required
def moderate_topic(request: AuthedRequest, topic_id: int) -> HttpResponse:
    topic, role = selectors.access_topic(user=request.user, pk=topic_id)
    if role != selectors.MODERATOR:
        raise AccessDenied("topic", topic_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for the moderation."))
        return redirect("forums:topic", topic.pk)
    return run_action(
        request,
        lambda: services.moderate_topic(
            actor=request.user,
            topic_id=topic.pk,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        ),
        errors=(ValidationError,),
        success=_("The topic is updated."),
        redirect_to=reverse("forums:topic", args=[topic.pk]),
    )


@require_GET
@login_required
def moderation_queue(request: AuthedRequest) -> HttpResponse:
    if not selectors.is_moderator_anywhere(request.user):
        raise AccessDenied("moderation queue")
    reports = selectors.moderation_queue(user=request.user)
    return TemplateResponse(request, "forums/moderation_queue.html", {"reports": reports})


@require_POST
@login_required
def resolve_report(request: AuthedRequest, report_id: int) -> HttpResponse:
    services.resolve_report(actor=request.user, report_id=report_id)
    messages.success(request, _("The report is closed."))
    return redirect("forums:moderation_queue")


@require_POST
@login_required
def follow_topic(request: AuthedRequest, topic_id: int) -> HttpResponse:
    form = FollowForm(request.POST)
    if form.is_valid():
        services.set_following(
            actor=request.user, follow=form.cleaned_data["follow"], topic_id=topic_id
        )
    else:
        messages.error(request, _follow_errors(form))
    return redirect("forums:topic", topic_id)


@require_POST
@login_required
def follow_forum(request: AuthedRequest, forum_id: int) -> HttpResponse:
    form = FollowForm(request.POST)
    if form.is_valid():
        services.set_following(
            actor=request.user, follow=form.cleaned_data["follow"], forum_id=forum_id
        )
    else:
        messages.error(request, _follow_errors(form))
    return redirect("forums:forum", forum_id)


def _follow_errors(form: FollowForm) -> str:
    return _("Nothing changed: %(errors)s") % {
        "errors": " ".join(str(e) for errs in form.errors.values() for e in errs)
    }


@require_GET
@login_required
def search(request: AuthedRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search_posts(user=request.user, query=query) if query else []
    context = {"form": form, "query": query, "results": results}
    template = "forums/search.html#results" if request.htmx else "forums/search.html"
    return TemplateResponse(request, template, context)


@require_http_methods(["GET", "POST"])
@login_required
def digest_settings(request: AuthedRequest) -> HttpResponse:
    preference = selectors.digest_preference(user=request.user)
    form = DigestForm(request.POST or None, initial={"frequency": preference.frequency})
    if request.method == "POST" and form.is_valid():
        services.set_digest_frequency(actor=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("Your digest setting is saved."))
        return redirect("forums:settings")
    return TemplateResponse(request, "forums/settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def share(request: AuthedRequest) -> HttpResponse:
    standard_id = request.POST.get("standard") or request.GET.get("standard") or ""
    standard = Standard.objects.filter(pk=int(standard_id) if standard_id.isdigit() else 0).first()
    forum = selectors.standard_forum_for(user=request.user, standard=standard) if standard else None
    if standard is None or forum is None or not selectors.is_participant(request.user):
        raise AccessDenied("standard forum", standard_id)
    form = ShareForm(
        request.POST or None,
        initial={"standard": standard.pk, "source": request.GET.get("source", "")[:200]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.share_to_standard_forum(
                actor=request.user,
                standard=standard,
                title=form.cleaned_data["title"],
                summary_markdown=form.cleaned_data["summary"],
                source_label=form.cleaned_data["source"],
            )
        except ValidationError as error:
            form.add_error(None, error_message(error))
        else:
            messages.success(request, _("Shared with the standard's forum. Thank you!"))
            return redirect("forums:topic", topic.pk)
    context = {"form": form, "standard": standard, "forum": forum}
    return TemplateResponse(request, "forums/share.html", context)
