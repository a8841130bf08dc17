"""The outbox: side effects that must happen, recorded with the change that causes them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxItem(models.Model):
    """One side effect (an email, a push, an issuance, an import batch) to carry out.

    Written in the same transaction as its cause, so it exists exactly when the cause does.
    ``(kind, key)`` is unique: recording the same business event twice records it once.
    The first attempt runs after commit; ``lms.outbox.sweep`` retries what is still pending;
    after ``LAUNCH_OUTBOX_MAX_ATTEMPTS`` failures the item is parked with its error for staff.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        PARKED = "parked", _("Parked after repeated failures")

    kind = models.CharField(_("kind"), max_length=64)
    key = models.CharField(_("business key"), max_length=255)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox item")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="outbox_unique_business_key")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.get_status_display()})"
