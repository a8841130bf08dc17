"""Factories for small, focused test data."""

import json
from datetime import date, timedelta

import factory
from wagtail.models import Page, Site

from lms.models import (
    Cohort,
    Enrolment,
    ModulePage,
    Organisation,
    OrganisationMembership,
    ProgramPage,
    Standard,
    User,
)
from lms.people import update_profile

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@school.example")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    # The LMS profile's fields: UserFactory(school="Oak Hill", last_activity_at=...).
    @factory.post_generation
    def school(obj, create, extracted, **kwargs):
        if create and extracted:
            update_profile(obj, school=extracted)

    @factory.post_generation
    def last_activity_at(obj, create, extracted, **kwargs):
        if create and extracted:
            update_profile(obj, last_activity_at=extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"District {n}")
    kind = Organisation.Kind.DISTRICT


def body_blocks(count: int, standard: Standard | None = None) -> str:
    """A StreamField body with ``count`` blocks of every kind in turn."""
    standard = standard or Standard.objects.order_by("number").first()
    kinds = [
        ("rich_text", "<p>Read this carefully.</p>"),
        ("evidence_prompt", {"standard": standard.pk, "prompt": "Gather evidence."}),
        (
            "practice_task",
            {"title": "Try it", "instructions": "<p>Do it.</p>", "time_frame": "This week"},
        ),
        (
            "video",
            {
                "title": "A talk",
                "url": "https://www.youtube.com/watch?v=LAUNCHsis01",
                "transcript": "A summary.",
            },
        ),
        ("discussion_prompt", {"question": "What did you notice?"}),
        (
            "in_person_session",
            {"title": "Lab", "agenda": "<p>Agenda</p>", "duration_minutes": 60, "materials": ""},
        ),
    ]
    # The first block is an evidence prompt (a snippet chooser: the costliest kind to load),
    # so a one-block module already pays for every query a block kind can cost.
    raw = [{"type": "evidence_prompt", "value": {"standard": standard.pk, "prompt": "Show it."}}]
    if count > 1:
        raw.append(
            {"type": "reflection_prompt", "value": {"prompt": "What will you try?", "guidance": ""}}
        )
    for i in range(count - 2):
        block_type, value = kinds[i % len(kinds)]
        raw.append({"type": block_type, "value": value})
    return json.dumps(raw)


def make_programme(title: str = "LAUNCH!") -> ProgramPage:
    """A programme page at the site root (the default site points at it)."""
    root = Page.get_first_root_node()
    programme = root.add_child(instance=ProgramPage(title=title, intro="<p>Welcome.</p>"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = programme
    site.save()
    return programme


def make_module(
    programme: ProgramPage,
    *,
    title: str | None = None,
    blocks: int = 3,
    standards: list[int] | None = None,
    required: bool = True,
) -> ModulePage:
    numbers = standards or [1]
    module = ModulePage(
        title=title or f"Module {ModulePage.objects.count() + 1}",
        summary="A module.",
        body=body_blocks(blocks, Standard.objects.get(number=numbers[0])),
        required=required,
    )
    programme.add_child(instance=module)
    module.standards = list(Standard.objects.filter(number__in=numbers))
    module.standards.commit()
    return module


def make_cohort(
    programme: ProgramPage, organisation: Organisation | None = None, **kwargs
) -> Cohort:
    today = date.today()
    defaults = {
        "name": f"Cohort {Cohort.objects.count() + 1}",
        "programme": programme,
        "organisation": organisation or OrganisationFactory(),
        "kind": Cohort.Kind.REGIONAL,
        "starts_on": today - timedelta(days=30),
        "ends_on": today + timedelta(days=120),
        "status": Cohort.Status.RUNNING,
    }
    defaults.update(kwargs)
    return Cohort.objects.create(**defaults)


def enrol(
    user: User,
    cohort: Cohort,
    role: str = Enrolment.Role.PARTICIPANT,
    coach: User | None = None,
    status: str = Enrolment.Status.ACTIVE,
) -> Enrolment:
    return Enrolment.objects.create(user=user, cohort=cohort, role=role, coach=coach, status=status)


def make_coordinator(organisation: Organisation) -> User:
    user = UserFactory()
    OrganisationMembership.objects.create(organisation=organisation, user=user)
    return user
