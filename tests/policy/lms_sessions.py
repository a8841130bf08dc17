"""Policy entries for the lms routes of sessions, attendance and calendar feeds.

Who may do what:

* a cohort's sessions pages (list, add, edit, delete): its organisation's coordinators and
  programme staff; everyone else 404 (a coordinator of another organisation too).
* attendance: the cohort's coaches, its coordinators and staff.
* a session's .ics: anyone who may see the session (members of the cohort, its coordinators,
  staff).
* ``/learn/sessions/`` and ``/learn/calendar/``: anyone signed in (each sees their own).
* the private feed: no login; the right key gives the feed, any other key 404.
"""

from datetime import timedelta

from django.db.models import Model
from django.utils import timezone

from lms.models import Attendance, CohortSession, User
from lms.people import create_person, profile_of

from .base import STAFF, Check, only

COORDINATORS = ("coordinator", *STAFF)
RECORDERS = ("coach", *COORDINATORS)
# Members of world.cohort (any current role), its coordinator and staff.
SEES_SESSION = ("participant", "coach", "reviewer", *COORDINATORS)


def _make_session(w, cohort=None, title: str = "Launch day") -> CohortSession:
    start = timezone.now() + timedelta(days=3)
    return CohortSession.objects.create(
        cohort=cohort or w.cohort,
        title=title,
        mode=CohortSession.Mode.IN_PERSON,
        location="Room 4",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )


def _session(w) -> CohortSession:
    return w.once("session", _make_session)


def _other_session(w) -> CohortSession:
    return w.once("other_session", lambda w: _make_session(w, w.other_cohort, "Other launch"))


def _fresh_session(w) -> CohortSession:
    """A new session for each request (so a delete by one role leaves one for the next)."""
    return _make_session(w, title="Disposable")


def _session_data(w) -> dict:
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    return {
        "title": "Data dialogue lab",
        "mode": "in_person",
        "location": "Room 2",
        "link": "",
        "module": str(w.module.pk),
        "zone": "America/Chicago",
        "starts_at": f"{day}T09:00",
        "ends_at": f"{day}T12:00",
    }


def _attendance_data(w) -> dict:
    return {f"status-{w.users['participant'].pk}": "present"}


def _forged_attendance(w) -> dict:
    """A participant of the other cohort slipped into the form."""
    return {
        f"status-{w.users['participant'].pk}": "present",
        f"status-{w.users['other_participant'].pk}": "absent",
    }


def _sessions(w) -> str:
    return f"/learn/cohorts/{w.cohort.pk}/sessions/"


def _edit(w) -> str:
    return f"/learn/cohorts/{w.cohort.pk}/sessions/{_session(w).pk}/edit/"


def _attendance(w) -> str:
    return f"/learn/sessions/{_session(w).pk}/attendance/"


def _feed(w, role: str = "participant") -> str:
    key = profile_of(User.objects.get(pk=w.users[role].pk)).calendar_key
    return f"/learn/calendar/{key}.ics"


def _inactive_feed(w) -> str:
    user = w.once(
        "inactive",
        lambda w: create_person(email="gone@a.example", password="x", is_active=False),
    )
    return f"/learn/calendar/{profile_of(user).calendar_key}.ics"


POLICY: dict[str, list[Check]] = {
    "lms:cohort_sessions": [
        Check("GET", _sessions, "404", {"anonymous": "login", **only(COORDINATORS, "ok")}),
        # Another organisation's cohort: only its own coordinator and staff.
        Check(
            "GET",
            lambda w: f"/learn/cohorts/{w.other_cohort.pk}/sessions/",
            "404",
            {"anonymous": "login", "other_coordinator": "ok", **only(STAFF, "ok")},
        ),
        Check("GET", lambda w: "/learn/cohorts/999999/sessions/", "404", {"anonymous": "login"}),
        Check("POST", _sessions, "405"),
    ],
    "lms:session_new": [
        Check(
            "GET",
            lambda w: f"/learn/cohorts/{w.cohort.pk}/sessions/new/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "ok")},
        ),
        Check(
            "POST",
            lambda w: f"/learn/cohorts/{w.cohort.pk}/sessions/new/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
            data=_session_data,
        ),
        # A forged cohort id: the other organisation's cohort.
        Check(
            "POST",
            lambda w: f"/learn/cohorts/{w.other_cohort.pk}/sessions/new/",
            "404",
            {"anonymous": "login", "other_coordinator": "redirect", **only(STAFF, "redirect")},
            data=_session_data,
        ),
    ],
    "lms:session_edit": [
        Check("GET", _edit, "404", {"anonymous": "login", **only(COORDINATORS, "ok")}),
        Check(
            "POST",
            _edit,
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
            data=_session_data,
        ),
        # The session of cohort A under cohort B's URL: ids that do not belong together.
        Check(
            "POST",
            lambda w: f"/learn/cohorts/{w.other_cohort.pk}/sessions/{_session(w).pk}/edit/",
            "404",
            {"anonymous": "login"},
            data=_session_data,
        ),
        Check(
            "GET",
            lambda w: f"/learn/cohorts/{w.cohort.pk}/sessions/{_other_session(w).pk}/edit/",
            "404",
            {"anonymous": "login"},
        ),
    ],
    "lms:session_delete": [
        Check(
            "GET",
            lambda w: f"/learn/cohorts/{w.cohort.pk}/sessions/{_session(w).pk}/delete/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "ok")},
        ),
        Check(
            "POST",
            lambda w: f"/learn/cohorts/{w.cohort.pk}/sessions/{_fresh_session(w).pk}/delete/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
        ),
        Check(
            "POST",
            lambda w: f"/learn/cohorts/{w.other_cohort.pk}/sessions/{_session(w).pk}/delete/",
            "404",
            {"anonymous": "login"},
        ),
    ],
    "lms:session_attendance": [
        Check("GET", _attendance, "404", {"anonymous": "login", **only(RECORDERS, "ok")}),
        Check(
            "POST",
            _attendance,
            "404",
            {"anonymous": "login", **only(RECORDERS, "redirect")},
            data=_attendance_data,
        ),
        # A participant of another cohort in the form: refused as a whole (400), or 404.
        Check(
            "POST",
            _attendance,
            "404",
            {"anonymous": "login", **only(RECORDERS, "400")},
            data=_forged_attendance,
        ),
        Check(
            "POST",
            lambda w: f"/learn/sessions/{_other_session(w).pk}/attendance/",
            "404",
            {"anonymous": "login", "other_coach": "redirect", "other_coordinator": "redirect"}
            | only(STAFF, "redirect"),
            data=lambda w: {f"status-{w.users['other_participant'].pk}": "excused"},
        ),
        Check("GET", lambda w: "/learn/sessions/999999/attendance/", "404", {"anonymous": "login"}),
    ],
    "lms:sessions": [
        Check("GET", lambda w: "/learn/sessions/", "ok", {"anonymous": "login"}),
        Check("POST", lambda w: "/learn/sessions/", "405"),
    ],
    "lms:session_ics": [
        Check(
            "GET",
            lambda w: f"/learn/sessions/{_session(w).pk}.ics",
            "404",
            {"anonymous": "login", **only(SEES_SESSION, "ok")},
        ),
        Check("GET", lambda w: "/learn/sessions/999999.ics", "404", {"anonymous": "login"}),
    ],
    "lms:calendar": [
        Check("GET", lambda w: "/learn/calendar/", "ok", {"anonymous": "login"}),
        Check("POST", lambda w: "/learn/calendar/", "redirect", {"anonymous": "login"}),
    ],
    "lms:calendar_feed": [
        # The key is the credential: the same answer whoever asks (and nobody signs in).
        Check("GET", _feed, "ok"),
        Check("GET", lambda w: _feed(w, "coach"), "ok"),
        Check("GET", lambda w: "/learn/calendar/" + "x" * 43 + ".ics", "404"),
        Check("GET", _inactive_feed, "404"),
        Check("POST", _feed, "405"),
    ],
}

# Models whose row counts a refused POST must leave unchanged.
WATCHED: list[type[Model]] = [CohortSession, Attendance]
