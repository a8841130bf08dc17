"""P7 (first half): Open Badges 3.0 issue+verify rate against raw Ed25519 sign+verify pairs.

Same process, contexts vendored (nothing fetched), warmed up once. Each credential is
different (id, subject, status index): build it, check JSON-LD safe mode, sign it
(eddsa-rdfc-2022), then verify it fully (proof, issuer's key from the DID document,
revocation status from the signed status list, dates). The baseline is a raw Ed25519 sign and
verify of 64 bytes (what eddsa-rdfc-2022 signs). A/B interleaved five times; medians.
Goal: credentials per second >= 1/50 of raw pairs per second.

Second half: 1,000 credentials through the background path within 30 s. In a throw-away
demo database (embedded profile, DEBUG off, a key in LAUNCH_ISSUER_KEY), 1,000 participants
meet the completion criteria; in one transaction each is awarded (criteria checked, an
``evidence.issue_credential`` outbox item recorded); after commit every item runs through the
Celery task (eager in the embedded profile) that issues, signs and stores the credential. The
time is from the start of awarding until the last credential is stored.
"""

import json
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime

from evidence.credentials import (
    Achievement,
    Alignment,
    CredentialData,
    EvidenceSummary,
    Image,
    IssuerProfile,
    StatusEntry,
    Subject,
    build_credential_from,
    build_status_list_credential,
    did_document,
    did_web,
    generate_signing_key,
    hash_identity,
    public_key_resolver,
    sign,
    verification_method_id,
    verify,
)

from .harness import PYTHON, ROOT, DemoSite, median, record

ROUNDS = 5
SECONDS = 2.0
GOAL = 1 / 50
STATUS_URL = "https://launch.example.org/credentials/status/1"
BACKGROUND_COUNT = 1_000
BACKGROUND_GOAL_S = 30.0


def _template(did: str) -> CredentialData:
    achievement = Achievement(
        id="https://launch.example.org/achievements/launch-completion",
        name="LAUNCH! School Improvement Specialist",
        description="Completed LAUNCH! and showed proficiency in all ten standards.",
        criteria_narrative="Complete every required module; be proficient in ten standards.",
        image=Image(id="https://launch.example.org/badges/launch.png"),
        alignments=tuple(
            Alignment(
                target_name=f"Standard {n}",
                target_url=f"https://launch.example.org/standards/{n}/",
                target_code=f"SIS-{n}",
                target_framework="LAUNCH! School Improvement Standards",
            )
            for n in range(1, 11)
        ),
    )
    return CredentialData(
        id="",
        issuer=IssuerProfile(
            id=did,
            name="LAUNCH! Programme",
            url="https://launch.example.org/",
            email="badges@launch.example.org",
        ),
        achievement=achievement,
        subject=Subject(identity=hash_identity("x@example.org", salt="s")),
        valid_from=datetime(2026, 1, 1, tzinfo=UTC),
        valid_until=datetime(2029, 1, 1, tzinfo=UTC),
        evidence=tuple(
            EvidenceSummary(
                id=f"https://launch.example.org/evidence/{n}",
                name=f"Evidence for standard {n}",
                narrative="Reviewed against the rubric; rated proficient.",
            )
            for n in range(1, 4)
        ),
    )


def run() -> dict:
    did = did_web("launch.example.org")
    key = generate_signing_key()
    method = verification_method_id(did, key.public_key)
    resolver = public_key_resolver([did_document(did, active=[key.public_key])])
    status_list = sign(
        build_status_list_credential(
            id=STATUS_URL, issuer=did, revoked={1}, valid_from=datetime(2026, 1, 1, tzinfo=UTC)
        ),
        key,
        method,
    )
    status_lists = {STATUS_URL: status_list}
    template = _template(did)
    counter = iter(range(10, 10**9))

    def issue_and_verify() -> None:
        n = next(counter)
        data = replace(
            template,
            id=f"https://launch.example.org/credentials/{n}",
            subject=Subject(identity=hash_identity(f"learner{n}@example.org")),
            status=StatusEntry(status_list_credential=STATUS_URL, index=n % 131072),
        )
        signed = sign(build_credential_from(data), key, method)
        result = verify(signed, resolver, status_lists=status_lists)
        if not result.valid and result.status != "revoked":
            raise AssertionError(f"a benchmark credential did not verify: {result}")

    message = bytes(range(64))

    def raw_pair() -> None:
        key.public_key.verify(key.sign(message), message)

    def rate(operation) -> float:
        count, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < SECONDS:
            for _ in range(10):
                operation()
            count += 10
        return count / elapsed

    for operation in (issue_and_verify, raw_pair):  # warm up: contexts, caches
        for _ in range(20):
            operation()
    raw, credentials = [], []
    for _ in range(ROUNDS):  # A/B interleaved
        raw.append(round(rate(raw_pair), 1))
        credentials.append(round(rate(issue_and_verify), 1))
    raw_rate, credential_rate = median(raw), median(credentials)
    ratio = credential_rate / raw_rate
    background = _background_path()
    background_ok = (
        background["issued"] == BACKGROUND_COUNT and background["seconds"] <= BACKGROUND_GOAL_S
    )
    passed = ratio >= GOAL and background_ok
    figures = {
        "raw_ed25519_pairs_per_s": raw_rate,
        "credentials_issued_and_verified_per_s": credential_rate,
        "ratio": round(ratio, 4),
        "ratio_as_one_in": round(1 / ratio, 1),
        "ms_per_credential": round(1000 / credential_rate, 2),
        "rounds": ROUNDS,
        "seconds_per_round": SECONDS,
        "background_path": background,
        "passed": passed,
        "goal": (
            "issue+verify per second >= 1/50 of raw Ed25519 sign+verify pairs per second; "
            "1,000 credentials through the background path within 30 s"
        ),
        "summary": (
            f"{credential_rate:.0f} credentials issued+verified/s vs {raw_rate:.0f} raw "
            f"Ed25519 pairs/s = 1/{1 / ratio:.0f} (goal 1/50); "
            f"{background['issued']:,} via the background path in {background['seconds']:.1f} s "
            f"(goal 30 s)"
        ),
        "raw": {"raw_pairs_per_s": raw, "credentials_per_s": credentials},
    }
    record("p7-credentials", figures)
    return figures


def _earners(count: int) -> list[int]:
    """``count`` participants of the demo cohort who meet the completion criteria."""
    from django.utils import timezone

    from lms.models import (
        Cohort,
        Enrolment,
        ModuleProgress,
        RubricLevel,
        Standard,
        StandardProgress,
        User,
    )
    from lms.selectors import required_module_ids

    cohort = Cohort.objects.get(name="Piedmont Regional Cohort")
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=f"p7-{i}@bench.example",
                first_name="P7",
                last_name=f"Earner{i:04d}",
                password="!",  # noqa: S106 - an unusable password
            )
            for i in range(count)
        ]
    )
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=cohort,
                user=u,
                role=Enrolment.Role.PARTICIPANT,
                status=Enrolment.Status.ACTIVE,
            )
            for u in users
        ]
    )
    modules = required_module_ids(cohort.programme_id)
    ModuleProgress.objects.bulk_create(
        [
            ModuleProgress(
                user=u, module_id=m, status=ModuleProgress.Status.COMPLETED, completed_at=now
            )
            for u in users
            for m in modules
        ],
        batch_size=2000,
    )
    StandardProgress.objects.bulk_create(
        [
            StandardProgress(user=u, standard=s, level=RubricLevel.PROFICIENT, proficient_at=now)
            for u in users
            for s in Standard.objects.all()
        ],
        batch_size=2000,
    )
    return [u.pk for u in users]


def measure_background() -> dict:
    """In the child process: award 1,000 earners in one transaction; after commit the outbox
    hands each issuance to the Celery task. Returns the timings and checks."""
    import django

    django.setup()
    from django.db import transaction

    from evidence.badges import services as badge_services
    from evidence.badges import verification as badge_verification
    from evidence.models import Credential
    from lms.models import OutboxItem

    user_ids = _earners(BACKGROUND_COUNT)
    started = time.perf_counter()
    with transaction.atomic():
        for user_id in user_ids:
            badge_services.award_if_due(user_id=user_id)
        recorded = time.perf_counter()
    done = time.perf_counter()
    credentials = Credential.objects.filter(user_id__in=user_ids)
    verify = badge_verification.Verifier()
    sample = list(credentials.order_by("?")[:20])
    return {
        "count": BACKGROUND_COUNT,
        "seconds": round(done - started, 2),
        "award_and_record_seconds": round(recorded - started, 2),
        "issue_seconds": round(done - recorded, 2),
        "issued": credentials.count(),
        "outbox_done": OutboxItem.objects.filter(
            kind=badge_services.ISSUE_KIND, status=OutboxItem.Status.DONE
        ).count(),
        "sample_verified": sum(verify(c).valid for c in sample),
        "sample_size": len(sample),
    }


def _background_path() -> dict:
    site = DemoSite()
    site.env["LAUNCH_ISSUER_KEY"] = generate_signing_key().secret_multibase()
    try:
        site.prepare()
        result = subprocess.run(
            [PYTHON, "-m", "bench.p7_credentials", "background"],
            cwd=ROOT,
            env=site.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        site.cleanup()


if __name__ == "__main__":
    if sys.argv[1:] == ["background"]:
        print(json.dumps(measure_background()))
    else:
        print(json.dumps(run(), indent=2))
