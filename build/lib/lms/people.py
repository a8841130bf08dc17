"""People, whatever the host's user model: the one place that creates accounts, finds them by
email address, and reaches the LMS's per-person fields (:class:`lms.models.Profile`).

The plugin asks three things of ``settings.AUTH_USER_MODEL``: an ``email`` field, and
``first_name`` / ``last_name`` (Django's ``AbstractUser`` has all three). When its
``USERNAME_FIELD`` is not the email address (Django's own ``auth.User``), accounts the
programme creates get the email address as their user name.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower

from .models import Profile

if TYPE_CHECKING:  # the demo host's model, for the type checker only
    from .models import User
else:
    #: The host's user model (``settings.AUTH_USER_MODEL``): what the plugin imports as ``User``.
    User = get_user_model()


def normalize_email(email: str | None) -> str:
    """The form every address is kept and compared in: trimmed, lower-cased."""
    return (email or "").strip().lower()


def email_is_username() -> bool:
    return get_user_model().USERNAME_FIELD == "email"


def username_for(email: str) -> str:
    """The user name an account created for ``email`` gets on a host whose user model has
    one (``auth.User``): the address itself, cut to the field's length."""
    User = get_user_model()
    field = User._meta.get_field(User.USERNAME_FIELD)
    return normalize_email(email)[: getattr(field, "max_length", None) or 150]


def account_fields(email: str) -> dict[str, Any]:
    """The identifying fields of a new account for ``email`` (for bulk inserts too)."""
    fields: dict[str, Any] = {"email": normalize_email(email)}
    if not email_is_username():
        fields[get_user_model().USERNAME_FIELD] = username_for(email)
    return fields


def create_person(
    *, email: str, password: str | None = None, school: str = "", **extra: Any
) -> Any:
    """Create an account (and its profile when there is something to keep) on any user
    model. ``password=None`` leaves it unusable (set when an invitation is accepted)."""
    User = get_user_model()
    with transaction.atomic():
        user = User(**account_fields(email), **extra)
        user.set_password(password)
        user.save()
        if school:
            Profile.objects.create(user=user, school=school)
    return user


def people_by_email(email: str) -> "QuerySet[Any]":
    """Accounts with this address, the oldest first (a host whose user model does not make
    addresses unique may hold more than one)."""
    User = get_user_model()
    address = normalize_email(email)
    if email_is_username():
        return User._default_manager.filter(email=address).order_by("pk")
    return User._default_manager.filter(email__iexact=address).order_by("pk")


def person_by_email(email: str) -> Any | None:
    """The account with this address (the oldest if several), or None."""
    if not normalize_email(email):
        return None
    return people_by_email(email).first()


def emails_filter(emails: Iterable[str]) -> "QuerySet[Any]":
    """Accounts whose address is one of ``emails`` (normalised), for lookups in bulk."""
    User = get_user_model()
    addresses = sorted({normalize_email(e) for e in emails})
    if email_is_username():
        return User._default_manager.filter(email__in=addresses)
    return User._default_manager.annotate(_email=Lower("email")).filter(_email__in=addresses)


def profile_of(user: Any) -> Profile:
    """The person's profile, created on demand (cached on the user object)."""
    try:
        return user.launch_profile
    except Profile.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            profile, _ = Profile.objects.get_or_create(user_id=user.pk)
    except IntegrityError:  # created at the same moment by another request
        profile = Profile.objects.get(user_id=user.pk)
    user.launch_profile = profile
    return profile


def update_profile(user: Any, **values: Any) -> None:
    """Set profile fields in one UPDATE (an INSERT the first time), and on the cached copy."""
    if not Profile.objects.filter(pk=user.pk).update(**values):
        try:
            with transaction.atomic():
                Profile.objects.create(user_id=user.pk, **values)
        except IntegrityError:
            Profile.objects.filter(pk=user.pk).update(**values)
    cache = user._state.fields_cache
    cached = cache.get("launch_profile")
    if cached is None:
        cache.pop("launch_profile", None)  # "no profile" was cached: there is one now
    else:
        for name, value in values.items():
            setattr(cached, name, value)


def school_of(user: Any) -> str:
    """The person's school or organisation ('' when none is known); no query when the
    profile was selected with the user (``select_related("launch_profile")``)."""
    try:
        return user.launch_profile.school
    except Profile.DoesNotExist:
        return ""


def current_cohort_id_of(user: Any) -> int | None:
    try:
        return user.launch_profile.current_cohort_id
    except Profile.DoesNotExist:
        return None


def last_activity_of(user: Any):  # type: ignore[no-untyped-def]
    try:
        return user.launch_profile.last_activity_at
    except Profile.DoesNotExist:
        return None
