"""Forms of the evidence pages. They validate input only; services decide everything else
(status, reviewers, scores are never model fields of a form)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.converters import IdMultipleChoiceField
from lms.models import RubricLevel, Standard

from .models import Attestation, EvidenceKind, ReviewAssignment, Submission


class StandardChoiceField(IdMultipleChoiceField):
    def label_from_instance(self, obj: Standard) -> str:  # type: ignore[override]
        return f"{obj.number}. {obj.name}"


class NewSubmissionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=Submission.TITLE_MAX, required=False)
    standards = StandardChoiceField(
        label=_("Standards this evidence shows"),
        queryset=Standard.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class DraftForm(NewSubmissionForm):
    narrative_facilitation = forms.CharField(
        label=EvidenceKind.FACILITATION.label,
        max_length=Submission.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you did: the facilitation effort itself."),
    )
    narrative_educator = forms.CharField(
        label=EvidenceKind.EDUCATOR.label,
        max_length=Submission.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("How educators' practice changed."),
    )
    narrative_student = forms.CharField(
        label=EvidenceKind.STUDENT.label,
        max_length=Submission.NARRATIVE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What changed for students, with data."),
    )

    def narratives(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"narrative_{kind}"] for kind in EvidenceKind.values}


class ArtefactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of data"), choices=EvidenceKind.choices)
    label = forms.CharField(label=_("Short description"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False, allow_empty_file=True)
    url = forms.URLField(
        label=_("Or a link"), required=False, max_length=500, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Choose a file or give a link (one of them)."))
        return data


class ReviewForm(forms.Form):
    """One level and comment per claimed standard, then the decision."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewAssignment.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment for the participant"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, standards: list[Standard], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.standards = standards
        for s in standards:
            self.fields[f"level_{s.pk}"] = forms.TypedChoiceField(
                label=_("Level for standard %(n)s") % {"n": s.number},
                choices=RubricLevel.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{s.pk}"] = forms.CharField(
                label=_("Comment on standard %(n)s") % {"n": s.number},
                max_length=5_000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"standard": s, "level": self[f"level_{s.pk}"], "comment": self[f"comment_{s.pk}"]}
            for s in self.standards
        ]

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            s.pk: (self.cleaned_data[f"level_{s.pk}"], self.cleaned_data[f"comment_{s.pk}"])
            for s in self.standards
        }


class AttestationRequestForm(forms.Form):
    relationship = forms.ChoiceField(
        label=_("They are my"), choices=Attestation.Relationship.choices
    )
    name = forms.CharField(label=_("Their name"), max_length=200)
    email = forms.EmailField(
        label=_("Their email"),
        help_text=_("Their own work address, not yours: requests to your address are refused."),
    )
    organisation = forms.CharField(
        label=_("Their organisation"),
        max_length=200,
        required=False,
        help_text=_("Where they work; they can correct it when they answer."),
    )


class AttestForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            ("confirm", _("I confirm this statement")),
            ("decline", _("I cannot confirm this statement")),
        ],
        widget=forms.RadioSelect,
    )
    responder_name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Your organisation"), max_length=200, required=False)
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=5_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)


class AssignForm(forms.Form):
    reviewer = forms.TypedChoiceField(label=_("Reviewer"), coerce=int, choices=[])
    blind = forms.BooleanField(label=_("Blind review"), required=False)

    def __init__(self, *args: Any, reviewers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [  # type: ignore[attr-defined]
            (u.pk, f"{u.get_full_name() or u.email} ({u.open_count} open)") for u in reviewers
        ]
