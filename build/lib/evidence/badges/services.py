"""The badge's writes: awarding (criteria, the outbox item), issuance, revocation and renewal
reminders.

Awarding: when a participant completes a module (``lms.signals.module_completed``) or a
standard becomes proficient (``evidence.signals.standard_proficient``), the criteria of every
active achievement are checked; for each one met and not yet held, an outbox item
``evidence.issue_credential`` keyed ``"<user id>:<achievement id>"`` is recorded. Its handler
calls :func:`issue_credential`, which is idempotent (unique constraint on person and
achievement): duplicate delivery or a worker killed mid-task still leaves one credential.
"""

import logging
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.exceptions import AccessDenied
from lms.links import public_base_url
from lms.models import ModuleProgress, RubricLevel, StandardProgress
from lms.outbox import enqueue, enqueue_email, handler
from lms.people import User
from lms.selectors import is_programme_staff, participant_enrolment_for, required_module_ids
from lms.services import record_audit_event

from .. import credentials as ob
from ..keys import load_signing_key
from ..models import Achievement, Credential, StatusList
from .issuer import (
    _STATIC,
    BadgeError,
    _active_key_for,
    _dumps,
    _image,
    _issuer_profile,
    _static_version,
    credential_page_url,
    issuer_did,
    status_list_url,
)

logger = logging.getLogger(__name__)


#: Audit actions of the badge. ``lms.models.AuditAction`` has no credential actions yet
#: (lms is not ours to change): stored as these values, like ``evidence.viewed``.
CREDENTIAL_ISSUED = "credential.issued"


CREDENTIAL_REVOKED = "credential.revoked"


ISSUE_KIND = "evidence.issue_credential"


#: Days before expiry at which the holder is reminded to renew (each reminder sent once).
RENEWAL_REMINDER_DAYS = (90, 30, 7)


#: Status list indexes are handed out as ``n * STRIDE mod size`` (a permutation for the
#: power-of-two list size), so neighbouring indexes do not reveal the order of issuance.
STRIDE = 40_503


STATUS_LIST_SIZE = ob.MIN_BITS


COMPLETION_SLUG = "launch-completion"


def _programme_for(user: User, achievement: Achievement) -> int | None:
    """The achievement's programme, or the one of the cohort the person chose as current
    (never whichever enrolment is newest)."""
    if achievement.programme_id:
        return achievement.programme_id
    enrolment = participant_enrolment_for(user)
    return enrolment.cohort.programme_id if enrolment else None


def _proficient(user: User, achievement: Achievement) -> list[StandardProgress]:
    """The person's progress rows at Proficient or above in the achievement's standards."""
    return list(
        StandardProgress.objects.filter(
            user=user,
            standard__in=achievement.proficient_standards.all(),
            level__gte=RubricLevel.PROFICIENT,
        )
        .select_related("standard")
        .order_by("standard__number")
    )


def criteria_met(
    user: User, achievement: Achievement, proficient: list[StandardProgress] | None = None
) -> bool:
    """Whether ``user`` meets the achievement's rule now (modules and standards).
    ``proficient``: the rows of :func:`_proficient`, when the caller has them already."""
    if achievement.require_modules:
        programme_id = _programme_for(user, achievement)
        if programme_id is None:
            return False
        module_ids = required_module_ids(programme_id)
        done = ModuleProgress.objects.filter(
            user=user, module_id__in=module_ids, status=ModuleProgress.Status.COMPLETED
        ).count()
        if done < len(module_ids):
            return False
    wanted = {s.pk for s in achievement.proficient_standards.all()}
    if not wanted:
        return True
    if proficient is None:
        proficient = _proficient(user, achievement)
    return {row.standard_id for row in proficient} >= wanted


def award_if_due(*, user_id: int) -> list[int]:
    """Record an issuance (outbox) for every active achievement ``user_id`` now meets and
    does not hold. Returns the achievement ids recorded. The item runs after commit."""
    recorded = []
    with transaction.atomic():
        user = User.objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return []
        held = set(Credential.objects.filter(user=user).values_list("achievement_id", flat=True))
        achievements = Achievement.objects.filter(active=True).exclude(pk__in=held)
        for achievement in achievements.prefetch_related("proficient_standards"):
            if criteria_met(user, achievement):
                enqueue(
                    kind=ISSUE_KIND,
                    key=f"{user.pk}:{achievement.pk}",
                    payload={"user_id": user.pk, "achievement_id": achievement.pk},
                )
                recorded.append(achievement.pk)
    return recorded


@handler(ISSUE_KIND)
def _issue_from_outbox(payload: dict[str, Any]) -> None:
    issue_credential(user_id=int(payload["user_id"]), achievement_id=int(payload["achievement_id"]))


def _achievement(achievement: Achievement) -> ob.Achievement:
    key = ("achievement", _static_version(), achievement.pk, public_base_url())
    if key not in _STATIC:
        _STATIC[key] = _build_achievement(achievement)
    return _STATIC[key]


def _build_achievement(achievement: Achievement) -> ob.Achievement:
    return ob.Achievement(
        id=f"urn:uuid:{achievement.uuid}",
        name=achievement.name,
        description=achievement.description,
        criteria_narrative=achievement.criteria_narrative,
        image=_image(achievement.image),
        achievement_type=achievement.achievement_type,
        alignments=tuple(
            ob.Alignment(
                target_name=standard.name,
                target_url=f"{public_base_url()}/#standard-{standard.number}",
                target_code=standard.code,
                target_framework="Certified School Improvement Specialist (CSIS) standards",
                target_description=standard.description[:500],
            )
            for standard in achievement.alignments.order_by("number")
        ),
    )


def _evidence(
    achievement: Achievement, progress: list[StandardProgress]
) -> tuple[ob.EvidenceSummary, ...]:
    """What was shown, without files, links to private pages or anything about students."""
    items = []
    if achievement.require_modules:
        items.append(
            ob.EvidenceSummary(
                name=_("Required modules completed"),
                description=_("Every required module of the programme was completed."),
            )
        )
    for row in progress:
        items.append(
            ob.EvidenceSummary(
                name=_("Standard %(number)s: %(name)s")
                % {"number": row.standard.number, "name": row.standard.name},
                description=_("Job-embedded evidence rated %(level)s by a trained reviewer.")
                % {"level": RubricLevel(row.level).label},
            )
        )
    return tuple(items)


def _status_list_document(
    status_list: StatusList, key: ob.SigningKey, method: str, now: datetime
) -> str:
    revoked = Credential.objects.filter(
        status_list=status_list, revoked_at__isnull=False
    ).values_list("status_index", flat=True)
    unsigned = ob.build_status_list_credential(
        id=status_list_url(status_list.pk),
        issuer=status_list.issuer,
        revoked=list(revoked),
        valid_from=now,
        size=status_list.size,
    )
    return _dumps(ob.sign(unsigned, key, method, created=now))


def _allocate_status_index(
    key: ob.SigningKey, method: str, now: datetime
) -> tuple[StatusList, int]:
    status_list = (
        StatusList.objects.select_for_update()
        .filter(issuer=issuer_did(), allocated__lt=F("size"))
        .order_by("pk")
        .first()
    )
    if status_list is None:
        status_list = StatusList.objects.create(issuer=issuer_did(), size=STATUS_LIST_SIZE)
        status_list.document = _status_list_document(status_list, key, method, now)
        status_list.save(update_fields=["document"])
    number = status_list.allocated
    StatusList.objects.filter(pk=status_list.pk).update(allocated=F("allocated") + 1)
    return status_list, (number * STRIDE) % status_list.size


def issue_credential(
    *, user_id: int, achievement_id: int, now: datetime | None = None
) -> Credential | None:
    """The person's credential for the achievement: the existing one, or a new one signed
    now if the criteria are met (None if they are not).

    Idempotent: a unique constraint on (user, achievement) means a repeat, a duplicate
    delivery or a re-run after a crash returns the one credential. Raises
    ``IssuerKeyMissing`` when no issuer key is configured (the outbox retries, then parks).
    """
    existing = Credential.objects.filter(user_id=user_id, achievement_id=achievement_id).first()
    if existing is not None:
        return existing
    key = load_signing_key()
    now = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        user = User.objects.get(pk=user_id)
        achievement = Achievement.objects.prefetch_related("proficient_standards").get(
            pk=achievement_id
        )
        proficient = _proficient(user, achievement)
        if not criteria_met(user, achievement, proficient):
            logger.info("credential %s for user %s: criteria not met", achievement_id, user_id)
            return None
        _active_key_for(key)
        did = issuer_did()
        method = ob.verification_method_id(did, key.public_key_multibase)
        status_list, index = _allocate_status_index(key, method, now)
        uuid = uuid4()
        valid_until = achievement.valid_until(now)
        unsigned = ob.build_credential(
            id=credential_page_url(uuid),
            issuer=_issuer_profile(did),
            achievement=_achievement(achievement),
            subject=ob.Subject(identity=ob.hash_identity(user.email)),
            valid_from=now,
            valid_until=valid_until,
            status=ob.StatusEntry(
                status_list_credential=status_list_url(status_list.pk), index=index
            ),
            evidence=_evidence(achievement, proficient),
        )
        credential = Credential(
            uuid=uuid,
            user=user,
            achievement=achievement,
            issued_at=now,
            valid_until=valid_until,
            status_list=status_list,
            status_index=index,
            verification_method=method,
            document=_dumps(ob.sign(unsigned, key, method, created=now)),
        )
        try:
            with transaction.atomic():
                credential.save()
        except IntegrityError:  # issued at the same moment by another worker
            return Credential.objects.get(user_id=user_id, achievement_id=achievement_id)
        record_audit_event(
            action=CREDENTIAL_ISSUED,
            actor_label="system",
            target=credential,
            detail={"achievement": achievement.slug, "user": user.pk},
        )
    return credential


@transaction.atomic
def revoke_credential(
    *, actor: User, credential_id: int, reason: str, request: Any = None
) -> Credential:
    """Programme staff revoke a credential with a reason; its status list credential is
    rebuilt and signed again (served publicly). ``AccessDenied`` for anyone else."""
    if not is_programme_staff(actor):
        raise AccessDenied("credential", credential_id)
    reason = reason.strip()
    if not reason:
        raise BadgeError(_("Give the reason for revoking this credential."))
    credential = Credential.objects.select_for_update().filter(pk=credential_id).first()
    if credential is None:
        raise AccessDenied("credential", credential_id)
    if credential.revoked_at is not None:
        raise BadgeError(_("This credential is already revoked."))
    key = load_signing_key()
    _active_key_for(key)
    now = timezone.now().replace(microsecond=0)
    credential.revoked_at = now
    credential.revoked_reason = reason[:2000]
    credential.revoked_by = actor
    credential.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
    method = ob.verification_method_id(issuer_did(), key.public_key_multibase)
    status_list.document = _status_list_document(status_list, key, method, now)
    status_list.save(update_fields=["document", "updated_at"])
    record_audit_event(
        action=CREDENTIAL_REVOKED,
        actor=actor,
        request=request,
        target=credential,
        detail={"achievement": credential.achievement_id, "user": credential.user_id},
    )
    return credential


def send_renewal_reminders(*, now: datetime | None = None) -> int:
    """Record a renewal reminder email for every valid credential that expires within 90,
    30 or 7 days: the smallest of those reached, once each (the outbox key holds the
    credential and the day count). Returns how many reminders were recorded."""
    now = now or timezone.now()
    horizon = now + timedelta(days=max(RENEWAL_REMINDER_DAYS))
    due = (
        Credential.objects.filter(
            revoked_at__isnull=True, valid_until__gt=now, valid_until__lte=horizon
        )
        .select_related("user", "achievement")
        .order_by("valid_until")
    )
    count = 0
    with transaction.atomic():
        for credential in due:
            assert credential.valid_until is not None
            left = credential.valid_until - now
            days = min(d for d in RENEWAL_REMINDER_DAYS if left <= timedelta(days=d))
            context = {
                "credential": credential,
                "user": credential.user,
                "achievement": credential.achievement,
                "days": days,
                "page_url": credential_page_url(credential.uuid),
            }
            enqueue_email(
                key=f"evidence.renewal:{credential.uuid}:{days}",
                to=[credential.user.email],
                subject=_("Your %(name)s badge expires in %(days)s days")
                % {"name": credential.achievement.name, "days": days},
                text=render_to_string("evidence/badges/email/renewal.txt", context),
            )
            count += 1
    return count
