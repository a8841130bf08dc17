"""The coordinator's cohort dashboard: summary, roster, heatmap, filters, export, budgets."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.dashboard.selectors import DashboardScope, forget_summary
from lms.models import (
    AuditEvent,
    Enrolment,
    ModulePage,
    ModuleProgress,
    Profile,
    RubricLevel,
    Standard,
    StandardProgress,
    User,
)
from lms.people import update_profile

from ..factories import UserFactory, enrol, make_cohort

# Warm: user, cohort, standards, coaches, required modules, count, page, module counts,
# standard levels. Cold adds the three aggregates of the summary cards (cached a minute).
DASHBOARD_BUDGET = 9
SUMMARY_QUERIES = 3


def _url(cohort) -> str:
    return f"/learn/cohorts/{cohort.pk}/"


def _export(cohort) -> str:
    return f"/learn/cohorts/{cohort.pk}/export.csv"


def bulk_participants(cohort, count: int, *, coach=None, prefix: str = "p") -> list[User]:
    """``count`` participants with progress, written in a few bulk inserts (fast at 10,000)."""
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                email=f"{prefix}{cohort.pk}-{i}@bulk.example",
                first_name=f"First{i:05d}",
                last_name=f"Last{i:05d}",
                password="!",
            )
            for i in range(count)
        ],
        batch_size=2000,
    )
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                school="Bulk School",
                calendar_key=None,
                last_activity_at=now - timedelta(days=i % 30),
            )
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    statuses = [Enrolment.Status.ACTIVE] * 7 + [
        Enrolment.Status.INVITED,
        Enrolment.Status.COMPLETED,
        Enrolment.Status.WITHDRAWN,
    ]
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=cohort,
                user=user,
                role=Enrolment.Role.PARTICIPANT,
                status=statuses[i % len(statuses)],
                coach=coach,
            )
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    modules = list(ModulePage.objects.child_of(cohort.programme).values_list("pk", flat=True))
    standards = list(Standard.objects.order_by("number").values_list("pk", flat=True))
    ModuleProgress.objects.bulk_create(
        [
            ModuleProgress(user=user, module_id=module_id, status=ModuleProgress.Status.COMPLETED)
            for i, user in enumerate(users)
            for module_id in modules[: i % (len(modules) + 1)]
        ],
        batch_size=2000,
    )
    StandardProgress.objects.bulk_create(
        [
            StandardProgress(
                user=user, standard_id=standard_id, level=(i + j) % 4, proficient_at=now
            )
            for i, user in enumerate(users)
            for j, standard_id in enumerate(standards[: i % 4])
        ],
        batch_size=2000,
    )
    return users


# --- What the page shows ---------------------------------------------------------------------


def test_dashboard_shows_summary_roster_and_heatmap(world):
    cohort, coach = world.cohort, world.users["coach"]
    participant = world.users["participant"]
    participant.first_name, participant.last_name = "Pat", "Active"
    participant.save()
    update_profile(
        participant, school="Oak Hill MS", last_activity_at=timezone.now() - timedelta(days=3)
    )
    idle = UserFactory(first_name="Ida", last_name="Idle")
    update_profile(idle, last_activity_at=timezone.now() - timedelta(days=16))
    enrol(idle, cohort, coach=coach)
    never = UserFactory(first_name="Nev", last_name="Never")
    e = enrol(never, cohort, status=Enrolment.Status.INVITED)
    Enrolment.objects.filter(pk=e.pk).update(created_at=timezone.now() - timedelta(days=20))
    gone = UserFactory(first_name="Wendy", last_name="Withdrawn")
    enrol(gone, cohort, status=Enrolment.Status.WITHDRAWN)
    s3 = Standard.objects.get(number=3)
    StandardProgress.objects.create(
        user=participant, standard=s3, level=RubricLevel.PROFICIENT, proficient_at=timezone.now()
    )
    StandardProgress.objects.create(
        user=idle,
        standard=Standard.objects.get(number=1),
        level=RubricLevel.DEVELOPING,
        proficient_at=timezone.now(),
    )
    ModuleProgress.objects.create(user=participant, module=world.module, status="completed")

    response = world.client_for("coordinator").get(_url(cohort))
    assert response.status_code == 200
    html = response.content.decode()
    d = response.context["d"]
    s = d.summary
    assert s.by_status == {"invited": 1, "active": 2, "completed": 0, "withdrawn": 1}
    assert (s.seats_used, s.seat_limit) == (3, cohort.seat_limit)
    # Progress counts members only (the two active), not the invited person.
    assert (s.modules_completed, s.modules_possible) == (1, 2 * 2)
    assert (s.proficient, s.proficient_possible) == (1, 2 * 10)
    assert s.inactive == 2  # idle (16 days) and never (enrolled 20 days ago, never active)
    # Roster: relative time with the exact date, inactivity flagged in words.
    assert "3 days ago" in html and "<time datetime=" in html
    assert "Inactive 16 days" in html and "Inactive 20 days" in html
    assert "Oak Hill MS" in html
    rows = {row.user.pk: row for row in d.rows}
    assert rows[participant.pk].inactive_days is None
    assert rows[gone.pk].inactive_days is None  # the withdrawn are never flagged
    assert rows[participant.pk].modules_completed == 1
    assert rows[participant.pk].proficient_count == 1
    # Heatmap: each cell readable as text, headers for screen readers, links to standards.
    assert rows[participant.pk].cells[2].label == "Proficient"
    assert rows[idle.pk].cells[0].code == "developing"
    assert '<th scope="col"><a href="/#standard-3" title="3. ' in html
    assert 'class="level level-proficient"><span aria-hidden="true">P</span>' in html
    assert '<span class="visually-hidden">Developing</span>' in html
    assert "Not started" in html  # the legend


def test_coordinator_of_another_organisation_and_others_get_404(world):
    for role in ("other_coordinator", "participant", "other_coach", "reviewer", "unenrolled"):
        client = world.client_for(role)
        assert client.get(_url(world.cohort)).status_code == 404, role
        assert client.get(_export(world.cohort)).status_code == 404, role
    assert world.client_for("coordinator").get(_url(world.other_cohort)).status_code == 404
    assert world.client_for("coordinator").get("/learn/cohorts/999999/").status_code == 404
    assert world.client_for("editor").get(_url(world.cohort)).status_code == 200
    assert AuditEvent.objects.filter(action="report.exported").count() == 0


def test_coach_sees_only_their_participants_read_only(world):
    other = UserFactory(first_name="Olive", last_name="Othercoach")
    not_mine = UserFactory(first_name="Nora", last_name="Notmine")
    enrol(other, world.cohort, Enrolment.Role.COACH)
    enrol(not_mine, world.cohort, coach=other)
    response = world.client_for("coach").get(_url(world.cohort))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.users["participant"].email in html
    assert "Notmine" not in html
    assert "/people/" not in html and "seats used" not in html  # no coordinator tabs
    assert response.context["d"].summary.by_status["active"] == 1
    export = b"".join(world.client_for("coach").get(_export(world.cohort)).streaming_content)
    assert b"Notmine" not in export and world.users["participant"].email.encode() in export


# --- Filters, sorting, pagination --------------------------------------------------------------


def _names(response) -> list[str]:
    return [row.user.last_name for row in response.context["d"].rows]


def test_filters_narrow_the_roster(world):
    cohort, coach = world.cohort, world.users["coach"]
    client = world.client_for("coordinator")
    ana = UserFactory(first_name="Ana", last_name="Alpha", email="ana@find.example")
    enrol(ana, cohort, coach=coach)
    ben = UserFactory(first_name="Ben", last_name="Beta")
    invited = enrol(ben, cohort, status=Enrolment.Status.INVITED)
    # An invitation unanswered for 30 days is inactive (whatever Ben does elsewhere).
    update_profile(ben, last_activity_at=timezone.now())
    Enrolment.objects.filter(pk=invited.pk).update(created_at=timezone.now() - timedelta(days=30))
    StandardProgress.objects.create(
        user=ana,
        standard=Standard.objects.get(number=4),
        level=RubricLevel.EXEMPLARY,
        proficient_at=timezone.now(),
    )

    assert _names(client.get(_url(cohort), {"status": "invited"})) == ["Beta"]
    assert set(_names(client.get(_url(cohort), {"coach": coach.pk}))) == {
        "Alpha",
        world.users["participant"].last_name,
    }
    assert _names(client.get(_url(cohort), {"inactive": "on"})) == ["Beta"]
    assert _names(client.get(_url(cohort), {"q": "find.example"})) == ["Alpha"]
    assert _names(client.get(_url(cohort), {"q": "ana alpha"})) == ["Alpha"]
    not_prof = _names(client.get(_url(cohort), {"standard": 4}))
    assert "Alpha" not in not_prof and "Beta" in not_prof
    update_profile(ana, last_activity_at=timezone.now())
    # Ben's activity (elsewhere: he has not accepted) neither shows nor sorts: never active.
    assert _names(client.get(_url(cohort), {"sort": "-activity"}))[0] == "Alpha"
    assert _names(client.get(_url(cohort), {"sort": "-activity"}))[-1] == "Beta"
    assert _names(client.get(_url(cohort), {"sort": "activity"}))[1:] == ["Beta", "Alpha"]
    # Nonsense filters are ignored, not an error.
    response = client.get(_url(cohort), {"status": "bogus", "coach": "x", "page": "zz"})
    assert response.status_code == 200 and len(response.context["d"].rows) == 3


def test_pagination_keeps_filters_and_htmx_gets_only_the_results(world):
    bulk_participants(world.cohort, 120)
    client = world.client_for("coordinator")
    response = client.get(_url(world.cohort), {"status": "active", "sort": "name"})
    d = response.context["d"]
    assert len(d.rows) == 50 and d.page.paginator.count == 85  # 84 bulk + world's participant
    html = response.content.decode()
    assert "?status=active&amp;sort=name&amp;page=2" in html
    page2 = client.get(_url(world.cohort), {"status": "active", "sort": "name", "page": 2})
    assert _names(page2)[0] != _names(response)[0]
    assert all(row.enrolment.status == "active" for row in page2.context["d"].rows)

    partial = client.get(
        _url(world.cohort),
        {"status": "active"},
        headers={"HX-Request": "true", "HX-Target": "dashboard-results"},
    )
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="dashboard-results"')
    assert "<html" not in body


# --- Export ------------------------------------------------------------------------------------


def _csv(response) -> tuple[str, list[list[str]]]:
    raw = b"".join(response.streaming_content).decode("utf-8")
    return raw, list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))


def test_export_is_streamed_complete_safe_and_audited(world):
    cohort = world.cohort
    evil = UserFactory(first_name='=HYPERLINK("http://evil")', last_name="@SUM(1)", school="+1")
    enrol(evil, cohort)
    accent = UserFactory(first_name="José", last_name="Núñez", school="-minus\tschool")
    enrol(accent, cohort)
    bulk_participants(cohort, 70)
    response = world.client_for("coordinator").get(_export(cohort))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert f"cohort-a-roster-{timezone.localdate():%Y-%m-%d}.csv" in disposition
    assert disposition.startswith("attachment;")
    raw, rows = _csv(response)
    assert raw.startswith("\ufeff")
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Last name", "First name", "Email"] and header[-1] == "Standard 10"
    assert len(body) == 73  # every row, not one page
    line = next(r for r in body if r[2] == evil.email)
    assert line[0] == "'@SUM(1)"
    assert line[1] == '\'=HYPERLINK("http://evil")'
    assert line[3] == "'+1"
    accented = next(r for r in body if r[2] == accent.email)
    assert accented[:2] == ["Núñez", "José"] and accented[3] == "'-minus\tschool"
    event = AuditEvent.objects.get(action="report.exported")
    assert event.actor == world.users["coordinator"]
    assert event.target_id == str(cohort.pk)


def test_export_follows_the_filters(world):
    bulk_participants(world.cohort, 30)
    response = world.client_for("coordinator").get(_export(world.cohort), {"status": "withdrawn"})
    _raw, rows = _csv(response)
    assert len(rows) - 1 == 3
    assert {r[4] for r in rows[1:]} == {"Withdrawn"}
    assert AuditEvent.objects.get(action="report.exported").detail["filters"]["status"] == (
        "withdrawn"
    )


# --- Query budget (QUALITY.md P2): the same for 10, 300 and 10,000 participants -----------------


def _queries(client, cohort, params=None, *, cold_summary: bool = False) -> int:
    client.get(_url(cohort), params or {})  # warm: session, access context, summary cards
    if cold_summary:
        for coach_id in (None, *User.objects.values_list("pk", flat=True)):
            forget_summary(DashboardScope(cohort=cohort, coach_id=coach_id))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_url(cohort), params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _sized_cohort(world, size: int):
    cohort = make_cohort(world.programme, world.org, name=f"Sized {size}", seat_limit=size)
    bulk_participants(cohort, size, coach=world.users["coach"], prefix=f"s{size}-")
    return cohort


def test_dashboard_queries_do_not_grow_with_participants(world, django_assert_num_queries):
    client = world.client_for("coordinator")
    small, large = _sized_cohort(world, 10), _sized_cohort(world, 300)
    # Filters that leave rows on the page (an empty page skips the three row queries).
    filtered = {"status": "active", "standard": 3, "q": "last", "sort": "activity"}
    counts = {
        "small": _queries(client, small),
        "large": _queries(client, large),
        "small filtered": _queries(client, small, filtered),
        "large filtered": _queries(client, large, filtered),
    }
    assert len(set(counts.values())) == 1, counts
    assert counts["small"] <= DASHBOARD_BUDGET
    cold = {size: _queries(client, c, cold_summary=True) for size, c in ((10, small), (300, large))}
    assert cold[10] == cold[300] == counts["small"] + SUMMARY_QUERIES, cold
    with django_assert_num_queries(counts["small"]):
        client.get(_url(large), {"page": 3})


# At 10,000 the data takes a minute to load into PostgreSQL: this size runs on the embedded
# profile; the 10-vs-300 test above runs on both.
@pytest.mark.embedded
def test_dashboard_queries_at_10000_participants(world, django_assert_num_queries):
    """The acceptance size: 10,000 participants in the cohort, the same budget as 10."""
    client = world.client_for("coordinator")
    small = _sized_cohort(world, 10)
    budget = _queries(client, small)
    cold_budget = _queries(client, small, cold_summary=True)
    huge = _sized_cohort(world, 10_000)
    with django_assert_num_queries(cold_budget):  # first visit: the summary is computed
        response = client.get(_url(huge))
    assert response.context["d"].summary.by_status["active"] == 7_000
    with django_assert_num_queries(budget):
        response = client.get(_url(huge))
    assert response.context["d"].page.paginator.count == 10_000
    assert budget <= DASHBOARD_BUDGET


# --- Where coordinators find it ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "coach"])
def test_home_page_links_to_the_cohort_dashboard(world, role):
    html = world.client_for(role).get("/learn/dashboard/").content.decode()
    assert f'href="/learn/cohorts/{world.cohort.pk}/"' in html


def test_names_from_a_roster_are_escaped_in_every_table(world):
    evil = UserFactory(first_name="<script>alert(1)</script>", last_name='"><img src=x>')
    update_profile(evil, school="<b>School</b>")
    enrol(evil, world.cohort)
    html = world.client_for("coordinator").get(_url(world.cohort)).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x>" not in html
    assert "<b>School</b>" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # roster and heatmap
