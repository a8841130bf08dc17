"""Models of evidence, grouped by concern (submissions, artefacts, reviews, attestations).

Later modules (e.g. ``badges.py``: achievements, issuer, credentials) sit beside these and are
re-exported here.
"""

from .attestations import Attestation
from .badges import Achievement, Credential, IssuerKey, IssuerProfile, StatusList
from .reviews import ReviewAssignment, StandardScore
from .submissions import (
    EVIDENCE_KINDS,
    Artefact,
    EvidenceKind,
    ProgrammeEvidenceSettings,
    Submission,
    SubmissionVersion,
)

__all__ = [
    "EVIDENCE_KINDS",
    "Achievement",
    "Artefact",
    "Attestation",
    "Credential",
    "EvidenceKind",
    "IssuerKey",
    "IssuerProfile",
    "ProgrammeEvidenceSettings",
    "ReviewAssignment",
    "StandardScore",
    "StatusList",
    "Submission",
    "SubmissionVersion",
]
