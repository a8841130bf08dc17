"""lms's part of the demo world: the LAUNCH! programme, its modules, a regional cohort and
people at different stages. Idempotent: running it again changes nothing."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from lms.models import (
    Cohort,
    CohortSession,
    Enrolment,
    Invitation,
    ModulePage,
    ModuleProgress,
    Organisation,
    OrganisationMembership,
    ProgramPage,
    Reflection,
    RubricLevel,
    Standard,
    StandardProgress,
)
from lms.people import User, create_person, update_profile
from lms.services import enrol_user

from .content import MODULES, PROGRAMME

DEMO_PASSWORD = "launch-demo-2026"  # noqa: S105 - documented demo login, never in production
DEMO_DOMAIN = "launch.example"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: str
    school: str
    # How many modules (in programme order) this participant has completed.
    completed: int = 0
    # How many standards (1..n) are proficient through accepted evidence.
    proficient: int = 0
    note: str = ""


@dataclass(frozen=True)
class DemoWorld:
    """What the other apps' parts of the demo build on."""

    programme: ProgramPage
    cohort: Cohort
    #: The demo people by the local part of their login (``"jordan"``, ``"coach"``, ...).
    users: dict[str, User]
    #: The demo logins: (email, what they are).
    logins: list[tuple[str, str]]


PEOPLE = [
    DemoPerson(
        "admin",
        "Dana",
        "Okafor",
        "staff",
        "LAUNCH! programme team",
        note="programme staff (Wagtail admin)",
    ),
    DemoPerson(
        "coordinator",
        "Marcus",
        "Bell",
        "coordinator",
        "Piedmont Regional ESA",
        note="coordinator of Piedmont Regional ESA",
    ),
    DemoPerson(
        "coach",
        "Priya",
        "Raman",
        "coach",
        "Piedmont Regional ESA",
        note="coach of the regional cohort",
    ),
    DemoPerson(
        "reviewer", "Elena", "Vasquez", "reviewer", "Independent reviewer", note="evidence reviewer"
    ),
    DemoPerson(
        "jordan",
        "Jordan",
        "Lee",
        "participant",
        "Oak Hill Middle School",
        completed=0,
        note="participant, just starting",
    ),
    DemoPerson(
        "sam",
        "Sam",
        "Carter",
        "participant",
        "Riverside Elementary",
        completed=2,
        note="participant, early on",
    ),
    DemoPerson(
        "maria",
        "Maria",
        "Gonzalez",
        "participant",
        "Lakeview High School",
        completed=6,
        proficient=3,
        note="participant, half way",
    ),
    DemoPerson(
        "tyrone",
        "Tyrone",
        "Brooks",
        "participant",
        "Cedar Ridge Academy",
        completed=9,
        proficient=7,
        note="participant, nearly done",
    ),
    DemoPerson(
        "aisha",
        "Aisha",
        "Khan",
        "participant",
        "Pinecrest K-8",
        completed=12,
        proficient=10,
        note="participant, completed the programme",
    ),
]


def demo_email(person: DemoPerson) -> str:
    return f"{person.email}@{DEMO_DOMAIN}"


def _stream_json(body: list[tuple[str, Any]], standards: dict[int, int]) -> str:
    raw = []
    for block_type, value in body:
        if block_type == "evidence_prompt":
            value = {**value, "standard": standards[value["standard"]]}
        raw.append({"type": block_type, "value": value})
    return json.dumps(raw)


def ensure_programme() -> ProgramPage:
    """The LAUNCH! programme page as the site's home page, with its modules."""
    programme = ProgramPage.objects.first()
    if programme is None:
        root = Page.get_first_root_node()
        programme = root.add_child(
            instance=ProgramPage(title=PROGRAMME["title"], slug="launch", intro=PROGRAMME["intro"])
        )
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=programme,
                is_default_site=True,
                site_name="LAUNCH!",
            )
        else:
            site.root_page = programme
            site.site_name = "LAUNCH!"
            site.save()
        if old_root is not None and old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    standards = dict(Standard.objects.values_list("number", "pk"))
    existing = set(ModulePage.objects.child_of(programme).values_list("slug", flat=True))
    for spec in MODULES:
        if spec["slug"] in existing:
            continue
        module = ModulePage(
            title=spec["title"],
            slug=spec["slug"],
            summary=spec["summary"],
            delivery_mode=spec["delivery_mode"],
            estimated_minutes=spec["estimated_minutes"],
            required=spec["required"],
            body=_stream_json(spec["body"], standards),
        )
        programme.add_child(instance=module)
        module.standards = [standards[n] for n in spec["standards"]]
        module.standards.commit()
    return programme


def _user(person: DemoPerson) -> User:
    user = User.objects.filter(email=demo_email(person)).first()
    if user is None:
        user = create_person(
            email=demo_email(person),
            password=DEMO_PASSWORD,
            first_name=person.first_name,
            last_name=person.last_name,
            school=person.school,
            is_staff=person.role == "staff",
            is_superuser=person.role == "staff",
        )
    return user


@transaction.atomic
def seed_lms() -> DemoWorld:
    """Create lms's part of the demo world where it is missing."""
    programme = ensure_programme()
    organisation, _ = Organisation.objects.get_or_create(
        name="Piedmont Regional Education Service Agency",
        defaults={"kind": Organisation.Kind.REGIONAL_AGENCY},
    )
    today = timezone.localdate()
    cohort, _ = Cohort.objects.get_or_create(
        name="Piedmont Regional Cohort",
        organisation=organisation,
        defaults={
            "programme": programme,
            "kind": Cohort.Kind.REGIONAL,
            "starts_on": today - timedelta(days=60),
            "ends_on": today + timedelta(days=180),
            "seat_limit": 30,
            "status": Cohort.Status.RUNNING,
        },
    )
    users = {p.email: _user(p) for p in PEOPLE}
    coach = users["coach"]
    OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=users["coordinator"]
    )
    enrol_user(actor=None, cohort=cohort, user=coach, role=Enrolment.Role.COACH)
    enrol_user(actor=None, cohort=cohort, user=users["reviewer"], role=Enrolment.Role.REVIEWER)
    enrol_user(
        actor=None, cohort=cohort, user=users["coordinator"], role=Enrolment.Role.COORDINATOR
    )
    modules = list(ModulePage.objects.live().child_of(programme).order_by("path"))
    standards = list(Standard.objects.order_by("number"))
    now = timezone.now()
    for person in PEOPLE:
        if person.role != "participant":
            continue
        user = users[person.email]
        enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first()
        if enrolment is not None:
            continue  # already seeded: leave whatever the demo user has done since
        status = (
            Enrolment.Status.COMPLETED
            if person.completed >= len(modules)
            else Enrolment.Status.ACTIVE
        )
        enrol_user(
            actor=None,
            cohort=cohort,
            user=user,
            role=Enrolment.Role.PARTICIPANT,
            status=status,
            coach=coach,
        )
        for i, module in enumerate(modules[: person.completed]):
            done_at = now - timedelta(days=50 - i * 3)
            ModuleProgress.objects.create(
                user=user,
                module=module,
                status=ModuleProgress.Status.COMPLETED,
                started_at=done_at - timedelta(days=2),
                completed_at=done_at,
            )
            Reflection.objects.create(
                user=user,
                module=module,
                cohort=cohort,
                text=f"In my work at {person.school}, this module helped me plan my next "
                f"steps with the school leadership team.",
            )
        if person.completed < len(modules) and person.completed > 0:
            ModuleProgress.objects.create(
                user=user,
                module=modules[person.completed],
                status=ModuleProgress.Status.IN_PROGRESS,
                started_at=now - timedelta(days=3),
            )
        for standard in standards[: person.proficient]:
            StandardProgress.objects.create(
                user=user,
                standard=standard,
                level=RubricLevel.PROFICIENT if standard.number % 3 else RubricLevel.EXEMPLARY,
                proficient_at=now - timedelta(days=20),
                evidence_label="Accepted evidence",
            )
        update_profile(user, last_activity_at=now - timedelta(days=1))
    _ensure_sessions(cohort, modules)
    _ensure_pending_invitation(cohort, users["coordinator"], coach)
    return DemoWorld(
        programme=programme,
        cohort=cohort,
        users=users,
        logins=[(demo_email(p), p.note) for p in PEOPLE],
    )


def _ensure_sessions(cohort: Cohort, modules: list[ModulePage]) -> None:
    if cohort.sessions.exists():
        return
    tz = timezone.get_current_timezone()
    start: date = timezone.localdate()

    def at(days: int, hour: int) -> datetime:
        return datetime.combine(start + timedelta(days=days), time(hour), tzinfo=tz)

    in_person = [m for m in modules if m.delivery_mode != ModulePage.DeliveryMode.ONLINE]
    CohortSession.objects.bulk_create(
        [
            CohortSession(
                cohort=cohort,
                title="Cohort launch day",
                mode=CohortSession.Mode.IN_PERSON,
                starts_at=at(-55, 9),
                ends_at=at(-55, 15),
                location="Piedmont RESA Conference Center, Room 2",
            ),
            CohortSession(
                cohort=cohort,
                title="Data dialogue practice lab",
                mode=CohortSession.Mode.IN_PERSON,
                starts_at=at(6, 9),
                ends_at=at(6, 12),
                location="Piedmont RESA Conference Center, Room 4",
                module=in_person[0] if in_person else None,
            ),
            CohortSession(
                cohort=cohort,
                title="Coaching circle: planning and recording",
                mode=CohortSession.Mode.ONLINE,
                starts_at=at(13, 16),
                ends_at=at(13, 17),
                link="https://meet.example.org/launch-piedmont",
            ),
            CohortSession(
                cohort=cohort,
                title="Evidence portfolio clinic",
                mode=CohortSession.Mode.ONLINE,
                starts_at=at(27, 16),
                ends_at=at(27, 17),
                link="https://meet.example.org/launch-piedmont",
            ),
        ]
    )


def _ensure_pending_invitation(cohort: Cohort, coordinator: User, coach: User) -> None:
    """One person invited by the coordinator who has not accepted yet (for the People page)."""
    email = f"casey.nguyen@{DEMO_DOMAIN}"
    if User.objects.filter(email=email).exists():
        return
    person = create_person(
        email=email, password=None, first_name="Casey", last_name="Nguyen", school="Elm Street ES"
    )
    enrolment = enrol_user(
        actor=coordinator,
        cohort=cohort,
        user=person,
        role=Enrolment.Role.PARTICIPANT,
        status=Enrolment.Status.INVITED,
        coach=coach,
    )
    Invitation.objects.create(
        enrolment=enrolment,
        invited_by=coordinator,
        sent_count=1,
        last_sent_at=timezone.now() - timedelta(days=2),
    )
