"""Helpers for the Open Badges tests: an issuer with an active and a retired key, a
credential factory, and the independent node verifier (run through ``node_verify``)."""

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from evidence.credentials import (
    Achievement,
    Alignment,
    CredentialData,
    EvidenceSummary,
    Image,
    IssuerProfile,
    SigningKey,
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
)

VERIFIER_DIR = Path(__file__).with_name("verifier")
STATUS_LIST_URL = "https://launch.example.org/credentials/status/1"


def node_verify(cases: list[dict[str, Any]], documents: dict[str, Any]) -> dict[str, dict]:
    """Run the node verifier on ``cases`` ({"name", "credential", "now"?}); results by name."""
    if not (VERIFIER_DIR / "node_modules" / ".installed").exists():
        pytest.fail("the node verifier is not installed: run `make credential-verifier-deps`")
    node = shutil.which("node")
    assert node, "node is needed for the independent verifier"
    completed = subprocess.run(
        [node, "verify.mjs"],
        cwd=VERIFIER_DIR,
        input=json.dumps({"documents": documents, "cases": cases}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return {result["name"]: result for result in json.loads(completed.stdout)["results"]}


@dataclass
class Issuer:
    """A did:web issuer with one active key and one retired key, and its status list."""

    did: str
    profile: IssuerProfile
    key: SigningKey
    retired_key: SigningKey
    revoked: set[int] = field(default_factory=set)

    @property
    def did_document(self) -> dict[str, Any]:
        return did_document(
            self.did, active=[self.key.public_key], retired=[self.retired_key.public_key]
        )

    def method(self, key: SigningKey | None = None) -> str:
        return verification_method_id(self.did, (key or self.key).public_key)

    def status_list(self) -> dict[str, Any]:
        unsigned = build_status_list_credential(
            id=STATUS_LIST_URL,
            issuer=self.did,
            revoked=self.revoked,
            valid_from=datetime(2025, 1, 1, tzinfo=UTC),
        )
        return sign(unsigned, self.key, self.method())

    def documents(self) -> dict[str, Any]:
        """What a verifier may load: the DID document and the status list credential."""
        return {self.did: self.did_document, STATUS_LIST_URL: self.status_list()}

    def resolver(self) -> Callable:
        return public_key_resolver([self.did_document])


@pytest.fixture
def issuer() -> Issuer:
    did = did_web("launch.example.org")
    profile = IssuerProfile(
        id=did,
        name="LAUNCH! Programme",
        url="https://launch.example.org/",
        email="badges@launch.example.org",
        image=Image(id="https://launch.example.org/static/launch-logo.png", caption="LAUNCH!"),
    )
    return Issuer(did, profile, generate_signing_key(), generate_signing_key())


def credential_data(issuer: Issuer, number: int = 1, **changes: Any) -> CredentialData:
    """The LAUNCH! completion badge for learner ``number`` (status index = ``number``)."""
    achievement = Achievement(
        id="https://launch.example.org/achievements/launch-completion",
        name="LAUNCH! School Improvement Specialist",
        description="Completed the LAUNCH! programme and showed proficiency in ten standards.",
        criteria_narrative="Complete every required module; be proficient in all ten standards.",
        image=Image(id="https://launch.example.org/badges/launch.png"),
        alignments=tuple(
            Alignment(
                target_name=f"Standard {n}",
                target_url=f"https://launch.example.org/standards/{n}/",
                target_code=f"SIS-{n}",
                target_framework="LAUNCH! School Improvement Standards",
            )
            for n in (1, 2, 3)
        ),
        achievement_type="Certificate",
    )
    data = CredentialData(
        id=f"https://launch.example.org/credentials/{number}",
        issuer=issuer.profile,
        achievement=achievement,
        subject=Subject(identity=hash_identity(f"learner{number}@example.org", salt="s4lt")),
        valid_from=datetime(2025, 6, 1, 12, 0, tzinfo=UTC),
        status=StatusEntry(status_list_credential=STATUS_LIST_URL, index=number),
        evidence=(
            EvidenceSummary(
                id=f"https://launch.example.org/evidence/{number}",
                name="Root-cause analysis of attendance",
                description="A reviewed plan, rated proficient.",
                narrative="Reviewed by a coach against standard 3.",
            ),
        ),
    )
    return replace(data, **changes)


@pytest.fixture
def issue(issuer: Issuer) -> Callable[..., dict[str, Any]]:
    """``issue(number, key=None, **changes)``: a signed credential for learner ``number``."""

    def make(number: int = 1, key: SigningKey | None = None, **changes: Any) -> dict[str, Any]:
        unsigned = build_credential_from(credential_data(issuer, number, **changes))
        return sign(unsigned, key or issuer.key, issuer.method(key))

    return make
