import hashlib
import uuid
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from ..conf import conf
from ..links import public_base_url
from ..models import AuditAction, Profile
from ..outbox import handler
from ..people import User, school_of, update_profile
from ..services import client_ip, record_audit_event

THROTTLED_MESSAGE = _("Too many failed attempts. Wait 15 minutes, or reset your password by email.")


class LoginThrottleMixin:
    """The one login throttle, for every login form (the site's and the Wagtail admin's).

    Failures are counted per (account, client address) and per client address. A locked pair
    refuses even the right password, but only from that address: someone guessing from
    elsewhere cannot lock a person out. The per-address limit stops one address from trying
    many accounts. The address is ``REMOTE_ADDR`` as set by
    :class:`lms.middleware.TrustedProxyMiddleware`.
    """

    request: HttpRequest | None
    data: Any

    def _throttle_counters(self) -> list[tuple[str, int]]:
        email = str(self.data.get("username", "")).strip().lower()
        digest = hashlib.sha256(email.encode()).hexdigest()[:32]
        ip = client_ip(self.request) or "unknown"
        return [
            (f"login-fail:account:{digest}:ip:{ip}", conf.LAUNCH_LOGIN_RATE_LIMIT),
            (f"login-fail:ip:{ip}", conf.LAUNCH_LOGIN_RATE_LIMIT_PER_ADDRESS),
        ]

    def clean(self):  # type: ignore[no-untyped-def]
        counters = self._throttle_counters()
        if any((cache.get(key) or 0) >= limit for key, limit in counters):
            record_audit_event(
                action=AuditAction.LOGIN_THROTTLED,
                actor_label=str(self.data.get("username", ""))[:254],
                request=self.request,
            )
            raise forms.ValidationError(THROTTLED_MESSAGE, code="throttled")
        try:
            return super().clean()  # type: ignore[misc]
        except forms.ValidationError:
            for key, _limit in counters:
                cache.add(key, 0, conf.LAUNCH_LOGIN_RATE_WINDOW_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, conf.LAUNCH_LOGIN_RATE_WINDOW_SECONDS)
            raise


class EmailAuthenticationForm(LoginThrottleMixin, AuthenticationForm):
    """Login by email, throttled (:class:`LoginThrottleMixin`)."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class AdminLoginForm(LoginThrottleMixin, WagtailLoginForm):
    """The Wagtail admin's login (``WAGTAILADMIN_USER_LOGIN_FORM``): the same throttle, and
    only people who may use the admin are let in. Anyone else gets the wrong-password answer
    (counted as a failure) and no session."""

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if not user.has_perm("wagtailadmin.access_admin"):
            raise self.get_invalid_login_error()


class ProfileForm(forms.ModelForm):
    """The person's name (on the host's user model) and school (on their LMS profile)."""

    school = forms.CharField(
        label=_("School or organisation"),
        max_length=Profile._meta.get_field("school").max_length,
        required=False,
    )

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["school"].initial = school_of(self.instance)

    def save(self, commit: bool = True) -> Any:
        user = super().save(commit=commit)
        if commit:
            update_profile(user, school=self.cleaned_data["school"].strip())
        return user


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the email goes through the outbox: recorded with the request,
    sent after it (retried if the mail server or the broker is down), never lost.

    The outbox item holds only the account's id: the token is made when the email is sent
    (:func:`_send_password_reset`), so no live reset link is stored in the database, listed
    in the admin or kept in a backup."""

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from ..outbox import enqueue

        enqueue(
            kind="lms.password_reset",
            key=f"password-reset:{context['user'].pk}:{uuid.uuid4().hex}",
            payload={"user_id": context["user"].pk},
        )


@handler("lms.password_reset")
def _send_password_reset(payload: dict[str, Any]) -> None:
    """Make the reset link now and email it (nothing when the account is gone or disabled)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.template import loader
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from ..outbox import send_email_now

    user = User.objects.filter(pk=payload["user_id"], is_active=True).first()
    if user is None or not user.has_usable_password() or not user.email:
        return
    base = urlsplit(public_base_url())
    context = {
        "email": user.email,
        "domain": base.netloc,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": base.scheme or "https",
    }
    subject = loader.render_to_string("lms/accounts/email/password_reset_subject.txt", context)
    send_email_now(
        to=[user.email],
        subject="".join(subject.splitlines()),
        text=loader.render_to_string("lms/accounts/email/password_reset.txt", context),
    )
