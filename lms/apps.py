from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("LAUNCH! programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, live, outbox, signals  # noqa: F401  (checks, receivers, handlers)
        from .notifications import services  # noqa: F401  (outbox handlers)
