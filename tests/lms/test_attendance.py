"""Attendance: the sheet lists the cohort's current participants; one submit saves every mark
(an idempotent upsert on (session, user)); people outside the cohort are refused and nothing
changes; the sessions page leads coaches to it and shows participants their own status."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.models import Attendance, AuditEvent, CohortSession, Enrolment

from ..factories import UserFactory, enrol, make_cohort


def _session(cohort, *, days: int = -1, title: str = "Launch day") -> CohortSession:
    start = timezone.now() + timedelta(days=days)
    return CohortSession.objects.create(
        cohort=cohort,
        title=title,
        mode=CohortSession.Mode.IN_PERSON,
        location="Room 4",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
    )


@pytest.fixture
def cohort_people(world):
    """world.cohort with two more participants: one active, one withdrawn."""
    second = UserFactory(email="second@a.example", first_name="Ada", last_name="Second")
    enrol(second, world.cohort, coach=world.users["coach"])
    gone = UserFactory(email="gone@a.example", first_name="Gus", last_name="Gone")
    enrol(gone, world.cohort, status=Enrolment.Status.WITHDRAWN)
    return {"first": world.users["participant"], "second": second, "gone": gone}


def _url(session: CohortSession) -> str:
    return f"/learn/sessions/{session.pk}/attendance/"


def _rows() -> list[tuple]:
    return sorted(
        Attendance.objects.values_list("session_id", "user_id", "status", "recorded_by_id")
    )


def test_sheet_lists_current_participants_only(world, cohort_people):
    session = _session(world.cohort)
    page = world.client_for("coach").get(_url(session)).content.decode()
    assert "second@a.example" in page
    assert "participant@a.example" in page
    assert "gone@a.example" not in page  # withdrawn
    assert "participant@b.example" not in page  # another cohort
    assert "coach@a.example" not in page.split('id="attendance-sheet"')[1]  # not a participant
    assert f'name="status-{cohort_people["second"].pk}" value="present"' in page
    assert "0 present · 0 absent · 0 excused · 2 not recorded yet" in page


def test_one_submit_saves_all_and_saving_again_changes_nothing(world, cohort_people):
    session = _session(world.cohort)
    coach = world.users["coach"]
    client = world.client_for("coach")
    first, second = cohort_people["first"], cohort_people["second"]
    marks = {f"status-{first.pk}": "present", f"status-{second.pk}": "excused"}

    response = client.post(_url(session), marks, follow=True)
    assert "Attendance saved (2 changed)." in response.content.decode()
    assert _rows() == sorted(
        [
            (session.pk, first.pk, "present", coach.pk),
            (session.pk, second.pk, "excused", coach.pk),
        ]
    )
    stamps = dict(Attendance.objects.values_list("user_id", "recorded_at"))

    # The same marks again: nothing is written (recorded_at stays).
    response = client.post(_url(session), marks, follow=True)
    assert "Attendance saved (no changes)." in response.content.decode()
    assert dict(Attendance.objects.values_list("user_id", "recorded_at")) == stamps

    # The coordinator corrects one mark: only that row changes, and says who changed it.
    coordinator = world.users["coordinator"]
    world.client_for("coordinator").post(_url(session), {**marks, f"status-{second.pk}": "absent"})
    assert Attendance.objects.count() == 2
    changed = Attendance.objects.get(user=second)
    assert (changed.status, changed.recorded_by) == ("absent", coordinator)
    assert changed.recorded_at > stamps[second.pk]
    unchanged = Attendance.objects.get(user=first)
    assert (unchanged.recorded_by, unchanged.recorded_at) == (coach, stamps[first.pk])

    page = client.get(_url(session)).content.decode()
    assert "1 present · 1 absent · 0 excused · 0 not recorded yet" in page
    assert f'name="status-{second.pk}" value="absent" checked' in page


def test_people_left_unmarked_keep_what_they_had(world, cohort_people):
    session = _session(world.cohort)
    first, second = cohort_people["first"], cohort_people["second"]
    client = world.client_for("coach")
    client.post(_url(session), {f"status-{first.pk}": "present"})
    client.post(_url(session), {f"status-{second.pk}": "absent"})
    assert dict(Attendance.objects.values_list("user__email", "status")) == {
        first.email: "present",
        second.email: "absent",
    }


REFUSED = [
    ("another cohort's participant", lambda w, p: p["other"], "present", "not participants"),
    ("a withdrawn participant", lambda w, p: p["gone"], "present", "not participants"),
    ("the coach", lambda w, p: w.users["coach"], "present", "not participants"),
    ("an unknown status", lambda w, p: p["second"], "maybe", "Choose present, absent or excused"),
]


@pytest.mark.parametrize(
    ("case", "who", "status", "message"), REFUSED, ids=[c for c, *_ in REFUSED]
)
def test_forged_marks_are_refused_and_nothing_changes(
    world, cohort_people, case, who, status, message
):
    session = _session(world.cohort)
    people = {**cohort_people, "other": world.users["other_participant"]}
    Attendance.objects.create(session=session, user=people["first"], status="absent")
    before = _rows()
    target = who(world, people)
    response = world.client_for("coach").post(
        _url(session),
        {f"status-{people['first'].pk}": "present", f"status-{target.pk}": status},
    )
    assert response.status_code == 400, case
    page = response.content.decode()
    assert message in page
    assert "Nothing was saved" in page or "Choose present" in page
    assert _rows() == before, "a refused submission must change nothing"
    # The form comes back with the marks made, for a second try.
    assert f'name="status-{people["first"].pk}" value="present" checked' in page


def test_forged_participant_is_recorded_as_denied_access(world, cohort_people):
    session = _session(world.cohort)
    other = world.users["other_participant"]
    world.client_for("coach").post(_url(session), {f"status-{other.pk}": "present"})
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor == world.users["coach"]
    assert event.detail == {"what": "attendance participant", "id": str(other.pk)}


def test_malformed_field_names_are_refused(world, cohort_people):
    session = _session(world.cohort)
    response = world.client_for("coach").post(
        _url(session), {f"status-{cohort_people['first'].pk}": "present", "status-1 OR 1=1": "x"}
    )
    assert response.status_code == 400
    assert "the form was not one this site sent" in response.content.decode()
    assert not Attendance.objects.exists()


def test_other_coach_and_other_coordinator_get_404_and_nothing_changes(world, cohort_people):
    session = _session(world.cohort)
    data = {f"status-{cohort_people['first'].pk}": "present"}
    for role in ("other_coach", "other_coordinator", "participant", "reviewer", "unenrolled"):
        client = world.client_for(role)
        assert client.get(_url(session)).status_code == 404, role
        assert client.post(_url(session), data).status_code == 404, role
    assert not Attendance.objects.exists()


def test_htmx_submit_swaps_the_sheet_in_place(world, cohort_people):
    session = _session(world.cohort)
    client = world.client_for("coach")
    response = client.post(
        _url(session),
        {f"status-{cohort_people['first'].pk}": "present"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="attendance-sheet">')
    assert "Attendance saved (1 changed)." in page
    assert "<html" not in page
    # A refusal comes back as a fragment too (htmx swaps only 2xx answers).
    response = client.post(
        _url(session),
        {f"status-{world.users['other_participant'].pk}": "present"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert Attendance.objects.count() == 1


def test_sessions_page_leads_coaches_to_attendance_and_shows_participants_their_status(
    world, cohort_people
):
    past = _session(world.cohort, days=-3, title="Kick-off")
    upcoming = _session(world.cohort, days=5, title="Lab two")
    _session(world.other_cohort, days=5, title="Elsewhere")
    Attendance.objects.create(session=past, user=cohort_people["first"], status="excused")

    page = world.client_for("coach").get("/learn/sessions/").content.decode()
    assert "Sessions I run" in page
    assert f"/learn/sessions/{past.pk}/attendance/" in page
    assert f"/learn/sessions/{upcoming.pk}/attendance/" in page
    assert "Elsewhere" not in page
    assert "1 of 2 recorded, 0 present" in page
    assert "My sessions" not in page

    page = world.client_for("participant").get("/learn/sessions/").content.decode()
    assert "Sessions I run" not in page
    assert "My sessions" in page
    assert "Excused" in page and "Kick-off" in page and "Lab two" in page
    assert "attendance/" not in page
    assert f"/learn/sessions/{upcoming.pk}.ics" in page
    assert "Add all sessions to your calendar" in page

    page = world.client_for("coordinator").get("/learn/sessions/").content.decode()
    assert "Sessions I run" in page and "Kick-off" in page and "Elsewhere" not in page

    page = world.client_for("unenrolled").get("/learn/sessions/").content.decode()
    assert "You have no sessions" in page


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


ATTENDANCE_PAGE_BUDGET = 5  # user, session, coach check, participants, records
SESSIONS_PAGE_BUDGET = 3  # the user, sessions run, own sessions


def test_attendance_page_same_queries_for_2_and_50_participants(world):
    counts = []
    for size in (2, 50):
        cohort = make_cohort(world.programme, world.org, name=f"C{size}")
        enrol(world.users["coach"], cohort, Enrolment.Role.COACH)
        session = _session(cohort)
        for i in range(size):
            person = UserFactory()
            enrol(person, cohort)
            if i % 2:
                Attendance.objects.create(
                    session=session, user=person, status="present", recorded_by=world.users["coach"]
                )
        counts.append(_queries(world.client_for("coach"), _url(session)))
    assert counts[0] == counts[1] <= ATTENDANCE_PAGE_BUDGET


def test_sessions_page_same_queries_for_2_and_50_sessions(world):
    counts = []
    for size in (2, 50):
        cohort = make_cohort(world.programme, world.org, name=f"C{size}")
        coach = UserFactory()
        enrol(coach, cohort, Enrolment.Role.COACH)
        enrol(coach, make_cohort(world.programme, world.org), Enrolment.Role.PARTICIPANT)
        for i in range(size):
            session = _session(cohort, days=i - size // 2, title=f"S{i}")
            Attendance.objects.create(session=session, user=coach, status="present")
        client = world.client_for("anonymous")
        client.force_login(coach)
        counts.append(_queries(client, "/learn/sessions/"))
    assert counts[0] == counts[1] <= SESSIONS_PAGE_BUDGET
