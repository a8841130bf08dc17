"""Policy entries for the routes of evidence.

Objects (made on demand with ``world.once``):

* ``draft``: the participant's draft with a file; their coach and staff may read it, nobody
  else (reviewers never see drafts);
* ``assigned``: the participant's submitted version, assigned to the world's reviewer;
* ``unassigned``: the other participant's submitted version, with no reviewer: the world's
  reviewer gets 404 on it.
"""

from django.db.models import Model

from evidence import services
from evidence.models import (
    Artefact,
    Attestation,
    ReviewAssignment,
    StandardScore,
    Submission,
    SubmissionVersion,
)

from ..evidence.helpers import make_draft, make_submitted
from .base import PARTICIPANTS, SIGNED_IN, STAFF, Check, only

WATCHED: list[type[Model]] = [
    Submission,
    SubmissionVersion,
    Artefact,
    ReviewAssignment,
    StandardScore,
    Attestation,
]

NOBODY_ELSE = "404"
OWNER_COACH_STAFF = {"anonymous": "login", "participant": "ok", "coach": "ok", **only(STAFF, "ok")}


def _draft(w) -> Submission:
    return w.once("evidence.draft", lambda w: make_draft(w.users["participant"], with_file=True))


def _assigned(w) -> SubmissionVersion:
    return w.once("evidence.assigned", lambda w: make_submitted(w.users["participant"]))


def _unassigned(w) -> SubmissionVersion:
    def make(w):
        version = make_submitted(w.users["other_participant"], (2,))
        ReviewAssignment.objects.filter(version=version).delete()
        return version

    return w.once("evidence.unassigned", make)


def _assignment(w) -> ReviewAssignment:
    return _assigned(w).assignments.get(reviewer=w.users["reviewer"])


def _draft_file(w) -> Artefact:
    return _draft(w).artefacts.exclude(storage_name="").get()


def _version_file(w, version) -> Artefact:
    return version.artefacts.exclude(storage_name="").get()


def _fresh_link(w) -> str:
    """A new link artefact on the draft for each request (each role removes its own)."""
    draft = _draft(w)
    artefact = Artefact.objects.create(
        submission=draft, kind="student", url="https://docs.example.org/x"
    )
    return f"/evidence/{draft.pk}/artefacts/{artefact.pk}/remove/"


def _fresh_ready_draft(w) -> str:
    """A new ready draft of the participant for each request (each role tries to submit it)."""
    return f"/evidence/{make_draft(w.users['participant']).pk}/submit/"


def _attest_token(w) -> str:
    def make(w):
        attestation = services.request_attestation(
            actor=w.users["participant"],
            submission_id=_assigned(w).submission_id,
            relationship="supervisor",
            name="Pat Principal",
            email="pat@school.example",
        )
        return services.attestation_token(attestation)

    return w.once("evidence.attest_token", make)


def _review_data(w) -> dict:
    version = _assigned(w)
    data = {"decision": "accepted", "comment": "Good.", "status": "revise", "reviewer": "1"}
    for s in version.standards.all():
        data[f"level_{s.pk}"] = "2"
        data[f"comment_{s.pk}"] = ""
    return data


SIGNED_IN_OK = {"anonymous": "login", **only(SIGNED_IN, "ok")}

POLICY: dict[str, list[Check]] = {
    "evidence:list": [Check("GET", lambda w: "/evidence/", "ok", {"anonymous": "login"})],
    "evidence:new": [
        Check("GET", lambda w: "/evidence/new/?standard=1", NOBODY_ELSE,
              {"anonymous": "login", **only(PARTICIPANTS, "ok")}),
        Check("POST", lambda w: "/evidence/new/", NOBODY_ELSE,
              {"anonymous": "login", **only(PARTICIPANTS, "redirect")},
              data=lambda w: {"title": "Mine", "status": "accepted", "participant": "1"}),
    ],
    "evidence:submission": [
        Check("GET", lambda w: f"/evidence/{_draft(w).pk}/", NOBODY_ELSE, OWNER_COACH_STAFF),
        Check("GET", lambda w: f"/evidence/{_assigned(w).submission_id}/", NOBODY_ELSE,
              OWNER_COACH_STAFF),
        Check("GET", lambda w: f"/evidence/{_draft(w).pk + 9999}/", NOBODY_ELSE,
              {"anonymous": "login"}),
    ],
    "evidence:save_draft": [
        Check("POST", lambda w: f"/evidence/{_draft(w).pk}/draft/", NOBODY_ELSE,
              {"anonymous": "login", "participant": "redirect"},
              data=lambda w: {"title": "Changed", "status": "accepted", "blind": "on"}),
        Check("GET", lambda w: f"/evidence/{_draft(w).pk}/draft/", "405"),
    ],
    "evidence:add_artefact": [
        Check("POST", lambda w: f"/evidence/{_draft(w).pk}/artefacts/", NOBODY_ELSE,
              {"anonymous": "login", "participant": "redirect"},
              data=lambda w: {"kind": "student", "url": "https://docs.example.org/y"}),
        Check("GET", lambda w: f"/evidence/{_draft(w).pk}/artefacts/", "405"),
    ],
    "evidence:remove_artefact": [
        Check("POST", _fresh_link, NOBODY_ELSE, {"anonymous": "login", "participant": "redirect"}),
    ],
    "evidence:submit": [
        Check("POST", _fresh_ready_draft, NOBODY_ELSE,
              {"anonymous": "login", "participant": "redirect"}),
        Check("GET", lambda w: f"/evidence/{_draft(w).pk}/submit/", "405"),
    ],
    "evidence:version": [
        Check("GET", lambda w: f"/evidence/{_assigned(w).submission_id}/versions/1/",
              NOBODY_ELSE, {**OWNER_COACH_STAFF, "reviewer": "ok"}),
        Check("GET", lambda w: f"/evidence/{_unassigned(w).submission_id}/versions/1/",
              NOBODY_ELSE,
              {"anonymous": "login", "other_participant": "ok", "other_coach": "ok",
               **only(STAFF, "ok")}),
        Check("GET", lambda w: f"/evidence/{_assigned(w).submission_id}/versions/2/",
              NOBODY_ELSE, {"anonymous": "login"}),
    ],
    "evidence:download": [
        Check("GET", lambda w: f"/evidence/files/{_draft_file(w).pk}/", NOBODY_ELSE,
              OWNER_COACH_STAFF),
        Check("GET", lambda w: f"/evidence/files/{_version_file(w, _assigned(w)).pk}/",
              NOBODY_ELSE, {**OWNER_COACH_STAFF, "reviewer": "ok"}),
        Check("GET", lambda w: f"/evidence/files/{_version_file(w, _unassigned(w)).pk}/",
              NOBODY_ELSE,
              {"anonymous": "login", "other_participant": "ok", "other_coach": "ok",
               **only(STAFF, "ok")}),
    ],
    "evidence:request_attestation": [
        Check("POST", lambda w: f"/evidence/{_assigned(w).submission_id}/attestations/",
              NOBODY_ELSE, {"anonymous": "login", "participant": "redirect"},
              data=lambda w: {"relationship": "client", "name": "C", "email": "c@x.example"}),
    ],
    "evidence:assign": [
        Check("POST", lambda w: f"/evidence/{_unassigned(w).submission_id}/assign/",
              NOBODY_ELSE, {"anonymous": "login", **only(STAFF, "redirect")},
              data=lambda w: {"reviewer": str(w.users["reviewer"].pk)}),
    ],
    "evidence:review_queue": [Check("GET", lambda w: "/evidence/review/", "ok",
                                    {"anonymous": "login"})],
    "evidence:review": [
        Check("GET", lambda w: f"/evidence/review/{_assignment(w).pk}/", NOBODY_ELSE,
              {"anonymous": "login", "reviewer": "ok"}),
        Check("POST", lambda w: f"/evidence/review/{_assignment(w).pk}/", NOBODY_ELSE,
              {"anonymous": "login", "reviewer": "redirect"}, data=_review_data),
        Check("GET", lambda w: f"/evidence/review/{_assignment(w).pk + 999}/", NOBODY_ELSE,
              {"anonymous": "login"}),
    ],
    "evidence:attest": [
        Check("GET", lambda w: f"/evidence/attest/{_attest_token(w)}/", "ok"),
        Check("GET", lambda w: "/evidence/attest/forged-token/", "404"),
        Check("POST", lambda w: "/evidence/attest/forged-token/", "404",
              data=lambda w: {"decision": "confirm", "responder_name": "X", "seen_hash": "0"}),
    ],
}  # fmt: skip
