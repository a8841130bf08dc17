"""Admin wiring: programme staff add and edit forums as snippets.

Forums added here are programme forums (for the people of one programme); cohort, standard
and network forums are created by forums itself and can be renamed here.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Forum


class ForumViewSet(SnippetViewSet):
    model = Forum
    icon = "group"
    menu_label = _("Forums")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "kind", "programme", "cohort"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    ordering = ["kind", "position", "title"]


register_snippet(ForumViewSet)
