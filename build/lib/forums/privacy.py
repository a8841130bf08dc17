"""What forums hold about a person, for export and erasure (see lms.privacy).

Threads are shared records: on erasure the person's topics and posts stay in place for the
others' replies, but their posts' text is removed (shown as deleted) and the author is
cleared (shown as a former member). Their marks, mentions, read markers, subscriptions,
digest setting and reports are deleted.
"""

from lms.people import User
from lms.privacy import Declared, register

from .models import (
    DigestPreference,
    HelpfulMark,
    Mention,
    Post,
    ReadMarker,
    Report,
    Subscription,
    Topic,
)


def _blank_posts(user: User) -> None:
    Post.objects.filter(author=user).update(body_markdown="", body_html="", deleted=True)


register(
    Declared(Topic, ("author",), "anonymise"),
    Declared(Post, ("author",), "anonymise", erase_hook=_blank_posts),
    Declared(HelpfulMark, ("user",), "delete", owner_field="user"),
    Declared(Mention, ("user",), "delete", owner_field="user"),
    Declared(ReadMarker, ("user",), "delete", owner_field="user"),
    Declared(Subscription, ("user",), "delete", owner_field="user"),
    Declared(DigestPreference, ("user",), "delete", owner_field="user"),
    Declared(Report, ("reporter", "resolved_by"), "delete", owner_field="reporter"),
)
