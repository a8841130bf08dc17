"""Policy entries for the routes of lms, accounts, Wagtail and the host site."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lms.models import (
    Cohort,
    Enrolment,
    ImportJob,
    Invitation,
    ModuleProgress,
    Reflection,
    User,
)

from .base import PARTICIPANTS, STAFF, Check, only

COORDINATORS = ("coordinator", *STAFF)

WATCHED = [Reflection, ModuleProgress, Cohort, Enrolment, ImportJob, Invitation, User]


def _module_path(w) -> str:
    return w.module.url


def _reflection(w) -> str:
    return f"/learn/modules/{w.module.pk}/reflection/"


def _progress(w) -> str:
    return f"/learn/modules/{w.module.pk}/progress/"


def _enrolment(w, role: str = "participant", other: bool = False) -> int:
    cohort = w.other_cohort if other else w.cohort
    user = w.users[f"other_{role}" if other else role]
    return Enrolment.objects.get(cohort=cohort, user=user, role=role).pk


def _invitation(w) -> Invitation:
    def make(w):
        person = User.objects.create_user(email="invitee@a.example", first_name="In", last_name="V")
        enrolment = Enrolment.objects.create(
            cohort=w.cohort, user=person, role="participant", status="invited"
        )
        return Invitation.objects.create(enrolment=enrolment)

    return w.once("invitation", make)


def _import_job(w) -> ImportJob:
    return w.once(
        "import_job",
        lambda w: ImportJob.objects.create(
            cohort=w.cohort, filename="r.csv", data=b"", sha256="0", summary={"counts": {}}
        ),
    )


def _cohort_form(w) -> dict:
    return {
        "name": "Forged",
        "programme": w.programme.pk,
        "organisation": w.other_org.pk,
        "kind": "regional",
        "starts_on": "2026-01-01",
        "ends_on": "2026-06-01",
        "seat_limit": 10,
        "status": "planned",
    }


def _roster(w) -> dict:
    body = b"email,first name,last name,role\r\nnew@a.example,New,Person,participant\r\n"
    return {"file": SimpleUploadedFile("roster.csv", body, content_type="text/csv")}


def _c(w) -> str:
    return f"/learn/cohorts/{w.cohort.pk}"


def _oc(w) -> str:
    return f"/learn/cohorts/{w.other_cohort.pk}"


# Pages of one cohort: its coordinators and programme staff; everyone else 404.
RUNS_COHORT = {"anonymous": "login", **only(COORDINATORS, "ok")}
COORDINATOR_LIST = {"anonymous": "login", **only((*COORDINATORS, "other_coordinator"), "ok")}

POLICY: dict[str, list[Check]] = {
    "healthz": [Check("GET", lambda w: "/healthz", "ok")],
    # Not a page: names where the WebSocket routes sit under the plugin's prefix.
    "launch_sockets": [Check("GET", lambda w: "/ws/", "404")],
    # Accounts
    "accounts:login": [Check("GET", lambda w: "/accounts/login/", "redirect", {"anonymous": "ok"})],
    "accounts:logout": [
        Check("POST", lambda w: "/accounts/logout/", "redirect"),
        Check("GET", lambda w: "/accounts/logout/", "405"),
    ],
    "accounts:profile": [
        Check("GET", lambda w: "/accounts/profile/", "ok", {"anonymous": "login"})
    ],
    "accounts:download_my_data": [
        Check("POST", lambda w: "/accounts/profile/my-data.zip", "ok", {"anonymous": "login"}),
        Check("GET", lambda w: "/accounts/profile/my-data.zip", "405"),
    ],
    "accounts:password_change": [
        Check("GET", lambda w: "/accounts/password/", "ok", {"anonymous": "login"})
    ],
    "accounts:password_reset": [Check("GET", lambda w: "/accounts/password/reset/", "ok")],
    "accounts:password_reset_done": [
        Check("GET", lambda w: "/accounts/password/reset/sent/", "ok")
    ],
    "accounts:password_reset_confirm": [
        Check("GET", lambda w: "/accounts/password/reset/MQ/forged-token/", "ok")
    ],
    "accounts:password_reset_complete": [
        Check("GET", lambda w: "/accounts/password/reset/complete/", "ok")
    ],
    # The ten standards, their indicators and rubric: public.
    "lms:standards": [
        Check("GET", lambda w: "/learn/standards/", "ok"),
        Check("POST", lambda w: "/learn/standards/", "405"),
    ],
    # Participant pages
    "lms:dashboard": [Check("GET", lambda w: "/learn/dashboard/", "ok", {"anonymous": "login"})],
    "lms:save_reflection": [
        Check(
            "POST",
            _reflection,
            "404",
            {"anonymous": "login", **only(PARTICIPANTS, "redirect")},
            data=lambda w: {"text": "My reflection"},
        ),
        Check(
            "POST",
            lambda w: f"/learn/modules/{w.module.pk + 999}/reflection/",
            "404",
            {"anonymous": "login"},
            data=lambda w: {"text": "forged id"},
        ),
        Check("GET", _reflection, "405"),
    ],
    "lms:set_progress": [
        Check(
            "POST",
            _progress,
            "404",
            {"anonymous": "login", **only(PARTICIPANTS, "redirect")},
            data=lambda w: {"status": "completed"},
        ),
        Check(
            "POST",
            lambda w: f"/learn/modules/{w.module.pk + 999}/progress/",
            "404",
            {"anonymous": "login"},
            data=lambda w: {"status": "completed"},
        ),
        Check("GET", _progress, "405"),
    ],
    # The participant's choice of current cohort: only one of their own cohorts.
    "lms:choose_cohort": [
        Check(
            "POST",
            lambda w: "/learn/dashboard/cohort/",
            "404",
            {"anonymous": "login", "participant": "redirect"},
            data=lambda w: {"cohort": w.cohort.pk},
        ),
        Check("GET", lambda w: "/learn/dashboard/cohort/", "405"),
    ],
    # Coaches read their participants' reflections (each in the cohort it was written in).
    "lms:coach_reflections": [
        Check(
            "GET",
            lambda w: "/learn/coach/reflections/",
            "404",
            {"anonymous": "login", "coach": "ok", "other_coach": "ok"},
        )
    ],
    # Coordinators: cohorts, people, invitations, roster import.
    "lms:cohorts": [Check("GET", lambda w: "/learn/cohorts/", "404", COORDINATOR_LIST)],
    "lms:cohort_create": [
        Check("GET", lambda w: "/learn/cohorts/new/", "404", COORDINATOR_LIST),
        # A forged organisation (another one's) gives 404 and creates nothing.
        Check(
            "POST",
            lambda w: "/learn/cohorts/new/",
            "404",
            {"anonymous": "login", **only((*STAFF, "other_coordinator"), "redirect")},
            data=_cohort_form,
        ),
    ],
    "lms:cohort_edit": [
        Check("GET", lambda w: f"{_c(w)}/edit/", "404", RUNS_COHORT),
        Check(
            "GET",
            lambda w: f"{_oc(w)}/edit/",
            "404",
            {"anonymous": "login", **only((*STAFF, "other_coordinator"), "ok")},
        ),
        Check(
            "POST",
            lambda w: f"{_c(w)}/edit/",
            "404",
            {"anonymous": "login", **only(STAFF, "redirect")},
            data=_cohort_form,
        ),
    ],
    "lms:cohort_people": [
        Check("GET", lambda w: f"{_c(w)}/people/", "404", RUNS_COHORT),
        Check(
            "GET",
            lambda w: f"{_oc(w)}/people/?role=coach",
            "404",
            {"anonymous": "login", **only((*STAFF, "other_coordinator"), "ok")},
        ),
    ],
    "lms:cohort_person": [
        Check("GET", lambda w: f"{_c(w)}/people/{_enrolment(w)}/", "404", RUNS_COHORT),
        # Another cohort's enrolment through my cohort's URL: 404 even for its coordinator.
        Check(
            "GET",
            lambda w: f"{_c(w)}/people/{_enrolment(w, other=True)}/",
            "404",
            {"anonymous": "login"},
        ),
    ],
    "lms:cohort_person_add": [
        Check("GET", lambda w: f"{_c(w)}/people/add/", "404", RUNS_COHORT),
        Check(
            "POST",
            lambda w: f"{_c(w)}/people/add/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
            data=lambda w: {
                "email": "added@a.example",
                "first_name": "Ad",
                "last_name": "Ded",
                "role": "participant",
                "status": "active",
            },
        ),
    ],
    "lms:enrolment_status": [
        Check(
            "POST",
            lambda w: f"{_c(w)}/people/{_enrolment(w)}/status/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
            data=lambda w: {"status": "active"},
        ),
        # Another cohort's enrolment through my cohort's URL: 404 even for its coordinator.
        Check(
            "POST",
            lambda w: f"{_c(w)}/people/{_enrolment(w, other=True)}/status/",
            "404",
            {"anonymous": "login"},
            data=lambda w: {"status": "withdrawn"},
        ),
        Check("GET", lambda w: f"{_c(w)}/people/{_enrolment(w)}/status/", "405"),
    ],
    "lms:assign_coach": [
        Check(
            "POST",
            lambda w: f"{_c(w)}/people/coach/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
            data=lambda w: {"enrolment": _enrolment(w), "coach": w.users["coach"].pk},
        ),
        # Forged ids: another cohort's participant, another cohort's coach.
        Check(
            "POST",
            lambda w: f"{_c(w)}/people/coach/",
            "404",
            {"anonymous": "login"},
            data=lambda w: {
                "enrolment": [_enrolment(w), _enrolment(w, other=True)],
                "coach": w.users["coach"].pk,
            },
        ),
        Check(
            "POST",
            lambda w: f"{_c(w)}/people/coach/",
            "404",
            {"anonymous": "login"},
            data=lambda w: {"enrolment": _enrolment(w), "coach": w.users["other_coach"].pk},
        ),
    ],
    "lms:invitation_resend": [
        Check(
            "POST",
            lambda w: f"{_c(w)}/invitations/{_invitation(w).pk}/resend/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
        ),
        Check(
            "POST",
            lambda w: f"{_oc(w)}/invitations/{_invitation(w).pk}/resend/",
            "404",
            {"anonymous": "login"},
        ),
    ],
    "lms:invitation_revoke": [
        Check(
            "POST",
            lambda w: f"{_c(w)}/invitations/{_invitation(w).pk}/revoke/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
        ),
    ],
    "lms:accept_invitation": [
        # The signed link is the credential: anyone holding it sees the page; forged: a notice.
        Check("GET", lambda w: "/learn/invitations/forged-token/", "ok"),
        Check(
            "POST",
            lambda w: "/learn/invitations/forged-token/",
            "ok",
            data=lambda w: {"password1": "x", "password2": "x", "attest": "on"},
        ),
    ],
    "lms:cohort_import": [
        Check("GET", lambda w: f"{_c(w)}/import/", "404", RUNS_COHORT),
        Check(
            "POST",
            lambda w: f"{_c(w)}/import/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
            data=_roster,
        ),
        Check(
            "POST",
            lambda w: f"{_oc(w)}/import/",
            "404",
            {"anonymous": "login", **only((*STAFF, "other_coordinator"), "redirect")},
            data=_roster,
        ),
    ],
    "lms:import_template": [
        Check("GET", lambda w: f"{_c(w)}/import/template.csv", "404", RUNS_COHORT)
    ],
    "lms:import_job": [
        Check("GET", lambda w: f"{_c(w)}/import/{_import_job(w).pk}/", "404", RUNS_COHORT),
        Check(
            "GET", lambda w: f"{_oc(w)}/import/{_import_job(w).pk}/", "404", {"anonymous": "login"}
        ),
    ],
    "lms:import_confirm": [
        Check(
            "POST",
            lambda w: f"{_c(w)}/import/{_import_job(w).pk}/confirm/",
            "404",
            {"anonymous": "login", **only(COORDINATORS, "redirect")},
        ),
        Check(
            "POST",
            lambda w: f"{_oc(w)}/import/{_import_job(w).pk}/confirm/",
            "404",
            {"anonymous": "login"},
        ),
    ],
    # Wagtail's page tree: the programme is public, modules are for people in the programme.
    "wagtail_serve": [
        Check("GET", lambda w: "/", "ok"),
        Check("GET", _module_path, "ok", {"anonymous": "login", "unenrolled": "404"}),
        Check("GET", lambda w: "/no-such-page/", "404"),
    ],
    # Wagtail's front-end helpers for private pages (none are used; forged ids give 404).
    "wagtailcore_authenticate_with_password": [
        Check("GET", lambda w: f"/_util/authenticate_with_password/999/{w.module.pk}/", "404"),
        Check(
            "POST",
            lambda w: f"/_util/authenticate_with_password/999/{w.module.pk}/",
            "404",
            data=lambda w: {"password": "guess"},
        ),
    ],
    "wagtailcore_login": [Check("GET", lambda w: "/_util/login/", "ok")],
    # Library-owned route groups.
    # Wagtail sends everyone who may not use the admin to its login page.
    "prefix:admin/": [
        Check("GET", lambda w: "/admin/", "login", only(STAFF, "ok")),
        Check("GET", lambda w: "/admin/snippets/lms/standard/", "login", only(STAFF, "ok")),
        Check("GET", lambda w: "/admin/cohorts/", "login", only(STAFF, "ok")),
        Check(
            "GET", lambda w: "/admin/audit_log/", "login", {"superuser": "ok", "editor": "redirect"}
        ),
        Check(
            "GET",
            lambda w: "/admin/audit_log/edit/1/",
            "login",
            {"superuser": "redirect", "editor": "redirect"},
        ),
        Check(
            "GET",
            lambda w: "/admin/parked-outbox/",
            "login",
            {"superuser": "ok", "editor": "redirect"},
        ),
        Check(
            "POST",
            lambda w: "/admin/parked-outbox/",
            "login",
            {"superuser": "redirect", "editor": "redirect"},
            data=lambda w: {"item": "1"},
        ),
    ],
    "prefix:documents/": [Check("GET", lambda w: "/documents/999/missing.pdf", "404")],
}
