"""What coordinators run: invitations, the code-of-ethics attestation, attendance and
roster import jobs."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """The invitation behind an ``invited`` enrolment.

    Links carry the invitation id and its ``nonce``, signed with a time stamp
    (``lms.invitations.selectors``). Resending or revoking changes the nonce, so older links
    stop working.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")

    enrolment = models.OneToOneField(
        "lms.Enrolment", on_delete=models.CASCADE, related_name="invitation"
    )
    nonce = models.CharField(max_length=32, default=new_nonce)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.enrolment} ({self.get_status_display()})"


class EthicsAttestation(models.Model):
    """A person's attestation of one version of the code of ethics, with its time stamp: the
    version (its label and the row, which cannot be deleted while attested) and the SHA-256
    of the exact text they were shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ethics_attestations"
    )
    code_of_ethics = models.ForeignKey(
        "lms.CodeOfEthics",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attestations",
    )
    version = models.CharField(max_length=20)
    text_sha256 = models.CharField(max_length=64)
    attested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="one_attestation_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.version} · {self.attested_at:%Y-%m-%d}"


class Attendance(models.Model):
    """Whether a person attended a session, as recorded by a coach or coordinator."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(
        "lms.CohortSession", on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.session} · {self.get_status_display()}"


class ImportJob(models.Model):
    """One roster file on its way in: previewed, then written in the background.

    The file's bytes are kept (they are capped) so the write can run in a worker and be
    re-run after an interruption with the same result as one clean run.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Previewed")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    cohort = models.ForeignKey("lms.Cohort", on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEW)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} → {self.cohort} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.processed_rows * 100 // self.total_rows)
