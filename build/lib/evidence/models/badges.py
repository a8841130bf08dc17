"""Achievements, the issuer, its public keys, status lists and the credentials awarded.

Only PUBLIC keys are stored here: the issuer's private key comes from the environment or a
secret file (``evidence.keys``). A credential's signed JSON is stored as the exact text that
is served, never re-rendered.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting
from wagtail.search import index


class IssuerProfile(BaseGenericSetting):
    """The issuing organisation's public face (one per site): name, URL, email, image."""

    name = models.CharField(max_length=200, default="LAUNCH! Programme")
    url = models.URLField(
        blank=True, help_text=_("The programme's home page (the site's own URL when empty).")
    )
    email = models.EmailField(blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("name"), FieldPanel("url"), FieldPanel("email"), FieldPanel("image")]

    class Meta:
        verbose_name = _("badge issuer")


class Achievement(index.Indexed, models.Model):
    """What a badge is for, and the rule that earns it.

    Criteria: every live required module of the programme completed (the achievement's
    programme, or the participant's when none is set) when ``require_modules``, and every
    standard in ``proficient_standards`` at Proficient or above. ``validity_years`` and
    ``validity_days`` (added together) give the credential a ``validUntil``.
    """

    class Kind(models.TextChoices):
        BADGE = "Badge", _("Badge")
        CERTIFICATE = "Certificate", _("Certificate")
        CERTIFICATION = "Certification", _("Certification")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    criteria_narrative = models.TextField(
        help_text=_("How the achievement is earned, in plain words (shown in the badge).")
    )
    achievement_type = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BADGE)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A PNG or SVG badge image; a plain default is drawn when empty."),
    )
    alignments = models.ManyToManyField(
        "lms.Standard",
        blank=True,
        related_name="+",
        help_text=_("Standards the achievement is aligned to (listed in the badge)."),
    )
    programme = models.ForeignKey(
        "lms.ProgramPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Whose required modules count; empty: the participant's own programme."),
    )
    require_modules = models.BooleanField(_("all required modules completed"), default=True)
    proficient_standards = models.ManyToManyField(
        "lms.Standard",
        blank=True,
        related_name="+",
        verbose_name=_("standards that must be proficient"),
    )
    validity_years = models.PositiveSmallIntegerField(null=True, blank=True)
    validity_days = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(
        default=True, help_text=_("Only active achievements are awarded automatically.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("criteria_narrative"),
        FieldPanel("achievement_type"),
        FieldPanel("image"),
        FieldPanel("alignments"),
        MultiFieldPanel(
            [
                FieldPanel("programme"),
                FieldPanel("require_modules"),
                FieldPanel("proficient_standards"),
            ],
            heading=_("Criteria"),
        ),
        MultiFieldPanel(
            [FieldPanel("validity_years"), FieldPanel("validity_days")],
            heading=_("Validity period (empty: never expires)"),
        ),
        FieldPanel("active"),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def valid_until(self, valid_from: datetime) -> datetime | None:
        """When a credential issued at ``valid_from`` expires (None: never)."""
        if not (self.validity_years or self.validity_days):
            return None
        until = valid_from
        if self.validity_years:
            try:
                until = until.replace(year=until.year + self.validity_years)
            except ValueError:  # 29 February in a year that has none
                until = until.replace(year=until.year + self.validity_years, day=28)
        return until + timedelta(days=self.validity_days or 0)


class IssuerKey(models.Model):
    """A PUBLIC Ed25519 key of the issuer (Multikey ``z6Mk...``). The private half is never
    stored here. Retired keys stay in the DID document so older credentials still verify."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    public_key_multibase = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("issuer public key")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="active"), name="one_active_issuer_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.public_key_multibase[:16]}… ({self.get_status_display()})"


class StatusList(models.Model):
    """A Bitstring Status List for revocation; ``document`` is its signed credential, exactly
    as served at ``/credentials/status/<pk>.json``."""

    #: The DID that signs the list; a list is only used for credentials of the same issuer.
    issuer = models.CharField(max_length=300)
    size = models.PositiveIntegerField(default=131_072)
    allocated = models.PositiveIntegerField(default=0)
    document = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("status list")

    def __str__(self) -> str:
        return f"status list {self.pk} ({self.allocated}/{self.size})"


class Credential(models.Model):
    """An awarded Open Badges 3.0 credential: one per person and achievement.

    ``document`` is the signed JSON text, served byte for byte.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials"
    )
    achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="credentials"
    )
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    status_index = models.PositiveIntegerField()
    verification_method = models.CharField(max_length=300)
    document = models.TextField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "achievement"], name="one_credential_per_achievement"
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="unique_status_list_index"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_id} · {self.user_id} · {self.uuid}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
