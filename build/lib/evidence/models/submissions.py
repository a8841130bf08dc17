"""Evidence submissions: the participant's draft, its artefacts and its frozen versions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EvidenceKind(models.TextChoices):
    """The three kinds of data a submission triangulates."""

    FACILITATION = "facilitation", _("Facilitation effort")
    EDUCATOR = "educator", _("Changes in educator performance")
    STUDENT = "student", _("Student achievement")


EVIDENCE_KINDS: tuple[str, ...] = tuple(EvidenceKind.values)


class ProgrammeEvidenceSettings(models.Model):
    """How a programme runs evidence review (defaults apply when a programme has none)."""

    programme = models.OneToOneField(
        "lms.ProgramPage", on_delete=models.CASCADE, related_name="evidence_settings"
    )
    require_facilitation = models.BooleanField(_("require facilitation effort data"), default=True)
    require_educator = models.BooleanField(_("require educator performance data"), default=True)
    require_student = models.BooleanField(_("require student achievement data"), default=True)
    blind_review = models.BooleanField(
        default=False, help_text=_("Reviewers never see who the participant is.")
    )
    second_reviewer = models.BooleanField(
        default=False, help_text=_("Every version is scored by two reviewers.")
    )
    auto_assign = models.BooleanField(
        default=True, help_text=_("Assign a reviewer automatically on submission.")
    )

    class Meta:
        verbose_name = _("programme evidence settings")
        verbose_name_plural = _("programme evidence settings")

    def __str__(self) -> str:
        return f"Evidence settings · {self.programme_id}"

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of data required before submitting (all three when none is ticked)."""
        chosen = tuple(k for k in EVIDENCE_KINDS if getattr(self, f"require_{k}"))
        return chosen or EVIDENCE_KINDS


class Submission(models.Model):
    """Job-embedded evidence claimed against one or more standards.

    The editable fields are the draft; each submission freezes a :class:`SubmissionVersion`.
    Nothing here is set from a form except the draft fields (title, narratives, standards).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        REVISE = "revise", _("Revise and resubmit")
        ACCEPTED = "accepted", _("Accepted")

    TITLE_MAX = 200
    NARRATIVE_MAX = 20_000
    EDITABLE = (Status.DRAFT, Status.REVISE)

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence_submissions"
    )
    cohort = models.ForeignKey(
        "lms.Cohort", on_delete=models.PROTECT, related_name="evidence_submissions"
    )
    title = models.CharField(max_length=TITLE_MAX, blank=True)
    standards = models.ManyToManyField("lms.Standard", related_name="+", blank=True)
    narrative_facilitation = models.TextField(max_length=NARRATIVE_MAX, blank=True)
    narrative_educator = models.TextField(max_length=NARRATIVE_MAX, blank=True)
    narrative_student = models.TextField(max_length=NARRATIVE_MAX, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    blind = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["participant", "status"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self) -> str:
        return self.title or f"Submission {self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def pseudonym(self) -> str:
        """What a blind reviewer calls the participant's work."""
        return f"E-{self.pk:05d}"

    def narrative(self, kind: str) -> str:
        return str(getattr(self, f"narrative_{kind}"))


class Artefact(models.Model):
    """A file (in private storage, under a server-generated name) or a link, of one kind.

    An artefact frozen into a version is never deleted; removing it from a later draft only
    sets ``removed_at``.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="artefacts")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    label = models.CharField(max_length=200, blank=True)
    # A file: where it is stored (generated), the sanitised name shown to its owner, its type.
    storage_name = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    # Or a link.
    url = models.URLField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # When the stored file was deleted under the retention policy (the row, its name, size
    # and hash stay, so versions keep their history).
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(storage_name="") & ~Q(url="")) | (~Q(storage_name="") & Q(url="")),
                name="artefact_is_a_file_or_a_link",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.original_name or self.url

    @property
    def is_file(self) -> bool:
        return bool(self.storage_name)

    def anonymous_name(self) -> str:
        """A file name that says nothing about the participant (for blind review)."""
        return f"artefact-{self.pk}.{self.extension}" if self.extension else f"artefact-{self.pk}"


class SubmissionVersion(models.Model):
    """An immutable snapshot of a submission, frozen when it is submitted."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        REVISE = "revise", _("Revise and resubmit")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    artefacts = models.ManyToManyField(Artefact, related_name="versions", blank=True)
    standards = models.ManyToManyField("lms.Standard", related_name="+")
    submitted_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="unique_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        """Versions are frozen: only the outcome may change after creation."""
        if self.pk is not None:
            update_fields = set(kwargs.get("update_fields") or ())
            if not update_fields or not update_fields <= {"outcome", "decided_at"}:
                raise PermissionError("A submitted version cannot be changed.")
        super().save(*args, **kwargs)
