"""Forms of forums' pages (plain POST without JavaScript, the same forms through htmx)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DigestPreference, Post, Topic


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=Topic.TITLE_MAX)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (Topic.Kind.DISCUSSION, _("Discussion")),
            (Topic.Kind.QUESTION, _("Question (answers can be accepted)")),
        ],
        initial=Topic.Kind.DISCUSSION,
    )
    body = forms.CharField(
        label=_("Your post (Markdown)"),
        max_length=Post.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply (Markdown)"),
        max_length=Post.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EditForm(forms.Form):
    body = forms.CharField(
        label=_("Your post (Markdown)"),
        max_length=Post.BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    action = forms.CharField(max_length=20)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this post?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowForm(forms.Form):
    follow = forms.BooleanField(required=False)


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Digest email"), choices=DigestPreference.Frequency.choices
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forums"), max_length=200, required=False)


class ShareForm(forms.Form):
    standard = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=Topic.TITLE_MAX)
    summary = forms.CharField(
        label=_("What you would like others to learn from it (Markdown)"),
        max_length=Post.BODY_MAX - 300,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    source = forms.CharField(
        label=_("Source (e.g. the evidence title)"), max_length=200, required=False
    )
