"""What coaching holds about a person, for export and erasure (see lms.privacy)."""

from lms.privacy import Declared, register

from .models import (
    CoachQueue,
    FeedbackMessage,
    FeedbackThread,
    HelpRequest,
    PendingNotification,
    ReadMarker,
)

register(
    # A participant's own feedback threads go with them (messages included).
    Declared(FeedbackThread, ("participant",), "delete", owner_field="participant"),
    # What they wrote in other people's threads (a coach's messages) stays, unattributed.
    Declared(FeedbackMessage, ("author",), "anonymise"),
    Declared(HelpRequest, ("answered_by",), "anonymise"),
    Declared(ReadMarker, ("user",), "delete", owner_field="user"),
    Declared(CoachQueue, ("coach",), "delete", owner_field="coach"),
    Declared(PendingNotification, ("recipient",), "delete", owner_field="recipient"),
)
