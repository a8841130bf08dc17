"""Permission-aware reads of coaching. ``access_thread`` returns the thread with the viewer's
role or raises :class:`lms.exceptions.AccessDenied` (a 404).

Who may do what in a thread:

* the participant (while their enrolment in the thread's cohort is current): read and write;
* their assigned coach in that cohort (``Enrolment.coach``), while the coach's own coach
  enrolment in that cohort is current: read and write;
* programme staff: read only;
* everyone else (other participants and coaches, coordinators, reviewers): nothing.

A thread on a submission also needs the evidence selectors' consent
(:func:`evidence.selectors.access_submission`: owner, coach or staff).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q

from evidence import selectors as evidence_selectors
from lms import selectors as lms_selectors
from lms.exceptions import AccessDenied
from lms.models import Enrolment, Reflection
from lms.people import User

from .models import FeedbackMessage, FeedbackThread, HelpRequest, ReadMarker

OWNER, COACH, STAFF = "owner", "coach", "staff"
ROLES = (OWNER, COACH, STAFF)
WRITERS = (OWNER, COACH)
PAGE_SIZE = 200


@dataclass
class ThreadAccess:
    thread: FeedbackThread
    role: str

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS


def participant_enrolment(participant_id: int, cohort_id: int) -> Enrolment | None:
    """The participant's current enrolment in the cohort (None when withdrawn or invited),
    annotated with ``coach_is_current``: whether the assigned coach's own coach enrolment in
    the cohort is current (one query)."""
    coach_enrolment = Enrolment.objects.filter(
        cohort_id=OuterRef("cohort_id"),
        user_id=OuterRef("coach_id"),
        role=Enrolment.Role.COACH,
        status__in=lms_selectors.CURRENT,
    )
    return (
        Enrolment.objects.filter(
            user_id=participant_id,
            cohort_id=cohort_id,
            role=Enrolment.Role.PARTICIPANT,
            status__in=lms_selectors.CURRENT,
        )
        .annotate(coach_is_current=Exists(coach_enrolment))
        .only("pk", "coach_id")
        .first()
    )


def coach_id_for(thread: FeedbackThread) -> int | None:
    """The participant's coach in the thread's cohort, if both enrolments there are current
    (a withdrawn coach is nobody's coach, whatever ``Enrolment.coach`` still says)."""
    enrolment = participant_enrolment(thread.participant_id, thread.cohort_id)
    if enrolment is None or not enrolment.coach_is_current:  # type: ignore[attr-defined]
        return None
    return enrolment.coach_id


def thread_role(user: Any, thread: FeedbackThread) -> str | None:
    """How ``user`` relates to ``thread`` (None: no access)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if thread.submission_id is not None:
        try:
            evidence_selectors.access_submission(user=user, pk=thread.submission_id)
        except AccessDenied:
            return None
    if user.pk == thread.participant_id:
        return OWNER if participant_enrolment(thread.participant_id, thread.cohort_id) else None
    if lms_selectors.is_programme_staff(user):
        return STAFF
    if user.pk == coach_id_for(thread):
        return COACH
    return None


def access_thread(*, user: Any, pk: int) -> ThreadAccess:
    """The thread and the viewer's role; 404 when the user may not see it."""
    thread = (
        FeedbackThread.objects.select_related(
            "participant", "cohort", "submission", "reflection", "reflection__module"
        )
        .filter(pk=pk)
        .first()
    )
    if thread is None:
        raise AccessDenied("thread", pk)
    role = thread_role(user, thread)
    if role is None:
        raise AccessDenied("thread", pk)
    return ThreadAccess(thread, role)


def access_thread_for_writing(*, user: Any, pk: int) -> ThreadAccess:
    """Like :func:`access_thread`, for the participant and their coach only."""
    access = access_thread(user=user, pk=pk)
    if not access.can_write:
        raise AccessDenied("thread", pk)
    return access


def access_reflection_for_thread(*, user: Any, pk: int) -> tuple[Reflection, int]:
    """A reflection the user may discuss and the cohort id of its thread: the cohort it was
    written in, for its author (while their enrolment there is current) or their coach there
    (while both enrolments are current). A reflection saved before reflections had a cohort
    belongs to its author's current cohort."""
    reflection = Reflection.objects.filter(pk=pk).first()
    if reflection is None or not user.is_authenticated or not user.is_active:
        raise AccessDenied("reflection", pk)
    cohort_id = reflection.cohort_id
    if user.pk == reflection.user_id:
        if cohort_id is None:
            enrolment = lms_selectors.participant_enrolment_for(user)
            cohort_id = enrolment.cohort_id if enrolment else None
        if cohort_id is not None and participant_enrolment(user.pk, cohort_id) is not None:
            return reflection, cohort_id
        raise AccessDenied("reflection", pk)
    if cohort_id is not None and lms_selectors.coaches_participant(
        user=user, participant_id=reflection.user_id, cohort_id=cohort_id
    ):
        return reflection, cohort_id
    raise AccessDenied("reflection", pk)


def messages_after(thread_id: int, after: int, limit: int = PAGE_SIZE) -> list[FeedbackMessage]:
    """Messages with ``seq > after``, oldest first."""
    return list(
        FeedbackMessage.objects.filter(thread_id=thread_id, seq__gt=after)
        .select_related("author")
        .order_by("seq")[:limit]
    )


def thread_page(*, access: ThreadAccess) -> dict[str, Any]:
    """What the thread page shows: the latest messages (oldest first) and the open request."""
    thread = access.thread
    latest = list(
        FeedbackMessage.objects.filter(thread=thread)
        .select_related("author")
        .order_by("-seq")[:PAGE_SIZE]
    )
    latest.reverse()
    open_request = HelpRequest.objects.filter(thread=thread, answered_at__isnull=True).first()
    return {
        "thread": thread,
        "role": access.role,
        "can_write": access.can_write,
        "feedback_messages": latest,  # not "messages": that is the flash messages
        "open_request": open_request,
        "last_seq": latest[-1].seq if latest else 0,
        "earlier": bool(latest) and latest[0].seq > 1,
        "parts": _parts(thread),
    }


def _parts(thread: FeedbackThread) -> list[dict[str, str]]:
    """The three kinds of data of a submission thread's draft (what anchors point at)."""
    if thread.submission is None:
        return []
    from evidence.models import EVIDENCE_KINDS, EvidenceKind

    labels = dict(EvidenceKind.choices)
    return [
        {"kind": k, "label": str(labels[k]), "narrative": thread.submission.narrative(k)}
        for k in EVIDENCE_KINDS
    ]


def threads_for_user(*, user: User) -> list[FeedbackThread]:
    """Threads the user takes part in: their own, and those of the participants they coach."""
    pairs = [(e.user_id, e.cohort_id) for e in lms_selectors.coached_participants(user=user)]
    condition = Q(participant=user)
    for participant_id, cohort_id in pairs:
        condition |= Q(participant_id=participant_id, cohort_id=cohort_id)
    threads: list[FeedbackThread] = list(
        FeedbackThread.objects.filter(condition)
        .select_related("participant", "submission", "reflection", "reflection__module")
        .prefetch_related(
            Prefetch(
                "help_requests",
                queryset=HelpRequest.objects.filter(answered_at__isnull=True),
                to_attr="open_requests",
            )
        )
    )
    read = dict(
        ReadMarker.objects.filter(user=user, thread__in=threads).values_list(
            "thread_id", "last_read_seq"
        )
    )
    for thread in threads:
        thread.unread = thread.last_seq - read.get(thread.pk, 0)  # type: ignore[attr-defined]
    return threads


def coach_queue(*, user: User) -> list[HelpRequest]:
    """Open help requests of the participants this user coaches, oldest first."""
    pairs = [(e.user_id, e.cohort_id) for e in lms_selectors.coached_participants(user=user)]
    if not pairs:
        return []
    condition = Q()
    for participant_id, cohort_id in pairs:
        condition |= Q(thread__participant_id=participant_id, thread__cohort_id=cohort_id)
    return list(
        HelpRequest.objects.filter(condition, answered_at__isnull=True)
        .select_related(
            "thread", "thread__participant", "thread__submission", "thread__reflection__module"
        )
        .order_by("created_at", "pk")
    )


def startable_subjects(*, user: User) -> dict[str, Any]:
    """For a participant: their submissions and reflections that have no thread yet."""
    from evidence.models import Submission

    submissions = list(
        Submission.objects.filter(participant=user, feedback_thread__isnull=True).order_by("-pk")
    )
    reflections = list(
        Reflection.objects.filter(user=user, feedback_thread__isnull=True)
        .select_related("module")
        .order_by("-pk")
    )
    return {"submissions": submissions, "reflections": reflections}


def is_coach(user: Any) -> bool:
    """Whether the user holds a current coach enrolment (assignments alone count for nothing:
    a withdrawn coach's stale ``Enrolment.coach`` rows make nobody a coach)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Enrolment.objects.filter(
        user=user, role=Enrolment.Role.COACH, status__in=lms_selectors.CURRENT
    ).exists()


def queue_seq(*, user: User) -> int:
    """The coach's queue stream position (rendered into the queue page)."""
    from .models import CoachQueue

    found = CoachQueue.objects.filter(coach=user).values_list("last_seq", flat=True).first()
    return int(found or 0)
