"""Writes of the lms app. Each service takes the acting user, checks, writes atomically and
schedules side effects only after commit."""

from functools import partial
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .exceptions import AccessDenied
from .models import (
    AuditAction,
    AuditEvent,
    Cohort,
    Enrolment,
    ModulePage,
    ModuleProgress,
    Reflection,
    Standard,
    StandardProgress,
)
from .people import User, current_cohort_id_of, update_profile
from .selectors import access_module, participant_enrolment_for, participant_enrolments
from .signals import module_completed


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_audit_event(
    *,
    action: AuditAction | str,
    actor: User | None = None,
    actor_label: str = "",
    request: HttpRequest | None = None,
    target: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an entry to the audit log. Never include evidence content in ``detail``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor else ""),
        ip_address=client_ip(request),
        path=(request.path[:500] if request is not None else ""),
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail or {},
    )


def touch_activity(*, user: User) -> None:
    """Remember when the participant last did something (for inactivity flags)."""
    update_profile(user, last_activity_at=timezone.now())


def _require_participant(user: User, module: ModulePage) -> Enrolment:
    enrolment = participant_enrolment_for(user)
    if enrolment is None:
        raise AccessDenied("module", module.pk)
    return enrolment


@transaction.atomic
def save_reflection(*, actor: User, module_id: int, text: str) -> Reflection:
    """Save the participant's answer to the module's reflection prompt.

    Starts the module (not started -> in progress). Raises ``AccessDenied`` when the actor is
    not a participant of the module's programme, ``ValueError`` when the text is too long.
    """
    module = access_module(user=actor, module_id=module_id)
    enrolment = _require_participant(actor, module)
    text = text.replace("\x00", "").strip()
    if len(text) > Reflection.MAX_LENGTH:
        raise ValueError("too long")
    # The reflection belongs to the cohort it is written in: that cohort's coach reads it.
    reflection, _ = Reflection.objects.update_or_create(
        user=actor, module=module, defaults={"text": text, "cohort_id": enrolment.cohort_id}
    )
    progress, _ = ModuleProgress.objects.get_or_create(user=actor, module=module)
    if progress.status == ModuleProgress.Status.NOT_STARTED:
        progress.status = ModuleProgress.Status.IN_PROGRESS
        progress.started_at = timezone.now()
        progress.save(update_fields=["status", "started_at", "updated_at"])
    touch_activity(user=actor)
    return reflection


@transaction.atomic
def choose_current_cohort(*, actor: User, cohort_id: int) -> Enrolment:
    """Make ``cohort_id`` the participant's current cohort (where their new work goes and
    whose coach reads it). Only a cohort they are a current participant of; ``AccessDenied``
    otherwise."""
    enrolment = next((e for e in participant_enrolments(actor) if e.cohort_id == cohort_id), None)
    if enrolment is None:
        raise AccessDenied("cohort", cohort_id)
    if current_cohort_id_of(actor) != cohort_id:
        update_profile(actor, current_cohort_id=cohort_id)
        record_audit_event(
            action=AuditAction.ROLE_CHANGED,
            actor=actor,
            target=enrolment,
            detail={"current_cohort": cohort_id},
        )
    return enrolment


@transaction.atomic
def set_module_progress(*, actor: User, module_id: int, status: str) -> ModuleProgress:
    """Mark a module completed, or reopen it (back to in progress).

    Idempotent: marking a completed module completed again changes nothing and sends no
    signal. Sends ``module_completed`` after commit when the module becomes completed.
    """
    if status not in (ModuleProgress.Status.COMPLETED, ModuleProgress.Status.IN_PROGRESS):
        raise ValueError("unknown status")
    module = access_module(user=actor, module_id=module_id)
    _require_participant(actor, module)
    progress, _ = ModuleProgress.objects.select_for_update().get_or_create(
        user=actor, module=module
    )
    if progress.status == status:
        return progress
    now = timezone.now()
    progress.status = status
    progress.started_at = progress.started_at or now
    progress.completed_at = now if status == ModuleProgress.Status.COMPLETED else None
    progress.save()
    touch_activity(user=actor)
    if status == ModuleProgress.Status.COMPLETED:
        transaction.on_commit(
            partial(module_completed.send, sender=ModuleProgress, user=actor, module=module)
        )
    return progress


@transaction.atomic
def record_proficiency(
    *,
    user: User,
    standard: Standard,
    level: int,
    evidence_label: str = "",
    evidence_url: str = "",
) -> StandardProgress:
    """Record (or raise) a participant's proficiency in a standard. Called by evidence."""
    progress, created = StandardProgress.objects.get_or_create(
        user=user,
        standard=standard,
        defaults={
            "level": level,
            "proficient_at": timezone.now(),
            "evidence_label": evidence_label[:200],
            "evidence_url": evidence_url[:300],
        },
    )
    if not created and level > progress.level:
        progress.level = level
        progress.evidence_label = evidence_label[:200]
        progress.evidence_url = evidence_url[:300]
        progress.save(update_fields=["level", "evidence_label", "evidence_url"])
    return progress


@transaction.atomic
def enrol_user(
    *,
    actor: User | None,
    cohort: Cohort,
    user: User,
    role: str,
    status: str = Enrolment.Status.ACTIVE,
    coach: User | None = None,
) -> Enrolment:
    """Put ``user`` in ``cohort`` with ``role`` (idempotent on cohort, user and role)."""
    enrolment, created = Enrolment.objects.get_or_create(
        cohort=cohort, user=user, role=role, defaults={"status": status, "coach": coach}
    )
    changed = []
    if not created and enrolment.status != status:
        enrolment.status = status
        changed.append("status")
    if not created and coach is not None and enrolment.coach_id != coach.pk:
        enrolment.coach = coach
        changed.append("coach")
    if changed:
        enrolment.save(update_fields=[*changed, "updated_at"])
    if created or changed:
        record_audit_event(
            action=AuditAction.ROLE_CHANGED,
            actor=actor,
            target=enrolment,
            detail={"role": role, "status": enrolment.status, "cohort": cohort.pk},
        )
    return enrolment
