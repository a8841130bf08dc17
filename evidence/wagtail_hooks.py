"""Admin wiring of evidence: per-programme evidence settings as a snippet for programme staff."""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ProgrammeEvidenceSettings


class ProgrammeEvidenceSettingsViewSet(SnippetViewSet):
    model = ProgrammeEvidenceSettings
    icon = "clipboard-list"
    menu_label = "Evidence settings"
    list_display = ["programme", "blind_review", "second_reviewer", "auto_assign"]
    panels = [
        FieldPanel("programme"),
        FieldPanel("require_facilitation"),
        FieldPanel("require_educator"),
        FieldPanel("require_student"),
        FieldPanel("blind_review"),
        FieldPanel("second_reviewer"),
        FieldPanel("auto_assign"),
    ]


register_snippet(ProgrammeEvidenceSettingsViewSet)
