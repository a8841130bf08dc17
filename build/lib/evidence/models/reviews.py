"""Review: assignments of reviewers to versions, their decisions and per-standard scores."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.models import RubricLevel


class ReviewAssignment(models.Model):
    """A reviewer's task on one version, and (once done) their decision."""

    class Role(models.TextChoices):
        PRIMARY = "primary", _("Reviewer")
        SECOND = "second", _("Second reviewer")
        ADJUDICATOR = "adjudicator", _("Adjudicator")

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accept")
        REVISE = "revise", _("Revise and resubmit")

    version = models.ForeignKey(
        "evidence.SubmissionVersion", on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence_assignments"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PRIMARY)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    comment = models.TextField(max_length=10_000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "reviewer"], name="one_assignment_per_reviewer_and_version"
            )
        ]
        indexes = [models.Index(fields=["reviewer", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.version} · {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None


class StandardScore(models.Model):
    """A reviewer's rubric level and comment for one claimed standard."""

    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    standard = models.ForeignKey("lms.Standard", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=RubricLevel.choices)
    comment = models.TextField(max_length=5_000, blank=True)

    class Meta:
        ordering = ["standard__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "standard"], name="one_score_per_standard"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} · {self.standard_id} · {self.get_level_display()}"

    @property
    def proficient(self) -> bool:
        return self.level >= RubricLevel.PROFICIENT
