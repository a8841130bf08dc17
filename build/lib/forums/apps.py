"""Social learning forums: cohort, standard and network forums."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "forums"
    verbose_name = _("Forums")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import lms.live  # noqa: F401  (access-change receivers; also wired by lms itself)

        from . import signals  # noqa: F401  (registers receivers)
