"""The badge: achievements, awarding, issuance, revocation, renewal reminders, public reads.

Writes (services) and permission-aware reads (selectors) of the Open Badges 3.0 part of
evidence. The pure credential code (build, sign, verify, bake) is in ``evidence.credentials``;
this module adds the database, the issuer's keys and the outbox.

Awarding: when a participant completes a module (``lms.signals.module_completed``) or a
standard becomes proficient (``evidence.signals.standard_proficient``), the criteria of every
active achievement are checked; for each one met and not yet held, an outbox item
``evidence.issue_credential`` keyed ``"<user id>:<achievement id>"`` is recorded. Its handler
calls :func:`issue_credential`, which is idempotent (unique constraint on person and
achievement): duplicate delivery or a worker killed mid-task still leaves one credential.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit
from uuid import UUID, uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.exceptions import AccessDenied
from lms.models import (
    ModulePage,
    ModuleProgress,
    ProgramPage,
    RubricLevel,
    StandardProgress,
    User,
)
from lms.outbox import enqueue, enqueue_email, handler
from lms.selectors import is_programme_staff, participant_enrolment_for
from lms.services import record_audit_event
from lms.sitecache import tree_version

from . import credentials as ob
from .keys import IssuerKeyMissing, load_signing_key
from .models import Achievement, Credential, IssuerKey, IssuerProfile, StatusList

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


class BadgeError(ValueError):
    """A write that is not possible in the current state; the message is for the user."""


# --- addresses ---------------------------------------------------------------------------------


def base_url() -> str:
    """The site's public base URL (``WAGTAILADMIN_BASE_URL``), without a trailing slash."""
    return str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def issuer_did() -> str:
    """The issuer's did:web DID: the site's host (and port); document at /.well-known/."""
    return ob.did_web(urlsplit(base_url()).netloc)


def credential_page_url(uuid: UUID | str) -> str:
    return f"{base_url()}/credentials/{uuid}/"


def credential_json_url(uuid: UUID | str) -> str:
    return f"{base_url()}/credentials/{uuid}.json"


def status_list_url(pk: int) -> str:
    return f"{base_url()}/credentials/status/{pk}.json"


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


# --- keys --------------------------------------------------------------------------------------


def did_document() -> dict[str, Any]:
    """The issuer's DID document: the active key first, then every retired key (credentials
    signed before a rotation keep verifying)."""
    keys = list(IssuerKey.objects.values_list("public_key_multibase", "status"))
    active = [k for k, status in keys if status == IssuerKey.Status.ACTIVE]
    retired = [k for k, status in keys if status != IssuerKey.Status.ACTIVE]
    return ob.did_document(issuer_did(), active=active, retired=retired)


def _active_key_for(key: ob.SigningKey) -> IssuerKey:
    """The active key row for the configured private key; registered when there is none yet.
    Raises ``IssuerKeyMissing`` when the configured key is not the active one."""
    active = IssuerKey.objects.filter(status=IssuerKey.Status.ACTIVE).first()
    if active is None:
        if IssuerKey.objects.filter(public_key_multibase=key.public_key_multibase).exists():
            raise IssuerKeyMissing(
                "The configured issuer key has been retired: configure the active key."
            )
        try:
            with transaction.atomic():
                active = IssuerKey.objects.create(public_key_multibase=key.public_key_multibase)
        except IntegrityError:  # registered at the same moment by another worker
            active = IssuerKey.objects.get(status=IssuerKey.Status.ACTIVE)
        logger.info("registered issuer public key %s", key.public_key_multibase)
    if active.public_key_multibase != key.public_key_multibase:
        raise IssuerKeyMissing(
            "The configured issuer key is not the active key in the database (public key "
            f"{active.public_key_multibase}): update LAUNCH_ISSUER_KEY after a rotation."
        )
    return active


@transaction.atomic
def create_issuer_key() -> ob.SigningKey:
    """A new key, its public half stored as the active key. Refused when one is active
    (use :func:`rotate_issuer_key`). The caller shows the secret to the operator once."""
    if IssuerKey.objects.filter(status=IssuerKey.Status.ACTIVE).exists():
        raise BadgeError(_("An issuer key is already active: rotate it instead."))
    key = ob.generate_signing_key()
    IssuerKey.objects.create(public_key_multibase=key.public_key_multibase)
    return key


@transaction.atomic
def rotate_issuer_key() -> ob.SigningKey:
    """Retire the active key (it stays in the DID document) and store a new active one."""
    IssuerKey.objects.filter(status=IssuerKey.Status.ACTIVE).update(
        status=IssuerKey.Status.RETIRED, retired_at=timezone.now()
    )
    key = ob.generate_signing_key()
    IssuerKey.objects.create(public_key_multibase=key.public_key_multibase)
    return key


# --- achievements and criteria -------------------------------------------------------------


def _programme_for(user: User, achievement: Achievement) -> int | None:
    """The achievement's programme, or the one of the cohort the person chose as current
    (never whichever enrolment is newest)."""
    if achievement.programme_id:
        return achievement.programme_id
    enrolment = participant_enrolment_for(user)
    return enrolment.cohort.programme_id if enrolment else None


def required_module_ids(programme_id: int) -> list[int]:
    """The live required modules of a programme (cached until the page tree changes)."""
    key = f"evidence:required-modules:{tree_version()}:{programme_id}"
    ids = cache.get(key)
    if ids is None:
        programme = ProgramPage.objects.only("path", "depth").get(pk=programme_id)
        ids = list(
            ModulePage.objects.live()
            .child_of(programme)
            .filter(required=True)
            .values_list("pk", flat=True)
        )
        cache.set(key, ids, 600)
    return ids


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


# --- issuance ----------------------------------------------------------------------------------


def _image(image: Any) -> ob.Image | None:
    if image is None:
        return None
    url = image.file.url
    return ob.Image(id=url if "://" in url else base_url() + url, caption=image.title)


# What every credential of an achievement shares (issuer profile, achievement with its
# alignments) is built once per process and version; saving the issuer profile, an
# achievement or a standard bumps the version (shared through the cache in scale-out).
STATIC_VERSION_KEY = "evidence:badge-static-version"
_STATIC: dict[tuple[Any, ...], Any] = {}


def _static_version() -> int:
    version = cache.get(STATIC_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(STATIC_VERSION_KEY, version, None)
    return int(version)


def bump_static_version(*args: Any, **kwargs: Any) -> None:
    """Forget the built issuer profiles and achievements (after an edit)."""
    try:
        cache.incr(STATIC_VERSION_KEY)
    except ValueError:
        cache.set(STATIC_VERSION_KEY, 2, None)
    _STATIC.clear()


def _issuer_profile(did: str) -> ob.IssuerProfile:
    key = ("issuer", _static_version(), did, base_url())
    if key not in _STATIC:
        profile = IssuerProfile.load()
        _STATIC[key] = ob.IssuerProfile(
            id=did,
            name=profile.name,
            url=profile.url or base_url() + "/",
            email=profile.email,
            image=_image(profile.image),
        )
    return _STATIC[key]


def _achievement(achievement: Achievement) -> ob.Achievement:
    key = ("achievement", _static_version(), achievement.pk, base_url())
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
                target_url=f"{base_url()}/#standard-{standard.number}",
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


# --- revocation --------------------------------------------------------------------------------


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


# --- renewal reminders -------------------------------------------------------------------------


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


# --- reads -------------------------------------------------------------------------------------


def credentials_for_user(*, user: User) -> QuerySet[Credential]:
    """The user's own credentials, newest first."""
    return Credential.objects.filter(user=user).select_related("achievement")


def access_public_credential(*, uuid: UUID) -> Credential:
    """A credential by its public id (anyone may see it; 404 when there is none)."""
    credential = Credential.objects.filter(uuid=uuid).select_related("achievement", "user").first()
    if credential is None:
        raise AccessDenied("credential", uuid)
    return credential


def access_credential_for_staff(*, user: User, pk: int) -> Credential:
    """A credential for programme staff (``AccessDenied`` for anyone else)."""
    if not is_programme_staff(user):
        raise AccessDenied("credential", pk)
    credential = Credential.objects.filter(pk=pk).select_related("achievement", "user").first()
    if credential is None:
        raise AccessDenied("credential", pk)
    return credential


def newest_credential_for_email(email: str) -> Credential | None:
    return Credential.objects.filter(user__email__iexact=email.strip()).first()


def status_list_document(*, pk: int) -> str:
    """The signed status list credential (text) served at ``status_list_url(pk)``."""
    document = StatusList.objects.filter(pk=pk).values_list("document", flat=True).first()
    if not document:
        raise AccessDenied("status list", pk)
    return document


class Verifier:
    """Checks stored credentials as an outside verifier would: the signature by a key of the
    issuer's DID document, the revocation status from the signed status list, and the dates.
    Keys are read once, each status list once (a fixed number of queries per page)."""

    def __init__(self) -> None:
        self.resolver = ob.public_key_resolver([did_document()], allow_did_key=False)
        self._lists: dict[str, dict[str, Any] | None] = {}

    def status_list(self, url: str) -> dict[str, Any] | None:
        if url not in self._lists:
            self._lists[url] = _status_list_at(url)
        return self._lists[url]

    def __call__(self, credential: Credential, *, now: datetime | None = None) -> "Verification":
        document = json.loads(credential.document)
        result = ob.verify(document, self.resolver, status_lists=self.status_list, now=now)
        return Verification(result.status, result.reason, document)


def _status_list_at(url: str) -> dict[str, Any] | None:
    prefix = f"{base_url()}/credentials/status/"
    if not (url.startswith(prefix) and url.endswith(".json")):
        return None
    number = url[len(prefix) : -len(".json")]
    if not number.isdigit():
        return None
    document = StatusList.objects.filter(pk=int(number)).values_list("document", flat=True).first()
    return json.loads(document) if document else None


@dataclass(frozen=True)
class Verification:
    """What the public page says about a credential, checked on the server just now."""

    status: str
    reason: str
    document: dict[str, Any]

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def verify_credential(credential: Credential, *, now: datetime | None = None) -> Verification:
    """Verify one stored credential now (see :class:`Verifier`)."""
    return Verifier()(credential, now=now)


def issuer_name() -> str:
    return IssuerProfile.load().name


def linkedin_url(credential: Credential, *, organisation: str | None = None) -> str:
    """LinkedIn's "add to profile" link for a certification, filled in for this credential
    (``organisation``: the issuer's name, read once per page when given)."""
    issued = timezone.localtime(credential.issued_at)
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.achievement.name,
        "organizationName": organisation or issuer_name(),
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": credential_page_url(credential.uuid),
        "certId": str(credential.uuid),
    }
    if credential.valid_until:
        until = timezone.localtime(credential.valid_until)
        params.update(expirationYear=until.year, expirationMonth=until.month)
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


# --- receivers ---------------------------------------------------------------------------------


def _on_progress(sender: Any, user: User, **kwargs: Any) -> None:
    # Sent after the cause committed: a failure here must not turn the participant's (or the
    # reviewer's) finished request into an error page. The next progress event checks again.
    try:
        award_if_due(user_id=user.pk)
    except Exception:
        logger.exception("badge: could not check the criteria for user %s", user.pk)


def _on_demo_seeded(sender: Any, users: dict[str, User], **kwargs: Any) -> None:
    """The demo: whoever meets an achievement's criteria (the participant who completed
    everything) holds its badge. Idempotent (the outbox key and the unique constraint)."""
    for user in users.values():
        award_if_due(user_id=user.pk)


def connect_signals() -> None:
    """Called from ``EvidenceConfig.ready``."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from lms.models import Standard
    from lms.signals import demo_seeded, module_completed

    from .signals import standard_proficient

    for model in (IssuerProfile, Achievement, Standard):
        post_save.connect(bump_static_version, sender=model, weak=False)
        post_delete.connect(bump_static_version, sender=model, weak=False)
    m2m_changed.connect(bump_static_version, sender=Achievement.alignments.through, weak=False)
    module_completed.connect(_on_progress, dispatch_uid="evidence.badges.module", weak=False)
    standard_proficient.connect(_on_progress, dispatch_uid="evidence.badges.standard", weak=False)
    demo_seeded.connect(_on_demo_seeded, dispatch_uid="evidence.badges.demo", weak=False)
