"""Editors author the programme, its modules and the standards in the Wagtail admin."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from lms.models import ModulePage, ProgramPage, Standard

from ..factories import UserFactory, make_module, make_programme


class ModuleAuthoringTests(WagtailPageTestCase):
    def setUp(self):
        self.programme = make_programme()
        self.editor = UserFactory(is_superuser=True, is_staff=True)
        self.client.force_login(self.editor)

    def test_page_tree_rules(self):
        self.assertAllowedSubpageTypes(ProgramPage, {ModulePage})
        self.assertAllowedSubpageTypes(ModulePage, set())
        self.assertCanCreateAt(ProgramPage, ModulePage)
        self.assertCanNotCreateAt(ModulePage, ModulePage)

    def test_editor_creates_a_module_with_every_block_kind(self):
        standard = Standard.objects.get(number=4)
        data = nested_form_data(
            {
                "title": "Action planning that sticks",
                "slug": "action-planning",
                "summary": "Owners, dates and evidence of progress.",
                "standards": [standard.pk],
                "delivery_mode": "blended",
                "estimated_minutes": 120,
                "required": "on",
                "body": streamfield(
                    [
                        ("rich_text", rich_text("<p>Plans need owners.</p>")),
                        (
                            "video",
                            {
                                "title": "Planning",
                                "url": "https://youtu.be/LAUNCHsis06",
                                "transcript": "A summary.",
                            },
                        ),
                        ("reflection_prompt", {"prompt": "Who owns each step?", "guidance": ""}),
                        (
                            "practice_task",
                            {
                                "title": "Draft a plan",
                                "instructions": rich_text("<p>Draft it.</p>"),
                                "time_frame": "This week",
                            },
                        ),
                        (
                            "evidence_prompt",
                            {"standard": standard.pk, "prompt": "Submit your plan."},
                        ),
                        ("discussion_prompt", {"question": "What slows plans down?"}),
                        (
                            "in_person_session",
                            {
                                "title": "Planning lab",
                                "agenda": rich_text("<p>Agenda</p>"),
                                "duration_minutes": 90,
                                "materials": "",
                            },
                        ),
                    ]
                ),
                "action-publish": "publish",
            }
        )
        data["standards"] = [str(standard.pk)]
        url = f"/admin/pages/add/lms/modulepage/{self.programme.pk}/"
        response = self.client.post(url, data)
        errors = response.context["form"].errors if response.status_code == 200 else None
        self.assertEqual(response.status_code, 302, errors)
        module = ModulePage.objects.get(slug="action-planning")
        self.assertTrue(module.live)
        self.assertEqual([s.number for s in module.standards.all()], [4])
        self.assertEqual(
            [b.block_type for b in module.body],
            [
                "rich_text",
                "video",
                "reflection_prompt",
                "practice_task",
                "evidence_prompt",
                "discussion_prompt",
                "in_person_session",
            ],
        )
        page = self.client.get(module.url)
        self.assertContains(page, "Who owns each step?")
        self.assertContains(page, "https://www.youtube-nocookie.com/embed/LAUNCHsis06")
        self.assertContains(page, "Standard 4, Plan and Record")

    def test_module_is_renderable_and_editable(self):
        module = make_module(self.programme, blocks=8)
        self.assertPageIsRenderable(module, user=self.editor)
        self.client.force_login(self.editor)  # the assertion above logs its user out
        response = self.client.get(f"/admin/pages/{module.pk}/edit/")
        self.assertEqual(response.status_code, 200, response.get("Location"))

    def test_standard_is_editable_as_a_snippet(self):
        standard = Standard.objects.get(number=1)
        response = self.client.get(f"/admin/snippets/lms/standard/edit/{standard.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Rubric level descriptors")
