"""The badge through the Django path: criteria, awarding through the outbox, one credential
per person and achievement, validity periods, revocation, key rotation, renewal reminders."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from evidence import credentials as ob
from evidence import services
from evidence.badges import issuer as badge_issuer
from evidence.badges import services as badge_services
from evidence.badges import verification as badge_verification
from evidence.keys import IssuerKeyMissing
from evidence.models import Achievement, Credential, IssuerKey, ReviewAssignment, StatusList
from lms.exceptions import AccessDenied
from lms.models import AuditEvent, ModulePage, ModuleProgress, OutboxItem, Standard
from lms.outbox import run_item
from lms.services import set_module_progress

from ..evidence.helpers import make_submitted
from .badge_helpers import (
    complete_modules,
    completion,
    document,
    issue_for,
    make_earner,
    make_proficient,
)


def test_the_launch_completion_achievement_is_seeded(db):
    achievement = completion()
    assert achievement.require_modules and achievement.active
    assert achievement.proficient_standards.count() == 10
    assert achievement.alignments.count() == 10
    assert achievement.valid_until(timezone.now()) is None


def test_accepted_evidence_for_the_last_standard_awards_the_badge_once(
    world, django_capture_on_commit_callbacks
):
    participant = world.users["participant"]
    complete_modules(participant)
    make_proficient(participant, range(1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        version = make_submitted(participant, (10,))
    assert not Credential.objects.exists()
    assignment = version.assignments.get(reviewer=world.users["reviewer"])
    standard = Standard.objects.get(number=10)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_review(
            actor=world.users["reviewer"],
            assignment_id=assignment.pk,
            scores={standard.pk: (2, "Clear impact.")},
            decision=ReviewAssignment.Decision.ACCEPTED,
        )
    credential = Credential.objects.get()
    assert credential.user == participant and credential.achievement == completion()
    item = OutboxItem.objects.get(kind=badge_services.ISSUE_KIND)
    assert item.key == f"{participant.pk}:{completion().pk}"
    assert item.status == OutboxItem.Status.DONE
    assert badge_verification.verify_credential(credential).status == "valid"
    event = AuditEvent.objects.get(action=badge_services.CREDENTIAL_ISSUED)
    assert event.target_id == str(credential.pk)


def test_completing_the_last_module_awards_the_badge(world, django_capture_on_commit_callbacks):
    participant = world.users["participant"]
    make_proficient(participant)
    modules = list(ModulePage.objects.live())
    for module in modules[:-1]:
        ModuleProgress.objects.create(
            user=participant, module=module, status=ModuleProgress.Status.COMPLETED
        )
    with django_capture_on_commit_callbacks(execute=True):
        badge_services.award_if_due(user_id=participant.pk)
    assert not OutboxItem.objects.filter(kind=badge_services.ISSUE_KIND).exists()
    with django_capture_on_commit_callbacks(execute=True):
        set_module_progress(actor=participant, module_id=modules[-1].pk, status="completed")
    assert Credential.objects.filter(user=participant).count() == 1


def test_no_credential_while_the_criteria_are_not_met(world):
    participant = world.users["participant"]
    complete_modules(participant)
    make_proficient(participant, range(1, 10))
    assert badge_services.award_if_due(user_id=participant.pk) == []
    assert (
        badge_services.issue_credential(user_id=participant.pk, achievement_id=completion().pk)
        is None
    )
    assert not Credential.objects.exists()


def test_issuing_twice_or_delivering_twice_leaves_one_credential(
    world, django_capture_on_commit_callbacks
):
    participant = make_earner(world.users["participant"])
    achievement = completion()
    with django_capture_on_commit_callbacks(execute=True):
        badge_services.award_if_due(user_id=participant.pk)
        badge_services.award_if_due(user_id=participant.pk)  # the same event twice: one outbox item
    assert OutboxItem.objects.filter(kind=badge_services.ISSUE_KIND).count() == 1
    first = Credential.objects.get()
    # Duplicate delivery of the same item, and the service called again directly.
    item = OutboxItem.objects.get(kind=badge_services.ISSUE_KIND)
    OutboxItem.objects.filter(pk=item.pk).update(
        status=OutboxItem.Status.PENDING, next_attempt_at=timezone.now()
    )
    assert run_item(item.pk) is True
    again = badge_services.issue_credential(user_id=participant.pk, achievement_id=achievement.pk)
    assert again == first
    assert Credential.objects.count() == 1
    assert StatusList.objects.get().allocated == 1
    assert AuditEvent.objects.filter(action=badge_services.CREDENTIAL_ISSUED).count() == 1


def test_a_csis_style_achievement_with_three_years_validity_gets_valid_until(world):
    csis = Achievement.objects.create(
        slug="csis",
        name="Certified School Improvement Specialist",
        description="Certification by the CSIS standards.",
        criteria_narrative="Proficient in all ten standards.",
        achievement_type=Achievement.Kind.CERTIFICATION,
        require_modules=False,
        validity_years=3,
    )
    csis.proficient_standards.set(Standard.objects.all())
    csis.alignments.set(Standard.objects.all())
    issued = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    credential = issue_for(world.users["participant"], csis, now=issued)
    signed = document(credential)
    assert signed["validFrom"] == "2026-03-02T09:30:00Z"
    assert signed["validUntil"] == "2029-03-02T09:30:00Z"
    assert credential.valid_until == datetime(2029, 3, 2, 9, 30, tzinfo=UTC)
    achievement = signed["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Certification"
    assert [a["targetCode"] for a in achievement["alignment"]] == [
        s.code for s in Standard.objects.order_by("number")
    ]
    assert badge_verification.verify_credential(credential, now=issued + timedelta(days=1)).valid
    assert badge_verification.verify_credential(
        credential, now=issued + timedelta(days=3 * 366)
    ).status == ("expired")


def test_the_credential_carries_no_student_data_and_no_files(world):
    participant = world.users["participant"]
    credential = issue_for(participant)
    text = credential.document
    signed = document(credential)
    assert participant.email not in text
    assert participant.last_name not in text
    assert "/evidence/" not in text  # no links to private evidence pages or files
    identity = signed["credentialSubject"]["identifier"][0]
    assert ob.IdentityHash(identity["identityHash"], identity["salt"]).matches(participant.email)
    names = [item["name"] for item in signed["evidence"]]
    assert names[0] == "Required modules completed"
    assert len(names) == 11
    assert set(signed["type"]) == {"VerifiableCredential", "OpenBadgeCredential"}
    assert signed["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert signed["issuer"]["id"] == badge_issuer.issuer_did()
    assert signed["id"] == badge_issuer.credential_page_url(credential.uuid)


def test_status_list_indexes_are_unique_and_not_sequential(world):
    credentials = [issue_for(world.users[r]) for r in ("participant", "other_participant")]
    indexes = [c.status_index for c in credentials]
    assert len(set(indexes)) == 2
    assert indexes[1] - indexes[0] != 1


def test_staff_revoke_with_a_reason_and_the_status_list_is_signed_again(world):
    credential = issue_for(world.users["participant"])
    before = StatusList.objects.get().document
    for role in ("participant", "coach", "coordinator", "reviewer"):
        with pytest.raises(AccessDenied):
            badge_services.revoke_credential(
                actor=world.users[role], credential_id=credential.pk, reason="x"
            )
    with pytest.raises(badge_issuer.BadgeError):
        badge_services.revoke_credential(
            actor=world.users["editor"], credential_id=credential.pk, reason=" "
        )
    badge_services.revoke_credential(
        actor=world.users["editor"], credential_id=credential.pk, reason="Evidence was plagiarised."
    )
    credential.refresh_from_db()
    assert credential.revoked_reason == "Evidence was plagiarised."
    assert credential.revoked_by == world.users["editor"]
    after = StatusList.objects.get().document
    assert after != before
    status_list = json.loads(after)
    assert ob.revoked_indexes(status_list["credentialSubject"]["encodedList"]) == [
        credential.status_index
    ]
    assert badge_verification.verify_credential(credential).status == "revoked"
    with pytest.raises(badge_issuer.BadgeError):
        badge_services.revoke_credential(
            actor=world.users["superuser"], credential_id=credential.pk, reason="Again."
        )
    event = AuditEvent.objects.get(action=badge_services.CREDENTIAL_REVOKED)
    assert event.actor == world.users["editor"]


def test_after_a_key_rotation_old_credentials_still_verify(world, monkeypatch):
    old = issue_for(world.users["participant"])
    old_key = IssuerKey.objects.get()
    new_key = badge_issuer.rotate_issuer_key()
    # Until the new secret is configured, issuing refuses to sign with the retired key.
    with pytest.raises(IssuerKeyMissing):
        issue_for(world.users["other_participant"])
    monkeypatch.setenv("LAUNCH_ISSUER_KEY", new_key.secret_multibase())
    new = issue_for(world.users["other_participant"])
    old_key.refresh_from_db()
    assert old_key.status == IssuerKey.Status.RETIRED and old_key.retired_at
    methods = [m["publicKeyMultibase"] for m in badge_issuer.did_document()["verificationMethod"]]
    assert methods == [new_key.public_key_multibase, old_key.public_key_multibase]
    assert document(old)["proof"]["verificationMethod"].endswith(old_key.public_key_multibase)
    assert document(new)["proof"]["verificationMethod"].endswith(new_key.public_key_multibase)
    assert (
        badge_verification.verify_credential(old).valid
        and badge_verification.verify_credential(new).valid
    )
    # Revoking the old one re-signs its status list with the new key: still verifies.
    badge_services.revoke_credential(
        actor=world.users["superuser"], credential_id=old.pk, reason="Test."
    )
    assert badge_verification.verify_credential(old).status == "revoked"
    assert badge_verification.verify_credential(new).valid


def test_production_without_a_key_fails_clearly_and_the_outbox_retries(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.delenv("LAUNCH_ISSUER_KEY")
    settings.DEBUG = False
    participant = make_earner(world.users["participant"])
    with pytest.raises(IssuerKeyMissing, match="LAUNCH_ISSUER_KEY"):
        badge_services.issue_credential(user_id=participant.pk, achievement_id=completion().pk)
    with django_capture_on_commit_callbacks(execute=True):
        badge_services.award_if_due(user_id=participant.pk)
    item = OutboxItem.objects.get(kind=badge_services.ISSUE_KIND)
    assert item.status == OutboxItem.Status.PENDING and "IssuerKeyMissing" in item.last_error
    assert not Credential.objects.exists()


def test_the_key_can_come_from_a_secret_file(world, settings, monkeypatch, tmp_path):
    key = ob.generate_signing_key()
    path = tmp_path / "issuer.secret"
    path.write_text(key.secret_multibase() + "\n")
    monkeypatch.delenv("LAUNCH_ISSUER_KEY")
    monkeypatch.setenv("LAUNCH_ISSUER_KEY_FILE", str(path))
    credential = issue_for(world.users["participant"])
    assert credential.verification_method.endswith(key.public_key_multibase)
    monkeypatch.setenv("LAUNCH_ISSUER_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(IssuerKeyMissing, match="cannot be read"):
        issue_for(world.users["other_participant"])


def test_development_falls_back_to_a_key_file_under_var(world, settings, monkeypatch, tmp_path):
    monkeypatch.delenv("LAUNCH_ISSUER_KEY")
    secret = tmp_path / "var" / "dev-issuer-key.secret"
    settings.LAUNCH_ISSUER_KEY_DEV_FILE = secret
    settings.DEBUG = True
    credential = issue_for(world.users["participant"])
    assert secret.exists() and (secret.stat().st_mode & 0o777) == 0o600
    key = ob.signing_key_from_multibase(secret.read_text())
    assert credential.verification_method.endswith(key.public_key_multibase)
    settings.DEBUG = False  # production settings: no fallback
    with pytest.raises(IssuerKeyMissing):
        issue_for(world.users["other_participant"])


def test_renewal_reminders_90_30_and_7_days_before_expiry_each_once(
    world, django_capture_on_commit_callbacks
):
    csis = Achievement.objects.create(
        slug="csis", name="CSIS", description="d", criteria_narrative="c",
        require_modules=False, validity_years=3,
    )  # fmt: skip
    csis.proficient_standards.set(Standard.objects.filter(number=1))
    issued = timezone.now().replace(microsecond=0) - timedelta(days=365 * 2)
    credential = issue_for(world.users["participant"], csis, now=issued)
    revoked = issue_for(world.users["other_participant"], csis, now=issued)
    badge_services.revoke_credential(
        actor=world.users["editor"], credential_id=revoked.pk, reason="R."
    )
    until = credential.valid_until
    assert until is not None
    sent = []
    for days_before in (120, 90, 89, 60, 30, 29, 8, 7, 3, 1, -1):
        with django_capture_on_commit_callbacks(execute=True):
            badge_services.send_renewal_reminders(
                now=until - timedelta(days=days_before) + timedelta(hours=1)
            )
        sent.append(len(mail.outbox))
    assert sent == [0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3]
    assert {m.to[0] for m in mail.outbox} == {world.users["participant"].email}
    assert [m.subject for m in mail.outbox] == [
        "Your CSIS badge expires in 90 days",
        "Your CSIS badge expires in 30 days",
        "Your CSIS badge expires in 7 days",
    ]
    assert badge_issuer.credential_page_url(credential.uuid) in mail.outbox[0].body


def test_renewal_reminders_are_in_the_beat_schedule(settings):
    from evidence.tasks import send_renewal_reminders_task

    entry = settings.CELERY_BEAT_SCHEDULE["evidence.send_renewal_reminders"]
    assert entry["task"] == send_renewal_reminders_task.name
