"""Email-based user accounts (the demo host's user model, optional for other hosts)."""

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
    """An account identified by its email address: the demo site's user model, which a host
    may also choose (``AUTH_USER_MODEL = "lms.User"``). The plugin itself works with any user
    model (``get_user_model()``); what it keeps about a person is in :class:`Profile`.

    Swappable: when the host names another user model, this one has no table.
    Roles are not stored here: they come from enrolments in cohorts, coordinator memberships
    of organisations, and Wagtail groups (editors) or ``is_superuser``.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)
