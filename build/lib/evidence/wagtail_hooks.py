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


# --- The badge: achievements, issuer, keys, credentials (with "Revoke with reason") -------------

from django.urls import path, reverse  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.viewsets.base import ViewSetGroup  # noqa: E402
from wagtail.admin.widgets.button import ListingButton  # noqa: E402
from wagtail.contrib.settings.registry import register_setting  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402

from lms.permissions import ViewOnlyPermissionPolicy  # noqa: E402

from .models import Achievement, Credential, IssuerKey, IssuerProfile  # noqa: E402
from .views import badges as badge_views  # noqa: E402

register_permission_policy(Credential, ViewOnlyPermissionPolicy(Credential))
register_permission_policy(IssuerKey, ViewOnlyPermissionPolicy(IssuerKey))
register_setting(IssuerProfile, icon="site")


class AchievementViewSet(SnippetViewSet):
    model = Achievement
    icon = "pick"
    menu_label = _("Achievements")
    list_display = ["name", "achievement_type", "validity_years", "active"]
    search_fields = ["name", "description"]


class CredentialViewSet(SnippetViewSet):
    model = Credential
    icon = "success"
    menu_label = _("Credentials")
    list_display = ["uuid", "user", "achievement", "issued_at", "valid_until", "revoked_at"]
    list_filter = ["achievement"]
    search_fields = ["user__email", "user__last_name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "uuid",
        "user",
        "achievement",
        "issued_at",
        "valid_until",
        "revoked_at",
        "revoked_reason",
        "revoked_by",
        "verification_method",
    ]
    copy_view_enabled = False


class IssuerKeyViewSet(SnippetViewSet):
    model = IssuerKey
    icon = "key"
    menu_label = _("Issuer keys (public)")
    list_display = ["public_key_multibase", "status", "created_at", "retired_at"]
    copy_view_enabled = False


class BadgeViewSetGroup(ViewSetGroup):
    menu_label = _("Badges")
    menu_icon = "pick"
    menu_order = 210
    items = (AchievementViewSet, CredentialViewSet, IssuerKeyViewSet)


register_snippet(BadgeViewSetGroup)


@hooks.register("register_admin_urls")
def _badge_admin_urls() -> list:
    return [
        path(
            "credentials/<id:pk>/revoke/",
            badge_views.admin_revoke,
            name="evidence_revoke_credential",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def _revoke_button(snippet: object, user: object, next_url: str | None = None) -> list:
    if isinstance(snippet, Credential) and snippet.revoked_at is None:
        url = reverse("evidence_revoke_credential", args=[snippet.pk])
        return [ListingButton(_("Revoke with reason"), url=url, priority=40)]
    return []
