from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..http import AuthedRequest
from ..models import Enrolment
from .forms import EmailAuthenticationForm, OutboxPasswordResetForm, ProfileForm


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "lms/accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "lms/accounts/password_reset.html"
    form_class = OutboxPasswordResetForm
    email_template_name = "lms/accounts/email/password_reset.txt"
    subject_template_name = "lms/accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "lms/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "lms/accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    enrolments = Enrolment.objects.filter(user=request.user).select_related(
        "cohort", "coach", "cohort__organisation"
    )
    return render(request, "lms/accounts/profile.html", {"form": form, "enrolments": enrolments})


@require_POST
@login_required
def download_my_data(request: AuthedRequest) -> HttpResponse:
    """Everything the site holds about the signed-in person, as a ZIP archive."""
    from ..privacy import export_person

    archive = export_person(actor=request.user, user=request.user)
    response = HttpResponse(archive, content_type="application/zip")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="launch-my-data-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
