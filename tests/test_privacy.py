"""Privacy: a person's data is exported as an archive and erased on request; a model that
points at a user, or holds a file, and is declared nowhere fails this suite."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from lms.models import Enrolment, EthicsAttestation, ModuleProgress, Reflection, User
from lms.privacy import autodiscover, erase_person, export_person

from .factories import UserFactory


def test_every_model_with_a_user_or_a_file_is_declared():
    registry = autodiscover()
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    missing = []
    for model in apps.get_models():
        label = model._meta.label
        points_at_user = [
            f.name
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model is user_model
        ]
        files = [f.name for f in model._meta.get_fields() if isinstance(f, models.FileField)]
        if not (points_at_user or files):
            continue
        if label in registry.exempt:
            continue
        declared = registry.declared.get(label)
        if declared is None:
            missing.append(f"{label} (user fields {points_at_user}, files {files})")
            continue
        undeclared = set(points_at_user) - set(declared.user_fields)
        if undeclared:
            missing.append(f"{label}: user fields {sorted(undeclared)} not declared")
        unfiled = set(files) - set(declared.file_fields)
        if unfiled:
            missing.append(f"{label}: file fields {sorted(unfiled)} not declared")
    assert not missing, "declare these in the app's privacy.py:\n" + "\n".join(missing)


@pytest.mark.django_db
def test_export_then_erase(world):
    person = world.users["participant"]
    Reflection.objects.create(user=person, module=world.module, text="Our PLC <b>grew</b>.")
    ModuleProgress.objects.create(user=person, module=world.module, status="completed")
    EthicsAttestation.objects.create(user=person, version="2026.1", text_sha256="0" * 64)

    response = world.client_for("participant").post("/accounts/profile/my-data.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["person"]["email"] == person.email
    assert data["records"]["lms.Reflection"][0]["text"] == "Our PLC <b>grew</b>."
    assert "lms.Enrolment" in data["records"]

    other = UserFactory()
    Reflection.objects.create(user=other, module=world.module, text="Someone else's")
    erase_person(actor=None, user=person)
    person.refresh_from_db()
    assert person.email.endswith("@erased.invalid") and not person.first_name
    assert not person.is_active and not person.has_usable_password()
    assert not Reflection.objects.filter(user=person).exists()
    assert not EthicsAttestation.objects.filter(user=person).exists()
    assert Reflection.objects.filter(user=other).exists()
    assert set(Enrolment.objects.filter(user=person).values_list("status", flat=True)) == {
        "withdrawn"
    }
    assert User.objects.filter(email=world.users["coach"].email).exists()
    # Nothing identifying is left in a fresh export of the erased account.
    archive = export_person(actor=None, user=person)
    assert world.users["participant"].email.encode() not in archive
