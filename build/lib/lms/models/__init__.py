"""Models of the programme, grouped by concern."""

from .access import AccessChange
from .accounts import User, UserManager
from .audit import AuditAction, AuditEvent
from .cohorts import (
    Cohort,
    CohortSession,
    Enrolment,
    Organisation,
    OrganisationMembership,
)
from .coordination import Attendance, EthicsAttestation, ImportJob, Invitation
from .ethics import CodeOfEthics
from .notifications import Notification, NotificationInbox
from .outbox import OutboxItem
from .pages import ModulePage, ProgramPage
from .processes import ProcessHeartbeat
from .profiles import Profile
from .progress import ModuleProgress, Reflection, StandardProgress
from .standards import RubricLevel, Standard

__all__ = [
    "AccessChange",
    "Attendance",
    "AuditAction",
    "AuditEvent",
    "CodeOfEthics",
    "Cohort",
    "CohortSession",
    "Enrolment",
    "EthicsAttestation",
    "ImportJob",
    "Invitation",
    "ModulePage",
    "ModuleProgress",
    "Notification",
    "NotificationInbox",
    "Organisation",
    "OrganisationMembership",
    "OutboxItem",
    "ProcessHeartbeat",
    "Profile",
    "ProgramPage",
    "Reflection",
    "RubricLevel",
    "Standard",
    "StandardProgress",
    "User",
    "UserManager",
]
