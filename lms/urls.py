from django.urls import path

from .notifications import views as notifications
from .views import cohort_dashboard, coordination, dashboard, invitations, modules, sessions

app_name = "lms"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path(
        "modules/<int:module_id>/reflection/",
        modules.save_reflection,
        name="save_reflection",
    ),
    path("modules/<int:module_id>/progress/", modules.set_progress, name="set_progress"),
    *coordination.urlpatterns,
    *invitations.urlpatterns,
    *cohort_dashboard.urlpatterns,
    *sessions.urlpatterns,
    *notifications.urlpatterns,
]
