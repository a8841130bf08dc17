"""An append-only audit log: nobody edits or deletes an entry, not even in the admin."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN_SUCCEEDED = "login.succeeded", _("Login succeeded")
    LOGIN_FAILED = "login.failed", _("Login failed")
    LOGIN_THROTTLED = "login.throttled", _("Login throttled")
    LOGOUT = "logout", _("Logout")
    ACCESS_DENIED = "access.denied", _("Access denied")
    ROLE_CHANGED = "role.changed", _("Role changed")
    ENROLMENTS_IMPORTED = "enrolments.imported", _("Enrolments imported")
    COHORT_SAVED = "cohort.saved", _("Cohort created or changed")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    REPORT_EXPORTED = "report.exported", _("Report exported")
    EVIDENCE_VIEWED = "evidence.viewed", _("Evidence viewed by someone else")
    EVIDENCE_PURGED = "evidence.purged", _("Evidence files removed after the retention period")
    CREDENTIAL_ISSUED = "credential.issued", _("Credential issued")
    CREDENTIAL_REVOKED = "credential.revoked", _("Credential revoked")
    SESSION_CHANGED = "session.changed", _("Session created, changed or deleted")
    ATTENDANCE_RECORDED = "attendance.recorded", _("Attendance recorded")
    CALENDAR_KEY_RESET = "calendar_key.reset", _("Calendar address reset")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):  # type: ignore[override]
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What identified the actor at the time (an email, possibly one that has no account).
    actor_label = models.CharField(max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.actor_label}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise PermissionError("Audit events cannot be deleted.")
