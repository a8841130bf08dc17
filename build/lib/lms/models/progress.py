"""Where each participant stands: per module, per standard, and their reflections."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .standards import RubricLevel


class ModuleProgress(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_progress"
    )
    module = models.ForeignKey("lms.ModulePage", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_progress_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.module_id} · {self.get_status_display()}"


class Reflection(models.Model):
    """A participant's answer to a module's reflection prompt (one per module)."""

    MAX_LENGTH = 20_000

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    module = models.ForeignKey("lms.ModulePage", on_delete=models.CASCADE, related_name="+")
    # The cohort in which the reflection was (last) written: its coach there may read it.
    cohort = models.ForeignKey(
        "lms.Cohort", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(max_length=MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="unique_reflection_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.user} · module {self.module_id}"


class StandardProgress(models.Model):
    """Proficiency of a participant in a standard, reached through accepted evidence.

    Written by the evidence app through :func:`lms.services.record_proficiency`; the
    dashboard reads it without knowing about evidence.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standard_progress"
    )
    standard = models.ForeignKey("lms.Standard", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=RubricLevel.choices)
    proficient_at = models.DateTimeField()
    evidence_label = models.CharField(max_length=200, blank=True)
    evidence_url = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = _("standard progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "standard"], name="unique_standard_progress")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.standard_id} · {self.get_level_display()}"
