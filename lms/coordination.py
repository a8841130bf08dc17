"""Coordinators run their cohorts: create and edit them, withdraw and re-activate people,
assign coaches one by one or in bulk. Every function checks the actor's scope first
(``AccessDenied``, a 404, for anything outside it, including forged ids) and writes nothing
when it refuses."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .dashboard.selectors import DashboardScope, forget_summary
from .exceptions import AccessDenied
from .live import notify_access_changed
from .models import AuditAction, Cohort, Enrolment, Invitation, ProgramPage
from .models.coordination import new_nonce
from .people import User
from .selectors import (
    CURRENT,
    access_cohort_for_coordinator,
    access_context,
    forget_access,
)
from .services import record_audit_event

SEAT_STATUSES = (Enrolment.Status.INVITED, Enrolment.Status.ACTIVE)


def forget_dashboard(cohort: Cohort) -> None:
    """After commit, drop the cohort dashboard's cached summary cards (every viewer's scope)."""

    def forget() -> None:
        forget_summary(DashboardScope(cohort=cohort))
        coach_ids = Enrolment.objects.filter(cohort=cohort, role=Enrolment.Role.COACH)
        for coach_id in coach_ids.values_list("user_id", flat=True):
            forget_summary(DashboardScope(cohort=cohort, coach_id=coach_id))

    transaction.on_commit(forget)


class CoordinationError(Exception):
    """A request that is understood but cannot be carried out (shown to the user)."""


@dataclass(frozen=True)
class CohortData:
    name: str
    programme: ProgramPage
    organisation_id: int | None
    kind: str
    starts_on: date
    ends_on: date
    seat_limit: int
    status: str


def _check_scope(actor: User, data: CohortData) -> None:
    context = access_context(actor)
    if context.is_staff:
        if data.kind != Cohort.Kind.NATIONAL and data.organisation_id is None:
            raise CoordinationError(_("Regional and local cohorts belong to an organisation."))
        return
    if data.kind == Cohort.Kind.NATIONAL:
        raise CoordinationError(_("Only programme staff create national cohorts."))
    if data.organisation_id not in context.coordinated_org_ids:
        raise AccessDenied("organisation", data.organisation_id)


def _seats_taken(cohort: Cohort) -> int:
    return Enrolment.objects.filter(
        cohort=cohort, role=Enrolment.Role.PARTICIPANT, status__in=SEAT_STATUSES
    ).count()


@transaction.atomic
def create_cohort(*, actor: User, data: CohortData) -> Cohort:
    """A new cohort of the actor's organisation (national ones: programme staff only)."""
    _check_scope(actor, data)
    cohort = Cohort.objects.create(
        name=data.name,
        programme=data.programme,
        organisation_id=data.organisation_id,
        kind=data.kind,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        seat_limit=data.seat_limit,
        status=data.status,
    )
    record_audit_event(
        action=AuditAction.COHORT_SAVED, actor=actor, target=cohort, detail={"created": True}
    )
    return cohort


@transaction.atomic
def update_cohort(*, actor: User, cohort_id: int, data: CohortData) -> Cohort:
    """Change a cohort the actor runs; it cannot be moved to an organisation they do not run,
    nor its seat limit set below the seats already taken."""
    cohort = access_cohort_for_coordinator(user=actor, cohort_id=cohort_id)
    _check_scope(actor, data)
    taken = _seats_taken(cohort)
    if data.seat_limit < taken:
        raise CoordinationError(
            _(
                "%(taken)d participants are already enrolled or invited; "
                "the seat limit cannot be lower."
            )
            % {"taken": taken}
        )
    changed: dict[str, Any] = {}
    for field in ("name", "kind", "starts_on", "ends_on", "seat_limit", "status"):
        value = getattr(data, field)
        if getattr(cohort, field) != value:
            changed[field] = str(value)
            setattr(cohort, field, value)
    if cohort.organisation_id != data.organisation_id:
        changed["organisation"] = data.organisation_id
        cohort.organisation_id = data.organisation_id
    if cohort.programme_id != data.programme.pk:
        changed["programme"] = data.programme.pk
        cohort.programme = data.programme
    if changed:
        cohort.save()
        record_audit_event(
            action=AuditAction.COHORT_SAVED, actor=actor, target=cohort, detail=changed
        )
        members = list(cohort.enrolments.values_list("user_id", flat=True))
        transaction.on_commit(lambda: forget_access(members))
    return cohort


def _access_enrolments(actor: User, cohort_id: int, enrolment_ids: list[int]) -> list[Enrolment]:
    cohort = access_cohort_for_coordinator(user=actor, cohort_id=cohort_id)
    enrolments = list(
        Enrolment.objects.select_for_update()
        .filter(pk__in=enrolment_ids, cohort=cohort)
        .select_related("user", "cohort")
    )
    if not enrolment_ids or len(enrolments) != len(set(enrolment_ids)):
        # An id of another cohort (or none at all): refuse the whole request.
        raise AccessDenied("enrolment", ",".join(map(str, enrolment_ids)))
    return enrolments


@transaction.atomic
def set_enrolment_status(
    *, actor: User, cohort_id: int, enrolment_id: int, status: str
) -> Enrolment:
    """Withdraw an enrolment or re-activate a withdrawn one (a participant needs a free seat).

    Withdrawing a pending invitation revokes it. Re-activating someone who never accepted
    their invitation makes it pending again (a new link must be sent)."""
    if status not in (Enrolment.Status.WITHDRAWN, Enrolment.Status.ACTIVE):
        raise CoordinationError(_("Unknown change."))
    (enrolment,) = _access_enrolments(actor, cohort_id, [enrolment_id])
    if enrolment.status == status:
        return enrolment
    new_status = status
    invitation = Invitation.objects.filter(enrolment=enrolment).first()
    if status == Enrolment.Status.ACTIVE:
        if enrolment.status != Enrolment.Status.WITHDRAWN:
            raise CoordinationError(_("Only withdrawn enrolments can be re-activated."))
        if enrolment.role == Enrolment.Role.PARTICIPANT and _seats_taken(enrolment.cohort) >= (
            enrolment.cohort.seat_limit
        ):
            raise CoordinationError(
                _("The cohort is full (%(limit)d seats). Raise the seat limit first.")
                % {"limit": enrolment.cohort.seat_limit}
            )
        if invitation is not None and invitation.status != Invitation.Status.ACCEPTED:
            new_status = Enrolment.Status.INVITED
            invitation.status = Invitation.Status.PENDING
            invitation.nonce = new_nonce()
            invitation.sent_count = 0
            invitation.save(update_fields=["status", "nonce", "sent_count"])
    elif invitation is not None and invitation.status == Invitation.Status.PENDING:
        invitation.status = Invitation.Status.REVOKED
        invitation.nonce = new_nonce()
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["status", "nonce", "revoked_at"])
    previous = enrolment.status
    enrolment.status = new_status
    enrolment.save(update_fields=["status", "updated_at"])
    forget_dashboard(enrolment.cohort)
    detail: dict[str, Any] = {"from": previous, "to": new_status, "role": enrolment.role}
    if new_status == Enrolment.Status.WITHDRAWN:
        detail.update(_release_withdrawn(enrolment))
    record_audit_event(
        action=AuditAction.ROLE_CHANGED, actor=actor, target=enrolment, detail=detail
    )
    return enrolment


def _release_withdrawn(enrolment: Enrolment) -> dict[str, Any]:
    """What hung on a withdrawn enrolment goes: a coach's participants in that cohort move to
    the cohort's one remaining active coach (or have no coach when there are none or several:
    the coordinator then chooses); other apps release the rest (``role_withdrawn``: e.g. a
    reviewer's open reviews go to another reviewer). Runs in the withdrawing transaction."""
    from .signals import role_withdrawn

    detail: dict[str, Any] = {}
    if enrolment.role == Enrolment.Role.COACH:
        participants = Enrolment.objects.filter(
            cohort_id=enrolment.cohort_id,
            role=Enrolment.Role.PARTICIPANT,
            coach_id=enrolment.user_id,
        )
        moved = list(participants.values_list("pk", "user_id"))
        others = list(
            Enrolment.objects.filter(
                cohort_id=enrolment.cohort_id,
                role=Enrolment.Role.COACH,
                status=Enrolment.Status.ACTIVE,
            )
            .exclude(user_id=enrolment.user_id)
            .values_list("user_id", flat=True)[:2]
        )
        successor = others[0] if len(others) == 1 else None
        if moved:
            participants.update(coach_id=successor, updated_at=timezone.now())
            notify_access_changed([enrolment.user_id, successor, *(u for _pk, u in moved)])
        detail = {"participants": [pk for pk, _u in moved], "new_coach": successor}
    role_withdrawn.send(sender=Enrolment, enrolment=enrolment)
    return detail


@transaction.atomic
def assign_coach(
    *, actor: User, cohort_id: int, enrolment_ids: list[int], coach_id: int | None
) -> int:
    """Give these participants of the cohort this coach (``None``: no coach). The coach must
    be a current (active or completed) coach of the same cohort. Returns how many enrolments
    changed."""
    enrolments = _access_enrolments(actor, cohort_id, enrolment_ids)
    if any(e.role != Enrolment.Role.PARTICIPANT for e in enrolments):
        raise CoordinationError(_("Coaches are assigned to participants only."))
    coach: User | None = None
    if coach_id is not None:
        coach_enrolment = (
            Enrolment.objects.filter(
                cohort_id=cohort_id,
                user_id=coach_id,
                role=Enrolment.Role.COACH,
                status__in=CURRENT,
            )
            .select_related("user")
            .first()
        )
        if coach_enrolment is None:
            raise AccessDenied("coach", coach_id)
        coach = coach_enrolment.user
    to_change = [e for e in enrolments if e.coach_id != coach_id]
    if not to_change:
        return 0
    Enrolment.objects.filter(pk__in=[e.pk for e in to_change]).update(
        coach=coach, updated_at=timezone.now()
    )
    forget_dashboard(enrolments[0].cohort)
    # The previous coaches' open sockets on these participants' threads re-check access.
    notify_access_changed([e.coach_id for e in to_change] + [e.user_id for e in to_change])
    record_audit_event(
        action=AuditAction.ROLE_CHANGED,
        actor=actor,
        target=enrolments[0].cohort,
        detail={"coach": coach_id, "enrolments": [e.pk for e in to_change]},
    )
    return len(to_change)
