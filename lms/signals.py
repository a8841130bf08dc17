"""Events that other apps (evidence, the badge) listen to, and lms's own receivers.

Signals declared here are sent after the transaction that caused them commits.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

#: Sent with ``user`` and ``module`` after a participant completes a module.
module_completed = Signal()


@receiver(user_logged_in)
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .models import AuditAction
    from .services import record_audit_event

    record_audit_event(action=AuditAction.LOGIN_SUCCEEDED, actor=user, request=request)


@receiver(user_logged_out)
def _audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from .models import AuditAction
    from .services import record_audit_event

    if user is not None:
        record_audit_event(action=AuditAction.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _audit_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    from .models import AuditAction
    from .services import record_audit_event

    record_audit_event(
        action=AuditAction.LOGIN_FAILED,
        actor_label=str(credentials.get("username", ""))[:254],
        request=request,
    )
