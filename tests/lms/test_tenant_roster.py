"""Issue #14, item 16: add one person by a form; a row may name a coach of the
organisation's other cohorts; names on the roster open a person page."""

import pytest
from django.core import mail

from lms.models import Enrolment, Invitation, User
from lms.people import update_profile
from lms.roster.services import import_enrolments

from ..factories import UserFactory, enrol, make_cohort

# Outbox side effects (emails, import batches) run inline in both profiles.
pytestmark = pytest.mark.usefixtures("eager_celery")

HEADER = "email,first name,last name,role,school,coach email\r\n"


def _add(world, **fields):
    data = {"first_name": "Ana", "last_name": "Diaz", "role": "participant", **fields}
    return world.client_for("coordinator").post(
        f"/learn/cohorts/{world.cohort.pk}/people/add/", data
    )


def test_add_one_person_by_the_rosters_rules(world, django_capture_on_commit_callbacks):
    client = world.client_for("coordinator")
    assert client.get(f"/learn/cohorts/{world.cohort.pk}/people/add/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(world, email="Ana@School.example", coach_email=world.users["coach"].email)
    assert response.status_code == 302
    ana = Enrolment.objects.get(user__email="ana@school.example", cohort=world.cohort)
    assert ana.status == "invited" and ana.coach == world.users["coach"]
    assert Invitation.objects.filter(enrolment=ana).exists()
    assert [m.to for m in mail.outbox] == [["ana@school.example"]]
    # Someone of another organisation: invited, like anyone new.
    with django_capture_on_commit_callbacks(execute=True):
        _add(world, email=world.users["other_participant"].email)
    other = Enrolment.objects.get(user=world.users["other_participant"], cohort=world.cohort)
    assert other.status == "invited"
    # Someone of the organisation: enrolled at once.
    colleague = UserFactory(email="colleague@a.example")
    enrol(colleague, make_cohort(world.programme, world.org, name="Earlier A"))
    _add(world, email=colleague.email)
    assert Enrolment.objects.get(user=colleague, cohort=world.cohort).status == "active"


def test_a_bad_person_is_refused_with_the_reason_and_nothing_written(world):
    before = (User.objects.count(), Enrolment.objects.count())
    response = _add(world, email="new@x.example", coach_email="ghost@x.example")
    assert response.status_code == 200
    assert "unknown coach ghost@x.example" in response.content.decode()
    assert (User.objects.count(), Enrolment.objects.count()) == before


def test_a_row_may_name_a_coach_of_the_organisations_other_cohorts(world):
    coach = UserFactory(email="org-coach@a.example")
    enrol(coach, make_cohort(world.programme, world.org, name="Other A"), Enrolment.Role.COACH)
    body = (HEADER + f"pat@x.example,Pat,Lee,participant,,{coach.email}\r\n").encode()
    plan = import_enrolments(actor=world.users["coordinator"], cohort=world.cohort, data=body)
    assert plan.written and plan.extra_coaches == [coach.email]
    assert Enrolment.objects.get(user=coach, cohort=world.cohort, role="coach").status == "active"
    assert Enrolment.objects.get(user__email="pat@x.example", cohort=world.cohort).coach == coach
    again = import_enrolments(actor=world.users["coordinator"], cohort=world.cohort, data=body)
    assert not again.written and not again.extra_coaches
    # A coach of another organisation is still unknown.
    other = world.users["other_coach"].email
    bad = (HEADER + f"kim@x.example,Kim,Ro,participant,,{other}\r\n").encode()
    refused = import_enrolments(
        actor=world.users["coordinator"], cohort=world.cohort, data=bad, dry_run=True
    )
    assert "unknown coach" in refused.messages()[0]


def test_names_on_the_roster_open_a_person_page(world):
    participant = world.users["participant"]
    update_profile(participant, school="Oak Hill MS")
    enrolment = Enrolment.objects.get(user=participant, cohort=world.cohort)
    client = world.client_for("coordinator")
    person_url = f"/learn/cohorts/{world.cohort.pk}/people/{enrolment.pk}/"
    assert (
        f'href="{person_url}"'
        in client.get(f"/learn/cohorts/{world.cohort.pk}/people/").content.decode()
    )
    assert (
        f'href="{person_url}"' in client.get(f"/learn/cohorts/{world.cohort.pk}/").content.decode()
    )
    page = client.get(person_url).content.decode()
    assert participant.get_full_name() in page and "Oak Hill MS" in page
    assert world.users["coach"].get_full_name() in page
    # Invited: the email only.
    invited = enrol(world.users["other_participant"], world.cohort, status="invited")
    page = client.get(f"/learn/cohorts/{world.cohort.pk}/people/{invited.pk}/").content.decode()
    assert world.users["other_participant"].email in page
    assert world.users["other_participant"].last_name not in page
    # Another cohort's enrolment through this cohort's URL, or another coordinator: 404.
    other = Enrolment.objects.get(user=world.users["other_participant"], cohort=world.other_cohort)
    assert client.get(f"/learn/cohorts/{world.cohort.pk}/people/{other.pk}/").status_code == 404
    assert world.client_for("other_coordinator").get(person_url).status_code == 404
