"""In-app notifications: what happened that someone should know about, and their inbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One thing a person is told about in the site (the bell in the header and
    ``/learn/notifications/``): new feedback, a review decision, a mention, an enrolment, a
    session added, changed or cancelled.

    ``(recipient, key)`` is unique: ``key`` names the business event (e.g.
    ``coaching.message:42``), so a side effect that is retried records it once. ``seq`` is the
    recipient's inbox sequence at creation (see :class:`NotificationInbox`). Titles never name
    another person (an erased author must not live on in other people's inboxes).
    """

    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback")
        REVIEW = "review", _("Review decision")
        MENTION = "mention", _("Mention")
        ENROLMENT = "enrolment", _("Invitation")
        SESSION = "session", _("Session")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("business key"), max_length=255)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500)
    seq = models.PositiveBigIntegerField(_("sequence"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_unique_business_key"
            ),
            models.UniqueConstraint(fields=["recipient", "seq"], name="notification_unique_seq"),
        ]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class NotificationInbox(models.Model):
    """A person's notification stream: ``last_seq`` advances on every change (a new
    notification, one or all marked read) so that open pages catch up by sequence
    (``lms.live``); ``unread`` is kept with it, under the row's lock, so the header reads one
    row (and usually only the cache)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_inbox",
        verbose_name=_("user"),
    )
    last_seq = models.PositiveBigIntegerField(_("last sequence"), default=0)
    unread = models.PositiveIntegerField(_("unread"), default=0)

    class Meta:
        verbose_name = _("notification inbox")
        verbose_name_plural = _("notification inboxes")

    def __str__(self) -> str:
        return f"inbox of user {self.user_id}: {self.unread} unread"
