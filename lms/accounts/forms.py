import uuid
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from ..models import AuditAction, User
from ..outbox import handler
from ..services import client_ip, record_audit_event


class EmailAuthenticationForm(AuthenticationForm):
    """Login by email, with a cool-down after repeated failures per email and per address."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed attempts. Wait 15 minutes, or reset your password by email."
        ),
    }

    def _keys(self) -> list[str]:
        email = User.objects.normalize_email(self.data.get("username", ""))
        ip = client_ip(self.request) or "unknown"
        return [f"login-fail:email:{email}", f"login-fail:ip:{ip}"]

    def clean(self):  # type: ignore[no-untyped-def]
        keys = self._keys()
        limit = settings.LOGIN_RATE_LIMIT
        if any((cache.get(k) or 0) >= limit for k in keys):
            record_audit_event(
                action=AuditAction.LOGIN_THROTTLED,
                actor_label=self.data.get("username", "")[:254],
                request=self.request,
            )
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            for key in keys:
                cache.add(key, 0, settings.LOGIN_RATE_WINDOW_SECONDS)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, settings.LOGIN_RATE_WINDOW_SECONDS)
            raise


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "school"]


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
    base = urlsplit(str(settings.WAGTAILADMIN_BASE_URL))
    context = {
        "email": user.email,
        "domain": base.netloc,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": base.scheme or "https",
    }
    subject = loader.render_to_string("accounts/email/password_reset_subject.txt", context)
    send_email_now(
        to=[user.email],
        subject="".join(subject.splitlines()),
        text=loader.render_to_string("accounts/email/password_reset.txt", context),
    )
