from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from ..models import AuditAction, User
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
    sent after it (retried if the mail server or the broker is down), never lost."""

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader

        from ..outbox import enqueue_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        enqueue_email(
            key=f"password-reset:{context['uid']}:{context['token']}",
            to=[to_email],
            subject=subject,
            text=body,
        )
