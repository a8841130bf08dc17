"""Models of evidence, grouped by concern (submissions, artefacts, reviews, attestations).

Later modules (e.g. ``badges.py``: achievements, issuer, credentials) sit beside these and are
re-exported here.
"""

from .attestations import Attestation
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
    "Artefact",
    "Attestation",
    "EvidenceKind",
    "ProgrammeEvidenceSettings",
    "ReviewAssignment",
    "StandardScore",
    "Submission",
    "SubmissionVersion",
]
