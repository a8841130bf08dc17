"""Heartbeats of the site's processes (web, worker, beat): what /healthz reports and what a
restore refuses to run beside."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessHeartbeat(models.Model):
    """One running process, refreshed every ``LAUNCH_HEARTBEAT_SECONDS`` by the process itself
    and removed when it exits cleanly. A row not refreshed for three intervals is a process that
    died (its row stays until pruned)."""

    class Kind(models.TextChoices):
        WEB = "web", _("web")
        WORKER = "worker", _("worker")
        BEAT = "beat", _("beat")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "host", "pid"], name="one_heartbeat_a_process")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.host}:{self.pid}"
