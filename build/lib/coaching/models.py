"""Feedback threads between a participant and their coach, and what hangs off them.

A thread is about one evidence submission (draft or submitted) or one module reflection.
Its messages carry a per-thread sequence id (``seq``, from ``FeedbackThread.last_seq`` via
:func:`lms.live.allocate_seq`): the page renders the last one it shows, and a socket that
(re)connects asks for everything after it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Anchor(models.TextChoices):
    """Which part of the work a message is about (the three kinds of data, or all of it)."""

    GENERAL = "", _("The whole piece")
    FACILITATION = "facilitation", _("Facilitation effort")
    EDUCATOR = "educator", _("Changes in educator performance")
    STUDENT = "student", _("Student achievement")


class FeedbackThread(models.Model):
    """One conversation about a submission or a reflection of ``participant`` in ``cohort``."""

    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_threads"
    )
    cohort = models.ForeignKey("lms.Cohort", on_delete=models.CASCADE, related_name="+")
    submission = models.OneToOneField(
        "evidence.Submission",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_thread",
    )
    reflection = models.OneToOneField(
        "lms.Reflection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_thread",
    )
    last_seq = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submission__isnull=False, reflection__isnull=True)
                | Q(submission__isnull=True, reflection__isnull=False),
                name="coaching_thread_one_subject",
            )
        ]
        indexes = [models.Index(fields=["participant", "cohort"])]

    def __str__(self) -> str:
        return f"Feedback thread {self.pk}"

    @property
    def kind(self) -> str:
        return "submission" if self.submission_id else "reflection"


class FeedbackMessage(models.Model):
    """A stored message (the record); ``html`` is the sanitised rendering of ``body``."""

    BODY_MAX = 4_000

    thread = models.ForeignKey(FeedbackThread, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=BODY_MAX)
    html = models.TextField()
    anchor = models.CharField(max_length=20, choices=Anchor.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["thread", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["thread", "seq"], name="coaching_message_seq")
        ]

    def __str__(self) -> str:
        return f"Message {self.thread_id}/{self.seq}"


class ReadMarker(models.Model):
    """The last ``seq`` a user has seen in a thread (page views and live deliveries)."""

    thread = models.ForeignKey(FeedbackThread, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_seq = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="coaching_read_marker")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to {self.last_read_seq}"


class HelpRequest(models.Model):
    """ "I'm waiting for feedback on X": open until someone else answers in the thread."""

    TOPIC_MAX = 300

    thread = models.ForeignKey(
        FeedbackThread, on_delete=models.CASCADE, related_name="help_requests"
    )
    topic = models.CharField(max_length=TOPIC_MAX)
    anchor = models.CharField(max_length=20, choices=Anchor.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["thread"],
                condition=Q(answered_at__isnull=True),
                name="coaching_one_open_request",
            )
        ]

    def __str__(self) -> str:
        return self.topic


class CoachQueue(models.Model):
    """A coach's queue stream counter (its ``seq`` grows with every change of the queue)."""

    coach = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    last_seq = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Queue of {self.coach_id}"


class PendingNotification(models.Model):
    """New messages in ``thread`` for ``recipient`` not yet emailed; one email per recipient
    batches all of them once the oldest is ``NOTIFY_WINDOW_SECONDS`` old."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(FeedbackThread, on_delete=models.CASCADE, related_name="+")
    first_seq = models.PositiveIntegerField()
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "thread"], name="coaching_pending_once")
        ]
        indexes = [models.Index(fields=["since"])]

    def __str__(self) -> str:
        return f"Pending {self.thread_id} for {self.recipient_id}"
