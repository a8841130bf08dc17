"""`python manage.py seed_demo`: the demo world, idempotent."""

from io import StringIO

from django.core.management import call_command

from launch_demo.content import MODULES
from lms.models import (
    Cohort,
    Enrolment,
    ModulePage,
    ModuleProgress,
    ProgramPage,
    Standard,
    StandardProgress,
    User,
)


def _counts():
    return tuple(
        m.objects.count()
        for m in (
            ProgramPage,
            ModulePage,
            Cohort,
            Enrolment,
            User,
            ModuleProgress,
            StandardProgress,
        )
    )


def test_seed_demo_builds_the_programme_and_is_idempotent(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "jordan@launch.example" in out.getvalue()
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first

    assert ModulePage.objects.live().count() == len(MODULES) >= 10
    covered = set(Standard.objects.filter(modules__isnull=False).values_list("number", flat=True))
    assert covered == set(range(1, 11))
    participants = Enrolment.objects.filter(role="participant")
    assert participants.count() >= 5
    stages = {
        ModuleProgress.objects.filter(user=e.user, status="completed").count() for e in participants
    }
    assert len(stages) >= 4, "participants should be at different stages"
    finished = User.objects.get(email="aisha@launch.example")
    assert StandardProgress.objects.filter(user=finished).count() == 10


def test_seeded_home_page_shows_the_programme(db, client):
    call_command("seed_demo", stdout=StringIO())
    page = client.get("/").content.decode()
    assert "LAUNCH!" in page
    assert page.count('id="standard-') == 10
    client.login(username="jordan@launch.example", password="launch-demo-2026")
    module = ModulePage.objects.live().order_by("path").first()
    response = client.get(module.url)
    assert response.status_code == 200
    assert module.title in response.content.decode()
