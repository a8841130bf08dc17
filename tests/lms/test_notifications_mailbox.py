"""The development mailbox: sent emails kept as files, read decoded by staff under DEBUG."""

import re

import pytest
from django.core.mail import EmailMultiAlternatives, send_mail

from lms.notifications import mailbox

LONG_LINK = "http://127.0.0.1:8000/learn/invitations/" + "Zx9-" * 30 + "/"


@pytest.fixture
def dev_mail(settings, tmp_path):
    """The dev settings' backend, writing into a temporary folder, with DEBUG on."""
    settings.EMAIL_BACKEND = "lms.notifications.mailbox.DevMailboxBackend"
    settings.LAUNCH_DEV_MAILBOX_DIR = str(tmp_path / "sent-mail")
    settings.DEBUG = True
    return tmp_path / "sent-mail"


def test_the_dev_settings_send_email_to_the_mailbox(monkeypatch):
    import importlib

    from config.settings import dev

    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    assert importlib.reload(dev).EMAIL_BACKEND == "lms.notifications.mailbox.DevMailboxBackend"


def test_staff_read_sent_emails_decoded_newest_first_with_clickable_links(world, dev_mail):
    text = f"Hello Zoë,\n\nAccept your invitation: {LONG_LINK}\n\n— LAUNCH!"
    send_mail("First: invitation", text, "launch@localhost", ["new@x.example"])
    message = EmailMultiAlternatives("Second: “quoted”", "Plain part.", to=["b@x.example"])
    message.attach_alternative("<p>Rich <b>part</b></p>", "text/html")
    message.send()
    stored = list(dev_mail.glob("*.eml"))
    assert len(stored) == 2
    raw = max(stored).read_bytes() + min(stored).read_bytes()
    assert LONG_LINK.encode() not in raw  # quoted-printable split it in the file

    client = world.client_for("superuser")
    listing = client.get("/learn/dev/emails/").content.decode()
    assert listing.index("Second: “quoted”") < listing.index("First: invitation")
    (name,) = re.findall(r'href="/learn/dev/emails/([^/"]+)/">First: invitation', listing)
    page = client.get(f"/learn/dev/emails/{name}/").content.decode()
    assert f'<a href="{LONG_LINK}"' in page  # whole again, and a link
    assert "Hello Zoë," in page and "new@x.example" in page
    (second,) = re.findall(r'href="/learn/dev/emails/([^/"]+)/">Second', listing)
    page = client.get(f"/learn/dev/emails/{second}/").content.decode()
    assert "Plain part." in page and "&lt;p&gt;Rich &lt;b&gt;part&lt;/b&gt;&lt;/p&gt;" in page


def test_only_programme_staff_and_only_under_debug(world, dev_mail, settings):
    send_mail("Hi", "Body", "launch@localhost", ["a@x.example"])
    (name,) = [p.stem for p in dev_mail.glob("*.eml")]
    for role in ("editor", "superuser"):
        client = world.client_for(role)
        assert client.get("/learn/dev/emails/").status_code == 200, role
        assert client.get(f"/learn/dev/emails/{name}/").status_code == 200, role
    for role in ("participant", "coach", "coordinator", "reviewer", "unenrolled"):
        client = world.client_for(role)
        assert client.get("/learn/dev/emails/").status_code == 404, role
        assert client.get(f"/learn/dev/emails/{name}/").status_code == 404, role
    staff = world.client_for("superuser")
    for forged in ("..%2F..%2Fsettings", "x" * 20, name + "x"):
        assert staff.get(f"/learn/dev/emails/{forged}/").status_code == 404
    settings.DEBUG = False
    assert staff.get("/learn/dev/emails/").status_code == 404
    assert staff.get(f"/learn/dev/emails/{name}/").status_code == 404


def test_an_email_with_a_name_in_it_is_escaped(world, dev_mail):
    send_mail("<script>x</script>", "<img src=x onerror=alert(1)>", "l@localhost", ["a@x.example"])
    client = world.client_for("superuser")
    listing = client.get("/learn/dev/emails/").content.decode()
    assert "<script>x</script>" not in listing
    (name,) = [p.stem for p in dev_mail.glob("*.eml")]
    page = client.get(f"/learn/dev/emails/{name}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert mailbox.stored_email("../../etc/passwd") is None
