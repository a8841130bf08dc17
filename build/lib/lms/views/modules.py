"""Participant actions on a module page: save the reflection, mark the module complete.

Both work as plain form posts (redirect back to the module) and through htmx (the module
page's named partial comes back in place).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..http import AuthedRequest
from ..models import ModuleProgress, Reflection


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        max_length=Reflection.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (ModuleProgress.Status.COMPLETED, _("Completed")),
            (ModuleProgress.Status.IN_PROGRESS, _("In progress")),
        ]
    )


def _module_partial(request: AuthedRequest, module_id: int, partial: str, **extra) -> HttpResponse:
    module = selectors.access_module(user=request.user, module_id=module_id)
    context = {"page": module, "self": module, **extra}
    context.update(selectors.module_view_state(user=request.user, module=module))
    return TemplateResponse(request, f"lms/module_page.html#{partial}", context)


@require_POST
@login_required
def save_reflection(request: AuthedRequest, module_id: int) -> HttpResponse:
    form = ReflectionForm(request.POST)
    module = selectors.access_module(user=request.user, module_id=module_id)
    if form.is_valid():
        services.save_reflection(
            actor=request.user, module_id=module.pk, text=form.cleaned_data["text"]
        )
        if request.htmx:
            return _module_partial(request, module.pk, "reflection", reflection_saved=True)
        messages.success(request, _("Your reflection is saved."))
        return redirect(module.get_url(request) + "#reflection")
    if request.htmx:
        return _module_partial(request, module.pk, "reflection", reflection_form=form)
    messages.error(
        request,
        _("Your reflection could not be saved: %(errors)s")
        % {"errors": " ".join(str(e) for e in form.errors.get("text", []))},
    )
    return redirect(module.get_url(request) + "#reflection")


@require_POST
@login_required
def set_progress(request: AuthedRequest, module_id: int) -> HttpResponse:
    form = ProgressForm(request.POST)
    module = selectors.access_module(user=request.user, module_id=module_id)
    if form.is_valid():
        services.set_module_progress(
            actor=request.user, module_id=module.pk, status=form.cleaned_data["status"]
        )
        if request.htmx:
            return _module_partial(request, module.pk, "status")
        if form.cleaned_data["status"] == ModuleProgress.Status.COMPLETED:
            messages.success(request, _("Module marked complete. Well done!"))
        return redirect(module.get_url(request))
    messages.error(request, _("That status is not allowed."))
    return redirect(module.get_url(request))
