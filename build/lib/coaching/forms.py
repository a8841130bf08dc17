"""Forms of coaching (plain Django forms; the services validate again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Anchor, FeedbackMessage


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=FeedbackMessage.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    anchor = forms.ChoiceField(label=_("About"), choices=Anchor.choices, required=False)
