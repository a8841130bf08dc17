"""The programme and its modules, authored in the Wagtail admin."""

from django import forms
from django.core.cache import cache
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
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
    # Anywhere in the host's page tree (the demo puts it at the root of its site).
    subpage_types = ["lms.ModulePage"]

    class Meta:
        verbose_name = _("programme")

    def route(self, request: HttpRequest, path_components: list[str]):  # type: ignore[no-untyped-def]
        """Route to a module from the cache, or with one query (Wagtail's default takes two).

        The cached page is keyed by the tree version, which every save, publish, move or
        delete of a programme or module bumps (``lms.signals``).
        """
        if not path_components:
            return super().route(request, path_components)
        from ..sitecache import tree_version

        key = f"lms:route:{tree_version()}:{self.pk}:{path_components[0][:100]}"
        child = cache.get(key)
        if child is None:
            child = ModulePage.objects.live().child_of(self).filter(slug=path_components[0]).first()
            if child is None:
                raise Http404
            cache.set(key, child, 600)
        child._cached_parent_obj = self
        return child.route(request, path_components[1:])

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
        from ..selectors import check_module_access

        check_module_access(user=request.user, module=self)
        return super().serve(request, *args, **kwargs)

    BODY_CACHE_SECONDS = 600

    def get_view_restrictions(self):  # type: ignore[no-untyped-def]
        """Wagtail's check, skipped (an empty queryset, no query) while no page of the site has
        a view restriction at all, which ``lms.sitecache`` remembers per tree version."""
        from ..sitecache import any_view_restrictions

        if not any_view_restrictions():
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def rendered_body(self, audience: frozenset[str] = frozenset()) -> dict:
        """The body as HTML, split around the reflection prompt (whose form is per user).

        ``audience`` names the viewer's roles ("participant", "coach", "reviewer"): blocks
        show each role its own actions (the evidence prompt's link), one cached copy per mix.

        Cached under the page tree's version, which every save or publish of a page bumps, so
        an edit is visible at once; snippet edits (a standard renamed) within 10 minutes.
        """
        from ..sitecache import tree_version

        # Any save of a module bumps the tree version, so the key changes with the content.
        key = f"lms:module-body:{tree_version()}:{self.pk}:{'+'.join(sorted(audience))}"
        parts = cache.get(key)
        if parts is None:
            parts = {"before": [], "after": [], "reflection": None}
            side = "before"
            for block in self.body:
                if block.block_type == "reflection_prompt":
                    parts["reflection"] = {
                        "prompt": block.value["prompt"],
                        "guidance": block.value["guidance"],
                    }
                    side = "after"
                    continue
                parts[side].append(str(block.render(context={"page": self, "audience": audience})))
            parts = {
                "before": "".join(parts["before"]),
                "after": "".join(parts["after"]),
                "reflection": parts["reflection"],
                "tags": render_to_string(
                    "lms/partials/_module_tags.html", {"standards": list(self.standards.all())}
                ),
            }
            cache.set(key, parts, self.BODY_CACHE_SECONDS)
        return {
            "before": mark_safe(parts["before"]),  # noqa: S308 - rendered by our templates
            "after": mark_safe(parts["after"]),  # noqa: S308
            "tags": mark_safe(parts["tags"]),  # noqa: S308
            "reflection": parts["reflection"],
        }

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from ..selectors import module_view_state

        context = super().get_context(request, *args, **kwargs)
        context.update(module_view_state(user=request.user, module=self))
        return context
