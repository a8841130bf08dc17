"""Evidence of proficiency: submissions, artefacts, reviews, proficiency and credentials."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (system checks)

        # The badge: outbox handler and receivers (module completed, standard proficient).
        from .badges.receivers import connect_signals

        connect_signals()

        # A withdrawn reviewer's open reviews go to another reviewer.
        from .withdrawals import connect_signals as connect_withdrawals

        connect_withdrawals()
