"""Sign-in by email address on any user model, for hosts that want it (the demo host does):
``AUTHENTICATION_BACKENDS = ["lms.accounts.backends.EmailBackend", ...]``."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from ..people import people_by_email


class EmailBackend(ModelBackend):
    """Authenticates ``username`` (or ``email``) as an email address, case-insensitively.

    Where addresses are not unique (``auth.User``), each active account with the address is
    tried, oldest first; the first whose password matches signs in. Without any, the
    password hasher still runs once, so timing does not tell whether the address exists.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        email: str | None = None,
        **kwargs: Any,
    ) -> Any | None:
        address = email or username or kwargs.get(get_user_model().USERNAME_FIELD)
        if not address or password is None or "@" not in str(address):
            return None
        candidates = list(people_by_email(str(address))[:5])
        if not candidates:
            get_user_model()().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None

    def get_user(self, user_id: Any) -> Any | None:
        """The signed-in person with their profile in the same query (every page reads it)."""
        UserModel = get_user_model()
        user = (
            UserModel._default_manager.select_related("launch_profile").filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
