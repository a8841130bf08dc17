"""Events that other apps (evidence, the badge) listen to, and lms's own receivers.

Signals declared here are sent after the transaction that caused them commits.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

#: Sent with ``user`` and ``module`` after a participant completes a module.
module_completed = Signal()

#: Sent with ``enrolment`` INSIDE the transaction that withdraws it (by a coordinator or
#: staff through :func:`lms.coordination.set_enrolment_status`), so that receivers release
#: what hung on it atomically with the withdrawal (evidence: a reviewer's open reviews).
role_withdrawn = Signal()


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


def _forget_access(user_id: int | None) -> None:
    """Drop the cached access context of a user, now and again after the transaction."""
    if user_id is None:
        return
    from django.db import transaction

    from .selectors import forget_access

    forget_access([user_id])
    transaction.on_commit(lambda: forget_access([user_id]))


def _connect_access_invalidation() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Enrolment, OrganisationMembership

    def membership_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        _forget_access(instance.user_id)

    def user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        _forget_access(instance.pk)

    def user_m2m_changed(sender: Any, instance: Any, pk_set: Any = None, **kwargs: Any) -> None:
        if isinstance(instance, user_model):
            _forget_access(instance.pk)
        else:  # a group's users changed: forget each of them
            for pk in pk_set or ():
                _forget_access(pk)

    for model in (Enrolment, OrganisationMembership):
        post_save.connect(membership_changed, sender=model, weak=False)
        post_delete.connect(membership_changed, sender=model, weak=False)
    user_model = get_user_model()
    post_save.connect(user_changed, sender=user_model, weak=False)
    post_delete.connect(user_changed, sender=user_model, weak=False)
    m2m_changed.connect(user_m2m_changed, sender=user_model.groups.through, weak=False)
    m2m_changed.connect(user_m2m_changed, sender=user_model.user_permissions.through, weak=False)


_connect_access_invalidation()


def _connect_tree_invalidation() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import ModulePage, ProgramPage
    from .sitecache import bump_tree_version

    for model in (ModulePage, ProgramPage, Site, PageViewRestriction):
        post_save.connect(bump_tree_version, sender=model, weak=False)
        post_delete.connect(bump_tree_version, sender=model, weak=False)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_tree_version, weak=False)


_connect_tree_invalidation()


def _connect_progress_invalidation() -> None:
    from django.db import transaction
    from django.db.models.signals import post_delete, post_save

    from .models import ModuleProgress, Reflection
    from .sitecache import bump_user_version

    def progress_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        bump_user_version(instance.user_id)
        transaction.on_commit(lambda: bump_user_version(instance.user_id))

    for model in (ModuleProgress, Reflection):
        post_save.connect(progress_changed, sender=model, weak=False)
        post_delete.connect(progress_changed, sender=model, weak=False)


_connect_progress_invalidation()


def _enable_sqlite_wal(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Put an SQLite database in WAL mode (persistent in the file: readers never block)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor == "sqlite" and not str(connection.settings_dict["NAME"]).startswith(
        ("file::memory:", ":memory:")
    ):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


def _connect_sqlite_setup() -> None:
    from django.db.models.signals import post_migrate

    post_migrate.connect(_enable_sqlite_wal, dispatch_uid="lms.sqlite_wal", weak=False)


_connect_sqlite_setup()
