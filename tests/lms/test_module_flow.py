"""The participant's path through a module: read, reflect, complete, see it on the dashboard."""

from django.test import Client

from lms.models import ModuleProgress, Reflection


def test_participant_reflects_and_completes_without_javascript(world):
    client = world.client_for("participant")
    module = world.module
    page = client.get(module.url)
    assert page.status_code == 200
    assert b"Mark this module complete" in page.content

    response = client.post(
        f"/learn/modules/{module.pk}/reflection/", {"text": "We will run a fishbone with the PLC."}
    )
    assert response.status_code == 302 and response["Location"].startswith(module.url)
    reflection = Reflection.objects.get(user=world.users["participant"], module=module)
    assert reflection.text == "We will run a fishbone with the PLC."
    assert ModuleProgress.objects.get(user=world.users["participant"]).status == "in_progress"

    page = client.get(module.url)
    assert b"We will run a fishbone with the PLC." in page.content
    assert b"Your reflection is saved." in page.content

    client.post(f"/learn/modules/{module.pk}/progress/", {"status": "completed"})
    progress = ModuleProgress.objects.get(user=world.users["participant"], module=module)
    assert progress.status == "completed" and progress.completed_at is not None

    dashboard = client.get("/learn/dashboard/").content.decode()
    assert "1 of 2 required modules complete" in dashboard
    assert "Root-cause analysis" in dashboard


def test_htmx_posts_return_the_named_partial(world):
    client = world.client_for("participant")
    module = world.module
    response = client.post(
        f"/learn/modules/{module.pk}/reflection/", {"text": "Plan"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="reflection">')
    assert "Saved." in body and "<html" not in body

    response = client.post(
        f"/learn/modules/{module.pk}/progress/",
        {"status": "completed"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="module-status"')
    assert "Completed" in body and "Reopen this module" in body


def test_reflection_is_escaped_and_validated(world):
    client = world.client_for("participant")
    module = world.module
    client.post(f"/learn/modules/{module.pk}/reflection/", {"text": "<script>alert(1)</script>"})
    page = client.get(module.url).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page

    response = client.post(
        f"/learn/modules/{module.pk}/reflection/",
        {"text": "x" * 20_001},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert Reflection.objects.get().text == "<script>alert(1)</script>"
    assert "at most 20000" in response.content.decode().replace(",", "")


def test_extra_fields_are_ignored(world):
    client = world.client_for("participant")
    module = world.module
    other = world.users["other_participant"]
    client.post(
        f"/learn/modules/{module.pk}/reflection/",
        {"text": "mine", "user": other.pk, "user_id": other.pk, "module": 1},
    )
    assert Reflection.objects.get().user == world.users["participant"]
    client.post(
        f"/learn/modules/{module.pk}/progress/",
        {"status": "completed", "user": other.pk, "completed_at": "2001-01-01"},
    )
    assert not ModuleProgress.objects.filter(user=other).exists()


def test_unknown_status_changes_nothing(world):
    client = world.client_for("participant")
    client.post(f"/learn/modules/{world.module.pk}/progress/", {"status": "exemplary"})
    assert not ModuleProgress.objects.exists()


def test_completing_twice_sends_one_signal(world, django_capture_on_commit_callbacks):
    from lms.signals import module_completed

    received = []

    def listener(sender, user, module, **kwargs):
        received.append((user.pk, module.pk))

    module_completed.connect(listener)
    try:
        client = world.client_for("participant")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/learn/modules/{world.module.pk}/progress/", {"status": "completed"})
            client.post(f"/learn/modules/{world.module.pk}/progress/", {"status": "completed"})
    finally:
        module_completed.disconnect(listener)
    assert received == [(world.users["participant"].pk, world.module.pk)]


def test_programme_page_shows_modules_and_the_ten_standards(world):
    page = Client().get("/").content.decode()
    assert "Root-cause analysis" in page
    for name in ("Analyze and Apply Critical Judgement", "Implement for Sustainability"):
        assert name in page
    assert page.count('id="standard-') == 10


def test_pages_carry_a_csp_without_unsafe_inline_scripts(world):
    response = world.client_for("participant").get(world.module.url)
    csp = response["Content-Security-Policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "nonce-" in script_src
