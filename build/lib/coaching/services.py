"""Writes of coaching. Each takes the acting user, checks permission through the selectors,
runs in ``transaction.atomic`` and pushes (``lms.live``) or emails (``lms.outbox``) only
after commit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evidence import selectors as evidence_selectors
from lms.exceptions import AccessDenied
from lms.links import absolute_url
from lms.live import allocate_seq
from lms.people import User

from . import selectors
from .conf import conf
from .live import push_message, push_queue, push_request_state
from .models import (
    Anchor,
    CoachQueue,
    FeedbackMessage,
    FeedbackThread,
    HelpRequest,
    PendingNotification,
    ReadMarker,
)
from .rendering import plain_excerpt, render_markdown


def notify_window_seconds() -> int:
    """How long new messages wait to be batched into one email."""
    return int(conf.LAUNCH_COACHING_NOTIFY_WINDOW_SECONDS)


def _clean_anchor(anchor: str) -> str:
    if anchor not in Anchor.values:
        raise ValidationError(_("Choose a part of the work from the list."))
    return anchor


def open_submission_thread(*, actor: User, submission_id: int) -> FeedbackThread:
    """The thread on a submission, made on first use (by its participant or their coach)."""
    access = evidence_selectors.access_submission(user=actor, pk=submission_id)
    if access.role not in (evidence_selectors.OWNER, evidence_selectors.COACH):
        raise AccessDenied("submission", submission_id)
    submission = access.submission
    existing = FeedbackThread.objects.filter(submission=submission).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = FeedbackThread.objects.create(
                    participant_id=submission.participant_id,
                    cohort_id=submission.cohort_id,
                    submission=submission,
                )
        except IntegrityError:  # made at the same time by the other person
            existing = FeedbackThread.objects.get(submission=submission)
    return selectors.access_thread(user=actor, pk=existing.pk).thread


def open_reflection_thread(*, actor: User, reflection_id: int) -> FeedbackThread:
    """The thread on a module reflection, made on first use (its author or their coach)."""
    reflection, cohort_id = selectors.access_reflection_for_thread(user=actor, pk=reflection_id)
    existing = FeedbackThread.objects.filter(reflection=reflection).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = FeedbackThread.objects.create(
                    participant_id=reflection.user_id, cohort_id=cohort_id, reflection=reflection
                )
        except IntegrityError:
            existing = FeedbackThread.objects.get(reflection=reflection)
    return selectors.access_thread(user=actor, pk=existing.pk).thread


def _bump_queue(coach_id: int | None) -> None:
    """Advance the coach's queue stream and push it after commit."""
    if coach_id is None:
        return
    queue, _created = CoachQueue.objects.get_or_create(coach_id=coach_id)
    seq = allocate_seq(CoachQueue, queue.pk)
    push_queue(coach_id, seq)


def post_message(*, actor: User, thread_id: int, body: str, anchor: str = "") -> FeedbackMessage:
    """Store a message with the next ``seq`` of its thread, then push it after commit.

    A message by someone other than the participant answers the open help request. The other
    writers get a pending notification (batched into one email per window).
    """
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write a message first."))
    if len(body) > FeedbackMessage.BODY_MAX:
        raise ValidationError(
            _("Keep messages under %(n)s characters.") % {"n": FeedbackMessage.BODY_MAX}
        )
    anchor = _clean_anchor(anchor)
    with transaction.atomic():
        access = selectors.access_thread_for_writing(user=actor, pk=thread_id)
        thread = access.thread
        seq = allocate_seq(FeedbackThread, thread.pk)
        message = FeedbackMessage.objects.create(
            thread=thread,
            seq=seq,
            author=actor,
            body=body,
            html=render_markdown(body),
            anchor=anchor,
        )
        FeedbackThread.objects.filter(pk=thread.pk).update(updated_at=timezone.now())
        _mark_read(actor.pk, thread.pk, seq)
        coach_id = selectors.coach_id_for(thread)
        if actor.pk != thread.participant_id:
            answered = HelpRequest.objects.filter(thread=thread, answered_at__isnull=True).update(
                answered_at=timezone.now(), answered_by=actor
            )
            if answered:
                _bump_queue(coach_id)
        recipients = {thread.participant_id, coach_id} - {actor.pk, None}
        for recipient_id in recipients:
            PendingNotification.objects.get_or_create(
                recipient_id=recipient_id, thread=thread, defaults={"first_seq": seq}
            )
        push_message(message)
        if actor.pk != thread.participant_id:  # feedback for the participant: their bell
            from lms.notifications.services import notify

            notify(
                actor=actor,
                recipient_id=thread.participant_id,
                kind="feedback",
                key=f"coaching.message:{message.pk}",
                title=_("New feedback from your coach"),
                url=reverse("coaching:thread", args=[thread.pk]),
            )
    return message


def request_feedback(
    *, actor: User, thread_id: int, topic: str = "", anchor: str = ""
) -> HelpRequest:
    """The participant asks their coach for feedback in the thread.

    One open request per thread: asking again while one is open changes nothing (unless a
    new ``topic`` is given, which replaces the old one). A new request puts the participant
    in their coach's queue (pushed live to the queue page), shows on the thread's open pages,
    and emails the coach once (through the outbox).
    """
    topic = " ".join((topic or "").split())
    if len(topic) > HelpRequest.TOPIC_MAX:
        raise ValidationError(_("Keep it under %(n)s characters.") % {"n": HelpRequest.TOPIC_MAX})
    anchor = _clean_anchor(anchor)
    with transaction.atomic():
        access = selectors.access_thread_for_writing(user=actor, pk=thread_id)
        if access.role != selectors.OWNER:
            raise AccessDenied("thread", thread_id)
        thread = access.thread
        request = (
            HelpRequest.objects.select_for_update()
            .filter(thread=thread, answered_at__isnull=True)
            .first()
        )
        coach_id = selectors.coach_id_for(thread)
        if request is None:
            try:
                with transaction.atomic():
                    request = HelpRequest.objects.create(thread=thread, topic=topic, anchor=anchor)
            except IntegrityError:  # pressed twice at once: the other press made it
                return HelpRequest.objects.get(thread=thread, answered_at__isnull=True)
            _notify_coach_of_request(request, coach_id)
        elif topic and (request.topic, request.anchor) != (topic, anchor):
            request.topic, request.anchor = topic, anchor
            request.save(update_fields=["topic", "anchor"])
        else:
            return request  # pressed twice: already waiting, nothing changes
        _bump_queue(coach_id)
        push_request_state(thread.pk)
    return request


def _notify_coach_of_request(request: HelpRequest, coach_id: int | None) -> None:
    """Email the coach about a new request (once per request: the outbox key)."""
    from lms.outbox import enqueue_email

    coach = User.objects.filter(pk=coach_id, is_active=True).first() if coach_id else None
    if coach is None or not coach.email:
        return
    thread = request.thread
    context = {
        "coach": coach,
        "participant": thread.participant,
        "thread": thread,
        "request": request,
        "url": absolute_url("coaching:thread", thread.pk),
    }
    enqueue_email(
        key=f"coaching.help:{request.pk}",
        to=[coach.email],
        subject=_("%(name)s is waiting for your feedback on LAUNCH!")
        % {"name": thread.participant.get_full_name() or thread.participant.email},
        text=render_to_string("coaching/email/help_requested.txt", context),
    )


def ask_for_feedback(
    *, actor: User, submission_id: int | None = None, reflection_id: int | None = None
) -> FeedbackThread:
    """Open (or reuse) the thread on a submission or a reflection; when ``actor`` is its
    participant, also ask their coach for feedback (:func:`request_feedback`: idempotent).
    The coach opening it ("Give feedback on this draft") only opens it."""
    with transaction.atomic():
        if submission_id is not None:
            thread = open_submission_thread(actor=actor, submission_id=submission_id)
        elif reflection_id is not None:
            thread = open_reflection_thread(actor=actor, reflection_id=reflection_id)
        else:
            raise ValueError("a submission or a reflection")
        if actor.pk == thread.participant_id:
            request_feedback(actor=actor, thread_id=thread.pk)
    return thread


def _mark_read(user_id: int, thread_id: int, seq: int) -> None:
    marker, created = ReadMarker.objects.get_or_create(
        thread_id=thread_id, user_id=user_id, defaults={"last_read_seq": seq}
    )
    if not created and marker.last_read_seq < seq:
        ReadMarker.objects.filter(pk=marker.pk, last_read_seq__lt=seq).update(last_read_seq=seq)


def mark_read(*, user: User, thread_id: int, seq: int | None = None) -> None:
    """Record that ``user`` has seen the thread up to ``seq`` (default: its latest message)."""
    access = selectors.access_thread(user=user, pk=thread_id)
    with transaction.atomic():
        last = access.thread.last_seq if seq is None else min(seq, access.thread.last_seq)
        _mark_read(user.pk, thread_id, last)


def send_due_notifications(*, now: Any = None) -> int:
    """Email each recipient once about their unread messages whose first pending one is older
    than the window; pending rows already read are dropped. Returns the emails enqueued."""
    from lms.outbox import enqueue_email

    now = now or timezone.now()
    cutoff = now - timedelta(seconds=notify_window_seconds())
    due_recipients = set(
        PendingNotification.objects.filter(since__lte=cutoff).values_list("recipient_id", flat=True)
    )
    sent = 0
    for recipient_id in sorted(due_recipients):
        with transaction.atomic():
            pending = list(
                PendingNotification.objects.select_for_update()
                .filter(recipient_id=recipient_id)
                .select_related("thread", "recipient")
            )
            if not pending:
                continue
            recipient = pending[0].recipient
            read = dict(
                ReadMarker.objects.filter(
                    user_id=recipient_id, thread_id__in=[p.thread_id for p in pending]
                ).values_list("thread_id", "last_read_seq")
            )
            items = []
            for p in pending:
                if selectors.thread_role(recipient, p.thread) is None:
                    continue
                unread = list(
                    FeedbackMessage.objects.filter(
                        thread_id=p.thread_id, seq__gt=max(read.get(p.thread_id, 0), 0)
                    )
                    .exclude(author_id=recipient_id)
                    .select_related("author")
                    .order_by("seq")
                )
                if unread:
                    items.append((p.thread, unread))
            first_id = min(p.pk for p in pending)
            PendingNotification.objects.filter(pk__in=[p.pk for p in pending]).delete()
            if not items or not recipient.is_active or not recipient.email:
                continue
            context = {
                "recipient": recipient,
                "items": [
                    {
                        "thread": thread,
                        "url": absolute_url("coaching:thread", thread.pk),
                        "messages": messages,
                        "excerpts": [plain_excerpt(m.body) for m in messages],
                    }
                    for thread, messages in items
                ],
                "count": sum(len(m) for _t, m in items),
            }
            enqueue_email(
                key=f"coaching.notify:{recipient_id}:{first_id}",
                to=[recipient.email],
                subject=_("New feedback messages on LAUNCH!"),
                text=render_to_string("coaching/email/notify.txt", context),
                html=render_to_string("coaching/email/notify.html", context),
            )
            sent += 1
    return sent


def touch_read_from_socket(*, user_id: int, thread_id: int, seq: int) -> None:
    """A socket delivered messages up to ``seq`` to ``user_id`` (access already checked)."""
    with transaction.atomic():
        _mark_read(user_id, thread_id, seq)
    PendingNotification.objects.filter(
        recipient_id=user_id, thread_id=thread_id, first_seq__lte=seq
    ).filter(thread__last_seq__lte=seq).delete()
