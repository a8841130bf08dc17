"""Supervisor or client attestation of a submitted version, by someone without an account."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import attestors


class Attestation(models.Model):
    """A request to a supervisor or client, and their answer.

    The answer keeps who answered (name, email), when, and the hash of the version they saw.
    """

    class Relationship(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervisor")
        CLIENT = "client", _("Client")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    version = models.ForeignKey(
        "evidence.SubmissionVersion", on_delete=models.CASCADE, related_name="attestations"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField()
    # The attestor's organisation: as the participant gave it, then as the attestor states it.
    organisation = models.CharField(max_length=200, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    responder_name = models.CharField(max_length=200, blank=True)
    comment = models.TextField(max_length=5_000, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    version_hash_seen = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} · {self.version} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.REQUESTED

    @property
    def email_domain(self) -> str:
        return attestors.domain_of(self.email)

    @property
    def flags(self) -> list[str]:
        """What staff and coaches should check (free-mail domain, domain unlike the stated
        organisation); never shown to a blind reviewer."""
        return attestors.flags(self.email, self.organisation)
