"""What the forums hold about a person, for export and erasure (see lms.privacy)."""

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

register(
    # Threads others replied to stay readable; the author becomes "a former member".
    Declared(Topic, ("author",), "anonymise"),
    Declared(Post, ("author",), "anonymise"),
    Declared(HelpfulMark, ("user",), "delete", owner_field="user"),
    Declared(Mention, ("user",), "delete", owner_field="user"),
    Declared(ReadMarker, ("user",), "delete", owner_field="user"),
    Declared(Subscription, ("user",), "delete", owner_field="user"),
    Declared(DigestPreference, ("user",), "delete", owner_field="user"),
    Declared(
        Report,
        ("reporter", "resolved_by"),
        "delete",
        owner_field="reporter",
        erase_hook=lambda user: Report.objects.filter(resolved_by=user).update(resolved_by=None),
    ),
)
