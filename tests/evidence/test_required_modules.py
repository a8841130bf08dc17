"""One rule for a programme's required modules: the cohort dashboard's count and the
completion badge's criteria read the same list (``lms.selectors.required_module_ids``)."""

from evidence.badges import services as badge_services
from evidence.models import Achievement
from lms import selectors
from lms.dashboard import selectors as dashboard_selectors
from lms.models import Enrolment, ModulePage, ModuleProgress

from ..factories import make_module


def _modules_only() -> Achievement:
    return Achievement.objects.create(
        slug="modules-only",
        name="All required modules",
        description="Every required module.",
        criteria_narrative="Every required module completed.",
        achievement_type=Achievement.Kind.BADGE,
        require_modules=True,
    )


def test_the_dashboard_and_the_badge_agree_on_the_required_modules(world):
    participant = world.users["participant"]
    enrolment = Enrolment.objects.get(
        user=participant, cohort=world.cohort, role=Enrolment.Role.PARTICIPANT
    )
    programme = world.cohort.programme
    make_module(programme, title="Optional extra", required=False)
    draft = make_module(programme, title="Not yet published")
    draft.unpublish()
    achievement = _modules_only()

    required = selectors.required_module_ids(programme.pk)
    assert set(required) == set(
        ModulePage.objects.live()
        .child_of(programme)
        .filter(required=True)
        .values_list("pk", flat=True)
    )
    assert draft.pk not in required

    def both() -> tuple[bool, bool]:
        row, _standards, total = dashboard_selectors.person_row(enrolment=enrolment)
        assert total == len(selectors.required_module_ids(programme.pk))
        return row.modules_completed == total, badge_services.criteria_met(participant, achievement)

    for module_id in required[:-1]:
        ModuleProgress.objects.create(
            user=participant, module_id=module_id, status=ModuleProgress.Status.COMPLETED
        )
    assert both() == (False, False)
    ModuleProgress.objects.create(
        user=participant, module_id=required[-1], status=ModuleProgress.Status.COMPLETED
    )
    assert both() == (True, True)
    # A newly published required module counts at once for both (the tree version moves).
    make_module(programme, title="New and required")
    assert both() == (False, False)
