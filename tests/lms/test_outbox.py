"""The outbox: side effects recorded with their cause, run after commit, retried, parked."""

from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from lms import outbox
from lms.models import OutboxItem
from lms.tasks import sweep_outbox_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

calls: list[dict] = []


@outbox.handler("tests.flaky")
def _flaky(payload: dict) -> None:
    calls.append(payload)
    if payload.get("fail"):
        raise RuntimeError("the outside service said no")


def test_email_is_sent_after_commit_once_per_business_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue_email(key="welcome:1", to=["a@x.example"], subject="Hi", text="Hello")
        outbox.enqueue_email(key="welcome:1", to=["a@x.example"], subject="Hi", text="Hello")
    assert len(mail.outbox) == 1
    item = OutboxItem.objects.get()
    assert item.status == "done" and item.attempts == 1


def test_nothing_is_sent_when_the_cause_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue_email(key="lost:1", to=["a@x.example"], subject="Hi", text="Hello")
        raise RuntimeError("the change failed")
    assert not OutboxItem.objects.exists()
    assert mail.outbox == []


def test_unknown_kind_is_refused():
    with pytest.raises(LookupError):
        outbox.enqueue(kind="tests.nobody", key="1", payload={})


def test_unreachable_broker_delays_the_effect_and_the_sweep_delivers_it(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch("lms.tasks.run_outbox_item_task.delay", side_effect=OSError("broker down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.enqueue_email(key="later:1", to=["a@x.example"], subject="Hi", text="Hello")
    assert mail.outbox == [] and OutboxItem.objects.get().status == "pending"
    assert sweep_outbox_task() == 1
    assert len(mail.outbox) == 1 and OutboxItem.objects.get().status == "done"
    assert sweep_outbox_task() == 0  # done items are not run again


def test_a_failing_effect_is_retried_then_parked_and_the_rest_keeps_flowing(
    django_capture_on_commit_callbacks, settings
):
    settings.LAUNCH_OUTBOX_MAX_ATTEMPTS = 3
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(kind="tests.flaky", key="bad", payload={"fail": True})
        outbox.enqueue(kind="tests.flaky", key="good", payload={"fail": False})
    bad = OutboxItem.objects.get(key="bad")
    assert bad.status == "pending" and bad.attempts == 1 and "said no" in bad.last_error
    assert OutboxItem.objects.get(key="good").status == "done"
    for _ in range(2):  # make it due again and sweep
        OutboxItem.objects.filter(pk=bad.pk).update(next_attempt_at=bad.created_at)
        sweep_outbox_task()
    bad.refresh_from_db()
    assert bad.status == "parked" and bad.attempts == 3
    assert sweep_outbox_task() == 0

    assert outbox.retry_parked(item_ids=[bad.pk]) == 1
    calls.clear()
    sweep_outbox_task()
    assert calls == [{"fail": True}]


def test_an_item_held_by_another_worker_is_not_run_twice():
    with transaction.atomic():
        outbox.enqueue(kind="tests.flaky", key="leased", payload={})
    item = OutboxItem.objects.get(key="leased")
    calls.clear()
    # Two deliveries of the same task (e.g. redelivered after a lost ack): one runs it.
    results = [outbox.run_item(item.pk), outbox.run_item(item.pk)]
    assert results.count(True) <= 1 and len(calls) <= 1


def test_staff_see_parked_items_and_queue_them_again(client, django_user_model):
    root = django_user_model.objects.create_superuser(
        email="root@x.example", password="pw-Secret-1"
    )
    item = OutboxItem.objects.create(
        kind="lms.email", key="k<script>", status="parked", attempts=5, last_error="SMTP down"
    )
    client.force_login(root)
    page = client.get("/admin/parked-outbox/")
    assert b"SMTP down" in page.content and b"k&lt;script&gt;" in page.content
    response = client.post("/admin/parked-outbox/", {"item": [str(item.pk), "x"]})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "pending" and item.attempts == 0
