from django.urls import path

from .notifications import views as notifications
from .views import (
    cohort_dashboard,
    coordination,
    dashboard,
    invitations,
    modules,
    sessions,
    standards,
)

app_name = "lms"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("standards/", standards.standards, name="standards"),
    path("dashboard/cohort/", dashboard.choose_cohort, name="choose_cohort"),
    path("coach/reflections/", dashboard.coach_reflections, name="coach_reflections"),
    path(
        "modules/<id:module_id>/reflection/",
        modules.save_reflection,
        name="save_reflection",
    ),
    path("modules/<id:module_id>/progress/", modules.set_progress, name="set_progress"),
    *coordination.urlpatterns,
    *invitations.urlpatterns,
    *cohort_dashboard.urlpatterns,
    *sessions.urlpatterns,
    *notifications.urlpatterns,
]
