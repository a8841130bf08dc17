"""Organisations, cohorts, enrolments and scheduled sessions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Organisation(models.Model):
    """A school district, regional or state agency, or professional association."""

    class Kind(models.TextChoices):
        DISTRICT = "district", _("School district")
        REGIONAL_AGENCY = "regional_agency", _("Regional education agency")
        STATE_AGENCY = "state_agency", _("State education agency")
        ASSOCIATION = "association", _("Professional association")

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationMembership(models.Model):
    """A coordinator of an organisation: runs that organisation's cohorts."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="unique_org_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class Cohort(models.Model):
    """A run of a programme: national (blended), regional or local."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        LOCAL = "local", _("Local")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for enrolment")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    name = models.CharField(max_length=200)
    programme = models.ForeignKey(
        "lms.ProgramPage", on_delete=models.PROTECT, related_name="cohorts"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cohorts",
        null=True,
        blank=True,
        help_text=_("Empty for national cohorts run by programme staff."),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REGIONAL)
    starts_on = models.DateField()
    ends_on = models.DateField()
    seat_limit = models.PositiveIntegerField(default=30)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("programme"),
        FieldPanel("organisation"),
        FieldPanel("kind"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("seat_limit"),
        FieldPanel("status"),
    ]

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(kind="national") | Q(organisation__isnull=False),
                name="cohort_regional_and_local_have_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """A person in a cohort with a role; participants have an assigned coach."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        COACH = "coach", _("Coach")
        COORDINATOR = "coordinator", _("Coordinator")
        REVIEWER = "reviewer", _("Reviewer")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # No separate indexes for cohort and user: the unique (cohort, user, role) constraint and
    # the (user, status) index lead with them (every index costs on a 10,000-row import).
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="enrolments", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        db_index=False,
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INVITED)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_enrolments",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("cohort"),
        FieldPanel("user"),
        FieldPanel("role"),
        FieldPanel("status"),
        FieldPanel("coach"),
    ]

    class Meta:
        ordering = ["cohort", "role", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user", "role"], name="unique_enrolment_per_role"
            )
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.cohort}"

    @property
    def is_current(self) -> bool:
        return self.status in {self.Status.ACTIVE, self.Status.COMPLETED}


class CohortSession(models.Model):
    """A scheduled meeting of a cohort, in person (with a place) or online (with a link)."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True)
    link = models.URLField(blank=True)
    module = models.ForeignKey(
        "lms.ModulePage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"
