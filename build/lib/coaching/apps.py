"""Live coaching: feedback threads, the coach's queue, delivery over WebSockets."""

from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import tasks  # noqa: F401 - tasks register on import
