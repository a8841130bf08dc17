"""Email-based user accounts."""

import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_calendar_key() -> str:
    return secrets.token_urlsafe(32)


class UserManager(DjangoUserManager["User"]):
    """Users are identified by a normalised (lower-cased) email address."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=self.normalize_email(username))

    def _create_user(self, email: str, password: str | None, **extra) -> "User":  # type: ignore[override]
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":  # type: ignore[override]
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person: participant, coach, coordinator, reviewer or programme staff.

    Roles are not stored here: they come from enrolments in cohorts, coordinator memberships
    of organisations, and Wagtail groups (editors) or ``is_superuser``.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    school = models.CharField(_("school or organisation"), max_length=200, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The secret in the person's private calendar feed URL (changed on request). Empty for
    # people enrolled in bulk until they first open their calendar page.
    calendar_key = models.CharField(
        max_length=43, unique=True, null=True, blank=True, default=new_calendar_key
    )
    # The cohort the person works in as a participant, chosen by them (set when they accept
    # their first invitation, changed from their dashboard). Never changed by anyone else:
    # a new enrolment does not make itself current (see lms.selectors.participant_enrolment_for).
    current_cohort = models.ForeignKey(
        "lms.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current cohort"),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)
