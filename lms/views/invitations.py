"""Accepting an invitation: choose a password, attest the code of ethics, land on the
dashboard. The link is the only credential; it works once."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from ..invitations import selectors as invitation_selectors
from ..invitations import services as invitation_services
from ..models import CodeOfEthics


class AcceptForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    attest = forms.BooleanField(
        label=gettext_lazy(
            "I have read the School Improvement Specialist Code of Ethics and will follow it."
        ),
        error_messages={"required": gettext_lazy("Please confirm the code of ethics.")},
    )
    # The version of the code of ethics the page showed (see invitation_services.accept_invitation).
    ethics_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["password1"].help_text = password_validators_help_text_html()

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ConsentForm(forms.Form):
    """For people who already have an account: consent and the code of ethics, no password."""

    attest = AcceptForm.base_fields["attest"]
    ethics_version = AcceptForm.base_fields["ethics_version"]

    def __init__(self, *args, user=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_selectors.invitation_from_token(token)
    except invitation_selectors.InvitationInvalid as exc:
        return TemplateResponse(
            request,
            "lms/invitation_accept.html",
            {"problem": str(exc), "accepted": exc.accepted},
        )
    person = invitation.enrolment.user
    existing = invitation_selectors.needs_sign_in(invitation)
    if existing and request.user.pk != person.pk:
        # An account holder accepts signed in as themselves (whoever holds the link).
        return TemplateResponse(
            request,
            "lms/invitation_accept.html",
            {"sign_in_as": person.email, "cohort": invitation.enrolment.cohort},
        )
    ethics = CodeOfEthics.objects.current()
    if ethics is None:
        return TemplateResponse(
            request,
            "lms/invitation_accept.html",
            {"problem": _("The code of ethics is not published yet. Please try again later.")},
        )
    form_class = ConsentForm if existing else AcceptForm
    form = form_class(request.POST or None, user=person)
    if request.method == "POST" and form.is_valid():
        try:
            accepted = invitation_services.accept_invitation(
                token=token,
                password=form.cleaned_data.get("password1"),
                attested=True,
                actor=request.user if existing else None,  # type: ignore[arg-type]
                ethics_version_id=form.cleaned_data.get("ethics_version"),
            )
        except invitation_services.EthicsVersionChanged:
            form.add_error(
                "attest",
                _(
                    "The code of ethics was updated while you were reading it. Please read "
                    "this version and confirm it."
                ),
            )
        except invitation_selectors.InvitationInvalid as exc:
            return TemplateResponse(
                request,
                "lms/invitation_accept.html",
                {"problem": str(exc), "accepted": exc.accepted},
            )
        else:
            if not existing:
                login(request, accepted.user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(
                request,
                _("Welcome to %(cohort)s. Your account is ready.")
                % {"cohort": accepted.enrolment.cohort},
            )
            return redirect("lms:dashboard")
    return TemplateResponse(
        request,
        "lms/invitation_accept.html",
        {
            "form": form,
            "invitation": invitation,
            "person": person,
            "existing": existing,
            "cohort": invitation.enrolment.cohort,
            "ethics": ethics,
        },
    )


urlpatterns = [
    path("invitations/<str:token>/", accept_invitation, name="accept_invitation"),
]
