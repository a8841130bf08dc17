"""The evidence app's settings (see :mod:`lms.conf`; the reference is docs/settings.md)."""

from pathlib import Path

from django.conf import settings

from lms.conf import AppSettings, Setting, beside_media_doc, beside_media_root

MB = 1024 * 1024


def _debug() -> bool:
    return bool(settings.DEBUG)


def _dev_key_file() -> Path:
    return beside_media_root("dev-issuer-key.secret", setting="LAUNCH_ISSUER_KEY_DEV_FILE")


conf = AppSettings(
    "evidence",
    Setting(
        "LAUNCH_EVIDENCE_MAX_FILE_BYTES",
        64 * MB,
        "Largest evidence file accepted, in bytes (the upload stops reading past it).",
        old_name="EVIDENCE_MAX_FILE_BYTES",
        default_doc="64 MB",
    ),
    Setting(
        "LAUNCH_EVIDENCE_QUOTA_BYTES",
        500 * MB,
        "Bytes of evidence files one participant may store.",
        old_name="EVIDENCE_QUOTA_BYTES",
        default_doc="500 MB",
    ),
    Setting(
        "LAUNCH_EVIDENCE_RETENTION_DAYS",
        0,
        "Days a stored evidence file is kept after upload; 0 keeps it for ever.",
        old_name="EVIDENCE_RETENTION_DAYS",
    ),
    Setting(
        "LAUNCH_EVIDENCE_ATTESTATION_MAX_AGE",
        60 * 60 * 24 * 21,
        "Seconds an attestation request link stays valid.",
        old_name="EVIDENCE_ATTESTATION_MAX_AGE",
        default_doc="21 days",
    ),
    Setting(
        "LAUNCH_EVIDENCE_ATTESTATIONS_PER_VERSION",
        3,
        "Attestation requests a participant may send for one submitted version.",
        old_name="EVIDENCE_ATTESTATIONS_PER_VERSION",
    ),
    Setting(
        "LAUNCH_EVIDENCE_ATTESTATIONS_PER_DAY",
        10,
        "Attestation requests a participant may send per day.",
        old_name="EVIDENCE_ATTESTATIONS_PER_DAY",
    ),
    Setting(
        "LAUNCH_ISSUER_KEY",
        "",
        "The badge issuer's Multikey secret (`z3u2...`); also read from the environment.",
    ),
    Setting(
        "LAUNCH_ISSUER_KEY_FILE",
        "",
        "Path of a file holding the issuer's secret (a mounted secret); also read from the "
        "environment.",
    ),
    Setting(
        "LAUNCH_ISSUER_KEY_DEV_FALLBACK",
        _debug,
        "Without a key, generate one into `LAUNCH_ISSUER_KEY_DEV_FILE` (development only).",
        default_doc="`DEBUG`",
    ),
    Setting(
        "LAUNCH_ISSUER_KEY_DEV_FILE",
        _dev_key_file,
        "Where the development fallback keeps its generated issuer key.",
        default_doc=beside_media_doc("dev-issuer-key.secret"),
    ),
)
