"""Admin wiring: the standards and code-of-ethics snippets, cohort administration and the
read-only audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import (
    AuditEvent,
    CodeOfEthics,
    Cohort,
    CohortSession,
    Enrolment,
    ModuleProgress,
    Organisation,
    OrganisationMembership,
    OutboxItem,
    Standard,
)
from .permissions import ViewOnlyPermissionPolicy

register_permission_policy(AuditEvent, ViewOnlyPermissionPolicy(AuditEvent))
register_permission_policy(OutboxItem, ViewOnlyPermissionPolicy(OutboxItem))


class StandardViewSet(SnippetViewSet):
    model = Standard
    icon = "tasks"
    menu_label = _("Standards")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["number", "code", "name"]
    search_fields = ["name", "description"]
    ordering = ["number"]


register_snippet(StandardViewSet)


class CodeOfEthicsViewSet(SnippetViewSet):
    """Versions of the code of ethics: drafts, publishing and revision history (Wagtail's).
    New invitations show the current published version; see ``lms.models.ethics``."""

    model = CodeOfEthics
    icon = "doc-full"
    menu_label = _("Code of ethics")
    menu_order = 201
    add_to_admin_menu = True
    list_display = ["version", "title", "effective_on"]
    ordering = ["-effective_on", "-pk"]


register_snippet(CodeOfEthicsViewSet)


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "site"
    form_fields = ["name", "kind"]
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class MembershipViewSet(ModelViewSet):
    model = OrganisationMembership
    icon = "user"
    menu_label = _("Coordinators")
    form_fields = ["organisation", "user", "role"]
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation"]


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    list_display = ["name", "kind", "organisation", "starts_on", "ends_on", "status"]
    list_filter = ["kind", "status", "organisation"]
    search_fields = ["name"]


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "user"
    list_display = ["user", "cohort", "role", "status", "coach"]
    list_filter = ["role", "status", "cohort"]
    search_fields = ["user__email", "user__last_name"]


class SessionViewSet(ModelViewSet):
    model = CohortSession
    icon = "date"
    menu_label = _("Sessions")
    form_fields = ["cohort", "title", "mode", "starts_at", "ends_at", "location", "link", "module"]
    list_display = ["title", "cohort", "mode", "starts_at"]
    list_filter = ["cohort", "mode"]


class ProgressViewSet(ModelViewSet):
    model = ModuleProgress
    icon = "list-ul"
    form_fields = ["user", "module", "status"]
    list_display = ["user", "module", "status", "completed_at"]
    list_filter = ["status"]


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = _("Audit log")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["at", "action", "actor_label", "ip_address", "path"]
    list_filter = ["action"]
    search_fields = ["actor_label", "path"]
    form_fields = ["action"]


class OutboxViewSet(ModelViewSet):
    model = OutboxItem
    icon = "mail"
    menu_label = _("Outbox")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["created_at", "kind", "key", "status", "attempts", "done_at"]
    list_filter = ["status", "kind"]
    search_fields = ["key"]
    form_fields = ["status"]


class CohortAdminGroup(ViewSetGroup):
    menu_label = _("Cohorts")
    menu_icon = "group"
    menu_order = 150
    items = (
        OrganisationViewSet("organisations"),
        MembershipViewSet("coordinators"),
        CohortViewSet("cohorts"),
        EnrolmentViewSet("enrolments"),
        SessionViewSet("sessions"),
        ProgressViewSet("progress"),
        AuditEventViewSet("audit_log"),
        OutboxViewSet("outbox"),
    )


from django.urls import path, reverse  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402

from .admin_views import parked_outbox  # noqa: E402


@hooks.register("register_admin_urls")
def register_parked_outbox_url() -> list:
    return [path("parked-outbox/", parked_outbox, name="lms_parked_outbox")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request) -> bool:  # type: ignore[no-untyped-def]
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_parked_outbox_menu_item() -> MenuItem:
    return SuperuserMenuItem(
        _("Parked side effects"),
        reverse("lms_parked_outbox"),
        icon_name="warning",
        order=900,
    )


@hooks.register("register_admin_viewset")
def register_cohort_admin() -> CohortAdminGroup:
    return CohortAdminGroup()
