"""The ten Certified School Improvement Specialist standards and their rubric."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class RubricLevel(models.IntegerChoices):
    """Rubric levels shared by every standard. Proficient or above counts as proficient."""

    NOT_YET = 0, _("Not yet")
    DEVELOPING = 1, _("Developing")
    PROFICIENT = 2, _("Proficient")
    EXEMPLARY = 3, _("Exemplary")


class Standard(index.Indexed, models.Model):
    """A CSIS standard, seeded by a data migration and editable as a Wagtail snippet."""

    number = models.PositiveSmallIntegerField(unique=True)
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()
    indicators = models.TextField(help_text=_("One observable indicator per line."))
    rubric_not_yet = models.TextField(_("Not yet"))
    rubric_developing = models.TextField(_("Developing"))
    rubric_proficient = models.TextField(_("Proficient"))
    rubric_exemplary = models.TextField(_("Exemplary"))

    panels = [
        FieldPanel("number"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("indicators"),
        MultiFieldPanel(
            [
                FieldPanel("rubric_not_yet"),
                FieldPanel("rubric_developing"),
                FieldPanel("rubric_proficient"),
                FieldPanel("rubric_exemplary"),
            ],
            heading=_("Rubric level descriptors"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]

    def descriptor(self, level: int) -> str:
        """The rubric descriptor of ``level`` (a :class:`RubricLevel` value)."""
        return {
            RubricLevel.NOT_YET: self.rubric_not_yet,
            RubricLevel.DEVELOPING: self.rubric_developing,
            RubricLevel.PROFICIENT: self.rubric_proficient,
            RubricLevel.EXEMPLARY: self.rubric_exemplary,
        }[RubricLevel(level)]

    @property
    def rubric(self) -> list[tuple[object, str]]:
        return [(label, self.descriptor(value)) for value, label in RubricLevel.choices]
