from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("LAUNCH! programme")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .converters import register

        register()  # <id:...> in every app's URL patterns
        from . import checks, live, outbox, signals  # noqa: F401  (checks, receivers, handlers)
        from .accounts import forms  # noqa: F401  (the password-reset email's outbox handler)
        from .invitations import services as invitation_services  # noqa: F401  (outbox handlers)
        from .notifications import services  # noqa: F401  (outbox handlers)
        from .roster import services as roster_services  # noqa: F401  (the import's outbox handler)
