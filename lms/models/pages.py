"""The programme and its modules, authored in the Wagtail admin."""

from django import forms
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ModuleBodyBlock


class ProgramPage(Page):
    """A programme such as LAUNCH!: an overview of its modules and the ten standards."""

    intro = RichTextField(features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["lms.ModulePage"]

    class Meta:
        verbose_name = _("programme")

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from ..selectors import programme_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_overview(user=request.user, programme=self))
        return context


class ModulePage(Page):
    """A module of a programme, aligned to one or more standards."""

    class DeliveryMode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        BLENDED = "blended", _("Blended")

    summary = models.CharField(max_length=300, blank=True)
    standards = ParentalManyToManyField("lms.Standard", related_name="modules", blank=False)
    delivery_mode = models.CharField(
        max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.ONLINE
    )
    estimated_minutes = models.PositiveIntegerField(default=60)
    required = models.BooleanField(
        default=True, help_text=_("Required modules count towards completion and the badge.")
    )
    body = StreamField(ModuleBodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("standards", widget=forms.CheckboxSelectMultiple),
                FieldPanel("delivery_mode"),
                FieldPanel("estimated_minutes"),
                FieldPanel("required"),
            ],
            heading=_("Alignment and delivery"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["lms.ProgramPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("module")

    def serve(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        """Module content is for people in the programme: anonymous visitors log in first."""
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        from ..selectors import access_module

        access_module(user=request.user, module_id=self.pk)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from ..selectors import module_view_state

        context = super().get_context(request, *args, **kwargs)
        context.update(module_view_state(user=request.user, module=self))
        return context
