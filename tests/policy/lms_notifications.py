"""Policy entries for notifications and the development mailbox.

* ``/learn/notifications/`` and "mark all as read": anyone signed in (each their own).
* marking one read: only its recipient; anyone else (forged id) 404, nothing changes.
* the sent-emails pages exist only with ``DEBUG`` on (the tests run with it off): 404 for
  everyone signed in. With ``DEBUG`` on, programme staff only
  (tests/lms/test_notifications_mailbox.py).
"""

from lms.models import Notification, NotificationInbox

from .base import Check

WATCHED = [Notification, NotificationInbox]


def _notification(w) -> Notification:
    from lms.notifications.services import notify

    def make(w) -> Notification:
        notify(
            actor=None,
            recipient_id=w.users["participant"].pk,
            kind="session",
            key="policy:1",
            title="Session changed",
            url="/learn/sessions/",
        )
        return Notification.objects.get(key="policy:1")

    return w.once("notification", make)


POLICY: dict[str, list[Check]] = {
    "lms:notifications": [
        Check("GET", lambda w: "/learn/notifications/", "ok", {"anonymous": "login"}),
        Check("POST", lambda w: "/learn/notifications/", "405"),
    ],
    "lms:notifications_read_all": [
        Check(
            "POST", lambda w: "/learn/notifications/read-all/", "redirect", {"anonymous": "login"}
        ),
        Check("GET", lambda w: "/learn/notifications/read-all/", "405"),
    ],
    "lms:notification_read": [
        Check(
            "POST",
            lambda w: f"/learn/notifications/{_notification(w).pk}/read/",
            "404",
            {"anonymous": "login", "participant": "redirect"},
        ),
        Check("POST", lambda w: "/learn/notifications/999999/read/", "404", {"anonymous": "login"}),
        Check("GET", lambda w: f"/learn/notifications/{_notification(w).pk}/read/", "405"),
    ],
    "lms:sent_emails": [
        Check("GET", lambda w: "/learn/dev/emails/", "404", {"anonymous": "login"}),
    ],
    "lms:sent_email": [
        Check(
            "GET",
            lambda w: "/learn/dev/emails/20260101T000000000000-" + "0" * 32 + "/",
            "404",
            {"anonymous": "login"},
        ),
    ],
}
