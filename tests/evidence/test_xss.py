"""What participants, reviewers and attesters write is escaped on every page and partial."""

from django.core import mail

from evidence import services
from evidence.models import EVIDENCE_KINDS

from .helpers import make_draft, standard_ids

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _assert_escaped(html: str, where: str) -> None:
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html, where


def test_user_text_is_escaped_everywhere(world, django_capture_on_commit_callbacks):
    participant = world.users["participant"]
    submission = make_draft(participant)
    services.save_draft(
        actor=participant,
        submission_id=submission.pk,
        title=PAYLOAD,
        standard_ids=standard_ids(1),
        narratives={k: PAYLOAD for k in EVIDENCE_KINDS},
    )
    services.add_link_artefact(
        actor=participant,
        submission_id=submission.pk,
        kind="student",
        url="https://x.example/?q=<script>",
        label=PAYLOAD,
    )
    owner = world.client_for("participant")
    htmx = owner.post(
        f"/evidence/{submission.pk}/draft/",
        {
            "title": PAYLOAD,
            "standards": standard_ids(1),
            **{f"narrative_{k}": PAYLOAD for k in EVIDENCE_KINDS},
        },
        headers={"HX-Request": "true"},
    )
    _assert_escaped(htmx.content.decode(), "draft partial")
    with django_capture_on_commit_callbacks(execute=True):
        version = services.submit_submission(actor=participant, submission_id=submission.pk)
        attestation = services.request_attestation(
            actor=participant,
            submission_id=submission.pk,
            relationship="client",
            name=PAYLOAD,
            email="c@x.example",
        )
    token = services.attestation_token(attestation)
    services.respond_attestation(token=token, confirm=True, responder_name=PAYLOAD, comment=PAYLOAD,
                                 seen_hash=version.content_hash)  # fmt: skip
    assignment = version.assignments.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_review(
            actor=world.users["reviewer"],
            assignment_id=assignment.pk,
            scores={s.pk: (1, PAYLOAD) for s in version.standards.all()},
            decision="revise",
            comment=PAYLOAD,
        )
    pages = {
        "participant": [
            "/evidence/",
            f"/evidence/{submission.pk}/",
            f"/evidence/{submission.pk}/versions/1/",
        ],
        "coach": ["/evidence/", f"/evidence/{submission.pk}/"],
        "reviewer": ["/evidence/review/", f"/evidence/review/{assignment.pk}/",
                     f"/evidence/{submission.pk}/versions/1/"],
        "editor": [f"/evidence/{submission.pk}/"],
    }  # fmt: skip
    for role, paths in pages.items():
        client = world.client_for(role)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (role, path)
            _assert_escaped(response.content.decode(), f"{role} {path}")
    from django.test import Client

    _assert_escaped(Client().get(f"/evidence/attest/{token}/").content.decode(), "attest page")
    # Emails are plain text only (no HTML part to inject into).
    assert mail.outbox and all(not m.alternatives for m in mail.outbox)
