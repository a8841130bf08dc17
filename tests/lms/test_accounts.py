"""Email accounts: login, throttling, audit, password reset, profile."""

import re

from django.core import mail
from django.test import Client

from lms.models import AuditEvent, OutboxItem
from lms.people import school_of

from ..factories import PASSWORD, UserFactory


def test_login_by_email_is_case_insensitive_and_audited(db):
    user = UserFactory(email="jordan@school.example")
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "  Jordan@School.EXAMPLE ", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/learn/dashboard/"
    event = AuditEvent.objects.get(action="login.succeeded")
    assert event.actor == user and event.ip_address == "127.0.0.1"


def test_failed_logins_are_audited_and_throttled(db):
    UserFactory(email="sam@school.example")
    client = Client()
    for _ in range(5):
        response = client.post(
            "/accounts/login/", {"username": "sam@school.example", "password": "wrong"}
        )
        assert response.status_code == 200
        assert "Please enter a correct" in response.content.decode()
    assert AuditEvent.objects.filter(action="login.failed").count() == 5
    # Now even the right password is refused until the window passes.
    response = client.post(
        "/accounts/login/", {"username": "sam@school.example", "password": PASSWORD}
    )
    assert "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.throttled").count() == 1


def test_password_reset_by_email(db, eager_celery, django_capture_on_commit_callbacks):
    user = UserFactory(email="maria@school.example")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "maria@school.example"})
    assert response.status_code == 302
    # Sent through the outbox, after the request's transaction.
    assert OutboxItem.objects.get().kind == "lms.password_reset"
    assert len(mail.outbox) == 1
    link = re.search(r"http://127.0.0.1:8000(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    assert b"Choose a new password" in response.content
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "new_password1": "a much better passphrase 42",
            "new_password2": "a much better passphrase 42",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a much better passphrase 42")


def test_unknown_email_gets_the_same_answer_and_no_mail(db):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@x.example"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_profile_edits_only_allowed_fields(db):
    user = UserFactory(email="aisha@school.example")
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/profile/",
        {
            "first_name": "Aisha",
            "last_name": "Khan",
            "school": "Pinecrest K-8",
            "email": "evil@x.example",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, school_of(user)) == ("Aisha", "Pinecrest K-8")
    assert user.email == "aisha@school.example" and not user.is_superuser and not user.is_staff


def test_logout_is_post_only_and_audited(db):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert AuditEvent.objects.filter(action="logout", actor=user).exists()
