"""The module page's caches never show stale or private content."""

from wagtail.models import PageViewRestriction

from lms.models import Enrolment


def test_published_edits_show_at_once(world):
    client = world.client_for("participant")
    module = world.module
    assert "Read this carefully." in client.get(module.url).content.decode()  # warm
    module.body = '[{"type": "rich_text", "value": "<p>Brand new guidance.</p>"}]'
    module.title = "Root-cause analysis, revised"
    module.save_revision().publish()
    page = client.get(module.url).content.decode()
    assert "Brand new guidance." in page and "Root-cause analysis, revised" in page


def test_private_pages_stay_private(world):
    client = world.client_for("participant")
    assert client.get(world.module.url).status_code == 200  # warm every cache
    PageViewRestriction.objects.create(
        page=world.programme, restriction_type=PageViewRestriction.GROUPS
    )
    response = client.get(world.module.url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_withdrawn_participant_loses_access_at_once(world):
    client = world.client_for("participant")
    assert client.get(world.module.url).status_code == 200
    enrolment = Enrolment.objects.get(user=world.users["participant"])
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save()
    assert client.get(world.module.url).status_code == 404


def test_progress_from_elsewhere_shows_on_the_page(world):
    from lms.models import ModuleProgress

    client = world.client_for("participant")
    assert "Not started" in client.get(world.module.url).content.decode()
    ModuleProgress.objects.create(
        user=world.users["participant"], module=world.module, status="completed"
    )
    page = client.get(world.module.url).content.decode()
    assert "Reopen this module" in page
