"""A person's data: export everything as an archive; erase (delete or anonymise) on request.

Every app declares, in its own ``privacy.py``, each model that points at a user or holds a
file, with what erasure does to its rows (:func:`register`). ``tests/test_privacy.py``
fails when a model with a user reference or a file field is declared nowhere, so a new model
cannot forget the person it stores.

Erasure keeps the ``User`` row (its id holds up foreign keys of things other people need:
forum threads, feedback histories, issued credentials whose revocation status must stay
verifiable) but strips it of everything personal: name, email, password; the LMS profile
(school, calendar key, activity) is deleted and the account deactivated. Rows that are the
person's own work are deleted (with their stored files); rows that belong to a shared
record are kept and show a former member.
"""

import io
import json
import logging
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Literal

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditAction
from .people import User, school_of
from .services import record_audit_event

logger = logging.getLogger(__name__)

Erase = Literal["delete", "anonymise", "keep"]
Files = Callable[[User], Iterable[tuple[str, bytes]]]


@dataclass(frozen=True)
class Declared:
    """How one model's rows about a person are exported and erased.

    ``user_fields``: the fields that point at the person (rows where any of them is the person
    are exported). ``erase``: ``delete`` the rows where ``owner_field`` is the person (and,
    through ``erase_hook``, anything stored outside the database); ``anonymise``: set the
    nullable ``user_fields`` to NULL; ``keep``: leave the rows (the erased user row stays,
    stripped of personal data), e.g. an audit trail or an issued credential. ``reason`` says
    why for ``keep``. ``files``: yields (name in the archive, bytes) for the export.
    """

    model: type[models.Model]
    user_fields: tuple[str, ...]
    erase: Erase
    owner_field: str = ""
    reason: str = ""
    file_fields: tuple[str, ...] = ()
    files: Files | None = None
    erase_hook: Callable[[User], object] | None = None
    exclude: tuple[str, ...] = ()


@dataclass
class Registry:
    declared: dict[str, Declared] = field(default_factory=dict)
    #: Models of libraries (Wagtail, Django) that point at users but hold nothing a
    #: participant gives us, with the reason (checked by the coverage test).
    exempt: dict[str, str] = field(default_factory=dict)


registry = Registry()


def register(*items: Declared) -> None:
    for item in items:
        registry.declared[item.model._meta.label] = item


def exempt(label: str, reason: str) -> None:
    registry.exempt[label] = reason


_discovered = False


def autodiscover() -> Registry:
    """Import every installed app's ``privacy`` module (like the admin's autodiscover)."""
    global _discovered
    if not _discovered:
        for config in apps.get_app_configs():
            try:
                import_module(f"{config.name}.privacy")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.privacy":
                    raise
        _discovered = True
    return registry


def _rows(item: Declared, user: User) -> models.QuerySet:
    query = models.Q()
    for name in item.user_fields:
        query |= models.Q(**{name: user})
    return item.model._default_manager.filter(query)


def export_person(*, actor: User | None, user: User) -> bytes:
    """A ZIP archive: ``data.json`` (every declared model's rows about the person) and the
    person's files. Audited."""
    autodiscover()
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "person": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "school": school_of(user),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "records": {},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for label, item in sorted(registry.declared.items()):
            names = [
                f.attname
                for f in item.model._meta.concrete_fields
                if f.name not in item.exclude and f.attname not in item.exclude
            ]
            rows = list(_rows(item, user).values(*names))
            if rows:
                data["records"][label] = rows
            if item.files is not None:
                for name, content in item.files(user):
                    archive.writestr(f"files/{name}", content)
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, indent=2))
    record_audit_event(
        action=AuditAction.REPORT_EXPORTED,
        actor=actor,
        target=user,
        detail={"what": "personal data export"},
    )
    return buffer.getvalue()


@transaction.atomic
def erase_person(*, actor: User | None, user: User) -> None:
    """Delete the person's own records and files, detach them from shared ones, and strip
    the account of personal data. Issued credentials stay (their revocation status must stay
    verifiable); the audit log keeps the event."""
    autodiscover()
    for item in registry.declared.values():
        if item.erase_hook is not None:
            item.erase_hook(user)
        if item.erase == "delete":
            item.model._default_manager.filter(**{item.owner_field: user}).delete()
        elif item.erase == "anonymise":
            for name in item.user_fields:
                item.model._default_manager.filter(**{name: user}).update(**{name: None})
    user.email = f"erased-{user.pk}@erased.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    record_audit_event(
        action=AuditAction.ROLE_CHANGED,
        actor=actor,
        target=user,
        detail={"what": "personal data erased"},
    )


# --- lms's own models ------------------------------------------------------------------------

from .models import (  # noqa: E402
    Attendance,
    AuditEvent,
    Enrolment,
    EthicsAttestation,
    ImportJob,
    Invitation,
    ModuleProgress,
    Notification,
    NotificationInbox,
    OrganisationMembership,
    Profile,
    Reflection,
    StandardProgress,
)

register(
    # School, last activity, current cohort; the calendar key is a secret, never exported.
    # Deleted: the private calendar feed stops working with it.
    Declared(Profile, ("user",), "delete", owner_field="user", exclude=("calendar_key",)),
    Declared(Reflection, ("user",), "delete", owner_field="user"),
    Declared(ModuleProgress, ("user",), "delete", owner_field="user"),
    Declared(StandardProgress, ("user",), "delete", owner_field="user"),
    Declared(EthicsAttestation, ("user",), "delete", owner_field="user"),
    Declared(Attendance, ("user", "recorded_by"), "keep", reason="session register"),
    Declared(Invitation, ("invited_by",), "anonymise", exclude=("nonce",)),
    Declared(ImportJob, ("created_by",), "anonymise", exclude=("data",)),
    Declared(OrganisationMembership, ("user",), "delete", owner_field="user"),
    Declared(Notification, ("recipient",), "delete", owner_field="recipient"),
    Declared(NotificationInbox, ("user",), "delete", owner_field="user"),
    Declared(
        AuditEvent,
        ("actor",),
        "keep",
        reason="the audit log is immutable; entries keep the label, the user row is erased",
    ),
)
for _label, _reason in {
    "lms.ProgramPage": "pages authored by programme staff",
    "lms.ModulePage": "pages authored by programme staff",
    "wagtailcore.Page": "pages authored by programme staff",
    "wagtailcore.Revision": "editors' revisions",
    "wagtailcore.PageLogEntry": "editors' page history",
    "wagtailcore.ModelLogEntry": "editors' admin history",
    "wagtailcore.WorkflowState": "editorial workflow",
    "wagtailcore.TaskState": "editorial workflow",
    "wagtailcore.Comment": "editors' comments on pages",
    "wagtailcore.CommentReply": "editors' comments on pages",
    "wagtailcore.PageSubscription": "editors' comment notifications",
    "wagtailcore.UploadedFile": "temporary admin uploads (editors)",
    "wagtailcore.APIToken": "admin API tokens (staff)",
    "wagtailadmin.EditingSession": "admin editing sessions (staff)",
    "wagtailadmin.FormState": "admin form state (staff)",
    "wagtailusers.UserProfile": "admin preferences and avatar (staff)",
    "wagtaildocs.Document": "programme documents uploaded by editors",
    "wagtailimages.Image": "programme images uploaded by editors",
    "wagtailimages.Rendition": "resized programme images",
}.items():
    exempt(_label, _reason)


def _withdraw_enrolments(user: User) -> None:
    Enrolment.objects.filter(user=user).update(status=Enrolment.Status.WITHDRAWN, coach=None)
    Enrolment.objects.filter(coach=user).update(coach=None)


register(
    Declared(
        Enrolment,
        ("user", "coach"),
        "keep",
        reason="cohort history: the person's enrolments are withdrawn, coaching links cut",
        erase_hook=_withdraw_enrolments,
    )
)
