"""The School Improvement Specialist Code of Ethics: staff-edited, one row per version.

Programme staff add a version as a Wagtail snippet, save drafts of it and publish it; the
current version is the published one with the latest effective date on or before today. Each
attestation (``EthicsAttestation``) links the version it was given for and keeps the SHA-256
of the exact text, so a version that anyone has attested can no longer change: staff add a new
version instead.
"""

import hashlib
from datetime import date
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin


class CodeOfEthicsQuerySet(models.QuerySet["CodeOfEthics"]):
    def current(self, *, on: date | None = None) -> "CodeOfEthics | None":
        """The version people attest now: published, in effect on ``on`` (default today),
        the latest effective date first."""
        day = on or timezone.localdate()
        return (
            self.filter(live=True, effective_on__lte=day).order_by("-effective_on", "-pk").first()
        )


class CodeOfEthics(DraftStateMixin, RevisionMixin, models.Model):
    """One version of the code of ethics that everyone enrolling in LAUNCH! attests."""

    version = models.CharField(
        _("version"),
        max_length=20,
        unique=True,
        help_text=_("A label people see next to the text, for example 2027.1."),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), help_text=_("Paragraphs separated by line breaks."))
    effective_on = models.DateField(
        _("effective from"),
        default=timezone.localdate,
        help_text=_("New invitations show this version from this day on, once published."),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="code_of_ethics")

    objects = CodeOfEthicsQuerySet.as_manager()

    panels = [
        FieldPanel("version"),
        FieldPanel("title"),
        FieldPanel("effective_on"),
        FieldPanel("text"),
    ]

    class Meta:
        verbose_name = _("code of ethics")
        verbose_name_plural = _("codes of ethics")
        ordering = ["-effective_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def revisions(self) -> Any:
        return self._revisions

    @property
    def text_sha256(self) -> str:
        """The SHA-256 of the exact text, as recorded with each attestation."""
        return hashlib.sha256(self.text.encode()).hexdigest()

    def clean(self) -> None:
        super().clean()
        # Browsers send a textarea's line breaks as CRLF; the text (and its hash) keeps LF.
        self.text = self.text.replace("\r\n", "\n")
        if self.pk is None:
            return
        saved = CodeOfEthics.objects.filter(pk=self.pk).values("version", "title", "text").first()
        if saved is None or not self.attestations.exists():
            return
        changed = {
            name: _("People have attested this version; add a new version instead.")
            for name in ("version", "title", "text")
            if getattr(self, name) != saved[name]
        }
        if changed:
            raise ValidationError(changed)
