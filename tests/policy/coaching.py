"""Policy entries for the routes of coaching.

Objects (made on demand with ``world.once``):

* ``thread``: a thread on the participant's draft: the participant and their coach read and
  write, programme staff read only, nobody else sees it (404);
* ``other_thread``: the other participant's thread (a forged id for the participant);
* ``reflection``: the participant's module reflection without a thread yet.
"""

from django.db.models import Model

from coaching.models import FeedbackMessage, FeedbackThread, HelpRequest, ReadMarker
from lms.models import Reflection

from ..coaching.helpers import make_thread
from .base import STAFF, Check, only

WATCHED: list[type[Model]] = [FeedbackThread, FeedbackMessage, HelpRequest, ReadMarker]

NOBODY_ELSE = "404"


def _thread(w) -> FeedbackThread:
    return w.once("coaching.thread", lambda w: make_thread(w.users["participant"]))


def _other_thread(w) -> FeedbackThread:
    return w.once("coaching.other_thread", lambda w: make_thread(w.users["other_participant"]))


def _reflection(w) -> Reflection:
    return w.once(
        "coaching.reflection",
        lambda w: Reflection.objects.create(
            user=w.users["participant"], module=w.module, cohort=w.cohort, text="What I learnt."
        ),
    )


def _fresh_draft(w) -> str:
    from ..evidence.helpers import make_draft

    return f"/coaching/submissions/{make_draft(w.users['participant']).pk}/thread/"


READERS = {"anonymous": "login", "participant": "ok", "coach": "ok", **only(STAFF, "ok")}
OTHER_READERS = {
    "anonymous": "login",
    "other_participant": "ok",
    "other_coach": "ok",
    **only(STAFF, "ok"),
}
WRITERS = {"anonymous": "login", "participant": "redirect", "coach": "redirect"}

POLICY: dict[str, list[Check]] = {
    "coaching:index": [
        Check("GET", lambda w: "/coaching/", "ok", {"anonymous": "login"}),
    ],
    "coaching:queue": [
        Check("GET", lambda w: "/coaching/queue/", NOBODY_ELSE,
              {"anonymous": "login", "coach": "ok", "other_coach": "ok"}),
        Check("POST", lambda w: "/coaching/queue/", "405"),
    ],
    "coaching:thread": [
        Check("GET", lambda w: f"/coaching/threads/{_thread(w).pk}/", NOBODY_ELSE, READERS),
        Check("GET", lambda w: f"/coaching/threads/{_other_thread(w).pk}/", NOBODY_ELSE,
              OTHER_READERS),
        Check("GET", lambda w: f"/coaching/threads/{_thread(w).pk + 9999}/", NOBODY_ELSE,
              {"anonymous": "login"}),
    ],
    "coaching:post": [
        Check("POST", lambda w: f"/coaching/threads/{_thread(w).pk}/post/", NOBODY_ELSE,
              WRITERS, data=lambda w: {"body": "<script>alert(1)</script> hello"}),
        Check("POST", lambda w: f"/coaching/threads/{_other_thread(w).pk}/post/", NOBODY_ELSE,
              {"anonymous": "login", "other_participant": "redirect", "other_coach": "redirect"},
              data=lambda w: {"body": "forged"}),
        Check("GET", lambda w: f"/coaching/threads/{_thread(w).pk}/post/", "405"),
    ],
    "coaching:request_help": [
        Check("POST", lambda w: f"/coaching/threads/{_thread(w).pk}/help/", NOBODY_ELSE,
              {"anonymous": "login", "participant": "redirect"},
              data=lambda w: {"topic": "My chart"}),
        Check("POST", lambda w: f"/coaching/threads/{_other_thread(w).pk}/help/", NOBODY_ELSE,
              {"anonymous": "login", "other_participant": "redirect"},
              data=lambda w: {"topic": "Forged"}),
    ],
    "coaching:open_submission_thread": [
        Check("POST", _fresh_draft, NOBODY_ELSE, WRITERS),
        Check("GET", _fresh_draft, "405"),
    ],
    "coaching:open_reflection_thread": [
        Check("POST", lambda w: f"/coaching/reflections/{_reflection(w).pk}/thread/",
              NOBODY_ELSE, WRITERS),
    ],
}  # fmt: skip
