"""The audit log cannot be changed by anyone; /healthz; the profile guards."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, override_settings

from lms.checks import assert_channel_layer_fits_processes, channel_layer_fits_processes
from lms.models import AuditEvent
from lms.services import record_audit_event


def test_audit_events_cannot_be_changed_or_deleted(db):
    event = record_audit_event(action="login.failed", actor_label="x@y.example")
    event.actor_label = "someone else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(actor_label="z")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().actor_label == "x@y.example"


def test_audit_log_is_read_only_in_the_admin_even_for_superusers(world):
    record_audit_event(action="login.failed", actor_label="x@y.example")
    event = AuditEvent.objects.get(action="login.failed")
    client = world.client_for("superuser")
    listing = client.get("/admin/audit_log/")
    assert listing.status_code == 200 and b"x@y.example" in listing.content
    assert client.get(f"/admin/audit_log/inspect/{event.pk}/").status_code == 200
    for path in (
        f"/admin/audit_log/edit/{event.pk}/",
        f"/admin/audit_log/delete/{event.pk}/",
        "/admin/audit_log/add/",
    ):
        response = client.get(path)
        assert response.status_code in (302, 403, 404), path
        response = client.post(path, {"action": "logout", "actor_label": "forged"})
        assert response.status_code in (302, 403, 404), path
    event = AuditEvent.objects.get(action="login.failed")
    assert event.actor_label == "x@y.example"
    assert AuditEvent.objects.filter(action="login.failed").count() == 1


def test_healthz_reports_every_dependency(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    for name in ("database", "cache", "channel_layer", "broker"):
        assert data[name]["ok"] is True, data


@override_settings(
    LAUNCH_WEB_CONCURRENCY=2,
    CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
)
def test_in_memory_layer_is_refused_with_several_processes():
    errors = channel_layer_fits_processes(None)
    assert [e.id for e in errors] == ["lms.E001"]
    with pytest.raises(ImproperlyConfigured):
        assert_channel_layer_fits_processes()


@override_settings(
    LAUNCH_WEB_CONCURRENCY=2,
    CHANNEL_LAYERS={"default": {"BACKEND": "channels_redis.core.RedisChannelLayer"}},
)
def test_redis_layer_allows_several_processes():
    assert channel_layer_fits_processes(None) == []
    assert_channel_layer_fits_processes()
