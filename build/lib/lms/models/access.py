"""The access log read by live sockets: whose access may have changed, and when."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessChange(models.Model):
    """A user's access may have changed (an enrolment, a membership or the account was saved).

    Written in the same transaction as the change, so it exists exactly when the change does,
    even when the push that tells open sockets at once is lost (Redis down). Every ASGI
    process polls the recent rows once a second (:class:`lms.live.AccessWatch`) and makes that
    user's sockets re-check their access. Only the user's id is kept (no foreign key: a
    deleted account must still close its sockets); rows are pruned after an hour.
    """

    user_id = models.BigIntegerField(_("user id"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access change")
        verbose_name_plural = _("access changes")

    def __str__(self) -> str:
        return f"access of user {self.user_id} changed at {self.created_at:%Y-%m-%d %H:%M:%S}"
