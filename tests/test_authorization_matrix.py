"""Every route x every role, against the policy table in tests/policy/."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from evidence.models import ReviewAssignment
from lms import coordination
from lms.models import AuditEvent, Enrolment, ImportJob, Invitation, ModuleProgress
from lms.people import update_profile
from lms.roster import services as roster_services

from .coaching.helpers import make_thread
from .evidence.helpers import make_submitted
from .factories import UserFactory, enrol, make_coordinator
from .policy import ALL_ROLES, POLICY, WATCHED

HEADER = "email,first name,last name,role,school,coach email\r\n"


def _withdraw(world, user, role: str) -> None:
    enrolment = Enrolment.objects.get(user=user, cohort=world.cohort, role=role)
    coordination.set_enrolment_status(
        actor=world.users["coordinator"],
        cohort_id=world.cohort.pk,
        enrolment_id=enrolment.pk,
        status=Enrolment.Status.WITHDRAWN,
    )


@pytest.fixture
def world(world, eager_celery, django_capture_on_commit_callbacks):
    """The shared world plus the roles of issue #14, each made through the real paths:

    * ``withdrawn_coach`` coached the participant (a thread on their draft) until the
      coordinator withdrew them; the participant went to the cohort's one other coach, the
      world's ``coach``;
    * ``withdrawn_reviewer`` was reviewing a version of the participant until withdrawn; the
      review went to the world's ``reviewer``;
    * ``importing_coordinator``, of the other organisation, imported the participant's
      existing account into their cohort with their coach (an invitation, never accepted).
    """
    participant = world.users["participant"]
    gone_coach = UserFactory(email="gone-coach@a.example")
    enrol(gone_coach, world.cohort, Enrolment.Role.COACH)
    Enrolment.objects.filter(user=participant, cohort=world.cohort).update(coach=gone_coach)
    world.extra["coached_thread"] = make_thread(participant)
    _withdraw(world, gone_coach, Enrolment.Role.COACH)

    gone_reviewer = UserFactory(email="gone-reviewer@x.example")
    enrol(gone_reviewer, world.cohort, Enrolment.Role.REVIEWER)
    version = make_submitted(participant)
    ReviewAssignment.objects.filter(version=version).update(reviewer=gone_reviewer)
    world.extra["reviewed_version"] = version
    _withdraw(world, gone_reviewer, Enrolment.Role.REVIEWER)

    importer = make_coordinator(world.other_org)
    body = (
        f"{HEADER}{participant.email},Forged,Name,participant,,{world.users['other_coach'].email}"
    )
    with django_capture_on_commit_callbacks(execute=True):
        roster_services.import_enrolments(
            actor=importer, cohort=world.other_cohort, data=body.encode()
        )
    world.users.update(
        withdrawn_coach=gone_coach, withdrawn_reviewer=gone_reviewer, importing_coordinator=importer
    )
    return world


PREFIX_GROUPS = ("admin/", "documents/")


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in WATCHED)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if route in PREFIX_GROUPS:
                yield f"prefix:{route}"
                continue
            ns = namespace
            if p.namespace:
                ns = f"{namespace}{p.namespace}:"
            yield from _walk(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else f"unnamed:{route}"


def test_every_route_has_a_policy_entry():
    routes = set(_walk(get_resolver().url_patterns))
    missing = sorted(routes - set(POLICY))
    assert not missing, f"routes without an entry in tests/policy/: {missing}"
    stale = sorted(set(POLICY) - routes)
    assert not stale, f"policy entries for routes that no longer exist: {stale}"


def _outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    if response.status_code in (301, 302):
        location = response["Location"]
        if "/login/" in location:
            return "login"
        return "redirect"
    return str(response.status_code)


@pytest.mark.parametrize("key", sorted(POLICY))
def test_policy(world, key):
    failures = []
    for check in POLICY[key]:
        for role in ALL_ROLES:
            client = world.client_for(role)
            path = check.path(world)
            data = check.data(world) if check.data else None
            before = _counts()
            response = client.post(path, data or {}) if check.method == "POST" else client.get(path)
            got = _outcome(response)
            if got != check.expected(role):
                failures.append(
                    f"{check.method} {path} as {role}: {got}, expected {check.expected(role)}"
                )
            if got in ("404", "403", "login", "405") and check.method == "POST":
                after = _counts()
                if after != before:
                    failures.append(f"{check.method} {path} as {role} changed data")
    assert not failures, "\n".join(failures)


def test_denied_access_is_audited(world):
    client = world.client_for("unenrolled")
    response = client.get(world.module.url)
    assert response.status_code == 404
    event = AuditEvent.objects.filter(action="access.denied").get()
    assert event.actor == world.users["unenrolled"]
    assert event.detail == {"what": "module", "id": str(world.module.pk)}


def test_the_issue_14_roles_were_made_through_the_real_paths(world):
    participant = world.users["participant"]
    mine = Enrolment.objects.get(user=participant, cohort=world.cohort)
    assert mine.coach == world.users["coach"]  # handed over from the withdrawn coach
    version = world.extra["reviewed_version"]
    assert [a.reviewer for a in version.assignments.all()] == [world.users["reviewer"]]
    imported = Enrolment.objects.get(user=participant, cohort=world.other_cohort)
    assert imported.status == "invited" and Invitation.objects.filter(enrolment=imported).exists()


def test_withdrawn_roles_reach_nothing_they_worked_on(world):
    thread = world.extra["coached_thread"]
    artefacts = thread.submission.artefacts.exclude(storage_name="")
    coach = world.client_for("withdrawn_coach")
    for path in (
        f"/evidence/{thread.submission_id}/",
        f"/coaching/threads/{thread.pk}/",
        *[f"/evidence/files/{a.pk}/" for a in artefacts],
    ):
        assert coach.get(path).status_code == 404, path
    assert coach.post(f"/coaching/threads/{thread.pk}/post/", {"body": "x"}).status_code == 404
    version = world.extra["reviewed_version"]
    reviewer = world.client_for("withdrawn_reviewer")
    assert reviewer.get(f"/evidence/{version.submission_id}/versions/1/").status_code == 404
    queue = reviewer.get("/evidence/review/")
    assert queue.status_code == 200 and not queue.context["open"]


def test_importing_another_organisations_account_invites_and_reveals_nothing(world):
    """The import of an existing account of another organisation creates an invitation, not
    an enrolment, and nothing about that person (name, school, last activity, module counts,
    whether an account exists) appears in the preview, the people page, the dashboard or the
    CSV export."""
    sam = world.users["participant"]
    sam.first_name, sam.last_name = "Xiomara", "Vantongeren"
    sam.save()
    update_profile(
        sam, school="Quiet Creek School", last_activity_at=timezone.now() - timedelta(days=3)
    )
    ModuleProgress.objects.create(user=sam, module=world.module, status="completed")
    client = world.client_for("importing_coordinator")
    cohort = world.other_cohort
    coach = world.users["other_coach"].email
    rows = f"{sam.email},A,B,participant,,{coach}\r\nfresh@new.example,C,D,participant,,{coach}"
    upload = SimpleUploadedFile("r.csv", (HEADER + rows).encode(), content_type="text/csv")
    location = client.post(f"/learn/cohorts/{cohort.pk}/import/", {"file": upload})["Location"]
    job = ImportJob.objects.get(pk=int(location.rstrip("/").split("/")[-1]))
    preview = client.get(location).content.decode()
    labels = {row["email"]: (row["outcome"], row["label"]) for row in job.summary["rows"]}
    # Already invited by the fixture's import: unchanged, like any address already in the file.
    assert labels[sam.email][0] == "unchanged" and labels["fresh@new.example"][0] == "invite"
    assert Enrolment.objects.get(user=sam, cohort=cohort).status == "invited"

    people = client.get(f"/learn/cohorts/{cohort.pk}/people/").content.decode()
    dashboard = client.get(f"/learn/cohorts/{cohort.pk}/").content.decode()
    export = b"".join(
        client.get(f"/learn/cohorts/{cohort.pk}/export.csv").streaming_content
    ).decode("utf-8-sig")
    local = timezone.localtime(sam.launch_profile.last_activity_at)
    for page in (preview, people, dashboard, export):
        for secret in ("Xiomara", "Vantongeren", "Quiet Creek", local.isoformat()[:16], "3 days"):
            assert secret not in page
    table = re.search(r'<table[^>]*id="import-rows".*?</table>', preview, re.S).group(0)
    assert "account" not in table.lower()
    (line,) = [r for r in csv.reader(io.StringIO(export)) if r[2] == sam.email]
    assert line[0:2] == ["", ""] and line[3] == "" and line[7] == "" and line[9:11] == ["", ""]
    roster = re.search(r'<table[^>]*id="roster".*?</table>', dashboard, re.S).group(0)
    assert "1/2" not in roster  # no module count
