"""Small builders for evidence tests (also used by tests/policy/evidence.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from evidence import services
from evidence.models import EVIDENCE_KINDS, Submission, SubmissionVersion
from lms.models import Standard, User

#: A one-page PDF (a page tree is what a blind reviewer's anonymised copy is rebuilt from).
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def standard_ids(*numbers: int) -> list[int]:
    return list(Standard.objects.filter(number__in=numbers).values_list("pk", flat=True))


def pdf_upload(name: str = "plan.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def make_draft(user: User, numbers: tuple[int, ...] = (1, 3), *, ready: bool = True,
               with_file: bool = False) -> Submission:  # fmt: skip
    """A draft by ``user`` claiming ``numbers``; ``ready``: every kind documented (links)."""
    submission = services.create_submission(
        actor=user, standard_ids=standard_ids(*numbers), title="Data teams at my school"
    )
    if not ready:
        return submission
    services.save_draft(
        actor=user,
        submission_id=submission.pk,
        title="Data teams at my school",
        standard_ids=standard_ids(*numbers),
        narratives={kind: f"What happened: {kind}." for kind in EVIDENCE_KINDS},
    )
    for kind in EVIDENCE_KINDS:
        services.add_link_artefact(
            actor=user,
            submission_id=submission.pk,
            kind=kind,
            url=f"https://docs.example.org/{kind}",
            label=f"Notes on {kind}",
        )
    if with_file:
        services.add_file_artefact(
            actor=user,
            submission_id=submission.pk,
            kind="facilitation",
            upload=pdf_upload(),
        )
    submission.refresh_from_db()
    return submission


def make_submitted(user: User, numbers: tuple[int, ...] = (1, 3), *,
                   with_file: bool = True) -> SubmissionVersion:  # fmt: skip
    submission = make_draft(user, numbers, with_file=with_file)
    return services.submit_submission(actor=user, submission_id=submission.pk)
