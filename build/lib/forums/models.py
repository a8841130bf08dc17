"""Forums, topics, posts, marks, subscriptions, reports and digest preferences.

Live streams (see ``lms.live``): a topic is a stream of its posts (``Post.seq`` is the
topic's ``last_seq`` when the post last changed); a forum is a stream of its topics
(``Topic.forum_seq`` is the forum's ``last_seq`` when the topic last changed). Each item
carries the counter value of its latest change, so a replay sends every changed item once,
in order.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Forum(models.Model):
    """A place to talk: one per cohort, one per standard and programme, the network forum,
    and forums programme staff add for a programme."""

    class Kind(models.TextChoices):
        COHORT = "cohort", _("Cohort forum")
        STANDARD = "standard", _("Standard forum")
        NETWORK = "network", _("SIS Network")
        PROGRAMME = "programme", _("Programme forum")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROGRAMME)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cohort = models.ForeignKey(
        "lms.Cohort", on_delete=models.CASCADE, null=True, blank=True, related_name="forums"
    )
    programme = models.ForeignKey(
        "lms.ProgramPage", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    standard = models.ForeignKey(
        "lms.Standard", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=100)
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Staff add programme forums (the default kind); the others are made by forums itself.
    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("programme"),
        FieldPanel("position"),
    ]

    class Meta:
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort"], condition=Q(kind="cohort"), name="one_forum_per_cohort"
            ),
            models.UniqueConstraint(
                fields=["programme", "standard"],
                condition=Q(kind="standard"),
                name="one_forum_per_programme_standard",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="network"), name="one_network_forum"
            ),
            models.CheckConstraint(
                condition=~Q(kind="cohort") | Q(cohort__isnull=False), name="cohort_forum_cohort"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["standard", "programme"]) | Q(programme__isnull=False),
                name="programme_forum_programme",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Topic(models.Model):
    """A conversation in a forum; its first post is the opening post."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        QUESTION = "question", _("Question")
        SHOWCASE = "showcase", _("Evidence showcase")

    TITLE_MAX = 200

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="topics")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(max_length=TITLE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField(null=True, blank=True)
    last_post_id_seen = models.PositiveBigIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    accepted_post = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    forum_seq = models.PositiveBigIntegerField(default=0, editable=False)
    forum_created_seq = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-pinned", "-last_post_at", "-pk"]
        indexes = [
            models.Index(fields=["forum", "-pinned", "-last_post_at"], name="forums_topic_list"),
            models.Index(fields=["forum", "forum_seq"], name="forums_topic_stream"),
        ]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """A post or a reply (one level: a reply's parent is a top-level post).

    ``body_html`` is the sanitised rendering of ``body_markdown``, stored so pages never
    render Markdown.
    """

    BODY_MAX = 20_000

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body_markdown = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=300, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    seq = models.PositiveBigIntegerField(default=0)
    created_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "seq"], name="unique_post_seq_per_topic")
        ]
        indexes = [models.Index(fields=["topic", "parent", "id"], name="forums_post_page")]

    def __str__(self) -> str:
        return f"post {self.pk} in {self.topic_id}"


class HelpfulMark(models.Model):
    """Someone found a post helpful."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user"], name="one_helpful_mark_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} found {self.post_id} helpful"


class Mention(models.Model):
    """A user @mentioned in a post (notified once by email)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_mention")]

    def __str__(self) -> str:
        return f"{self.user_id} mentioned in {self.post_id}"


class ReadMarker(models.Model):
    """The newest post of a topic the user has seen (for unread markers)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_post_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="one_read_marker")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.topic_id} up to {self.last_post_id}"


class Subscription(models.Model):
    """Following a topic or a whole forum (for digests)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(forum__isnull=True, topic__isnull=False)
                | Q(forum__isnull=False, topic__isnull=True),
                name="subscription_forum_xor_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "forum"], condition=Q(forum__isnull=False), name="one_forum_sub"
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="one_topic_sub"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.forum_id or self.topic_id}"


class DigestPreference(models.Model):
    """How often a user gets the digest of what they follow."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NONE = "none", _("Never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_digest"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"


class Report(models.Model):
    """A post reported for moderation."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_report_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"report {self.pk} on post {self.post_id}"
