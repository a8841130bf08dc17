"""Policy entries for the lms routes of the cohort dashboard and its export."""

from django.db.models import Model

from .base import STAFF, Check, only

# Coordinators of the cohort's organisation and programme staff see the whole cohort; the
# cohort's coach sees a read-only version limited to their own participants.
_SEE_COHORT = {"anonymous": "login", "coordinator": "ok", "coach": "ok", **only(STAFF, "ok")}
# Another organisation's cohort (a forged id for world.cohort's people): only staff and that
# cohort's own coordinator and coach.
_SEE_OTHER = {
    "anonymous": "login",
    "other_coordinator": "ok",
    "other_coach": "ok",
    **only(STAFF, "ok"),
}


def _dashboard(w) -> str:
    return f"/learn/cohorts/{w.cohort.pk}/"


def _export(w) -> str:
    return f"/learn/cohorts/{w.cohort.pk}/export.csv"


POLICY: dict[str, list[Check]] = {
    "lms:cohort_dashboard": [
        Check("GET", _dashboard, "404", _SEE_COHORT),
        Check(
            "GET", lambda w: _dashboard(w) + "?status=active&inactive=on&page=2", "404", _SEE_COHORT
        ),
        Check("GET", lambda w: f"/learn/cohorts/{w.other_cohort.pk}/", "404", _SEE_OTHER),
        Check(
            "GET",
            lambda w: f"/learn/cohorts/{w.other_cohort.pk + 999}/",
            "404",
            {"anonymous": "login"},
        ),
        Check("POST", _dashboard, "405"),
    ],
    "lms:cohort_export": [
        Check("GET", _export, "404", _SEE_COHORT),
        Check("GET", lambda w: f"/learn/cohorts/{w.other_cohort.pk}/export.csv", "404", _SEE_OTHER),
        Check(
            "GET",
            lambda w: f"/learn/cohorts/{w.other_cohort.pk + 999}/export.csv",
            "404",
            {"anonymous": "login"},
        ),
        Check("POST", _export, "405"),
    ],
}

# Models whose row counts a refused POST must leave unchanged.
WATCHED: list[type[Model]] = []
