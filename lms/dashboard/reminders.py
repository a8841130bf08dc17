"""Inactivity reminders: an email to every participant of a running cohort inactive for
``INACTIVE_DAYS`` days, at most once per ISO week, through the outbox."""

from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..links import absolute_url
from ..models import Cohort, Enrolment, ModulePage, ModuleProgress
from ..outbox import enqueue_email
from ..people import last_activity_of
from .selectors import inactive_since

# --- Inactivity reminders ---------------------------------------------------------------------


def reminder_key(user_id: int, now: datetime) -> str:
    year, week, _weekday = timezone.localtime(now).isocalendar()
    return f"inactivity-reminder:{user_id}:{year}-W{week:02d}"


def inactive_enrolments_to_remind(*, now: datetime) -> QuerySet[Enrolment]:
    """Active participants of running cohorts with no activity for ``INACTIVE_DAYS`` days."""
    cutoff = inactive_since(now)
    return (
        Enrolment.objects.filter(
            role=Enrolment.Role.PARTICIPANT,
            status=Enrolment.Status.ACTIVE,
            cohort__status=Cohort.Status.RUNNING,
            user__is_active=True,
        )
        .filter(
            Q(user__launch_profile__last_activity_at__lt=cutoff)
            | Q(user__launch_profile__last_activity_at__isnull=True, created_at__lt=cutoff)
        )
        .select_related("user__launch_profile", "coach", "cohort", "cohort__programme")
        .order_by("pk")
    )


def _reminder_text(enrolment: Enrolment, next_module: ModulePage | None, days: int) -> str:
    user, coach = enrolment.user, enrolment.coach
    lines = [
        _("Hello %(name)s,") % {"name": user.first_name or user.email},
        "",
        _("We have not seen you in %(cohort)s for %(days)d days.")
        % {"cohort": enrolment.cohort.name, "days": days},
    ]
    if next_module is not None:
        lines.append(_("Your next module: %(title)s") % {"title": next_module.title})
    else:
        lines.append(_("You have completed every module: well done."))
    if coach is not None:
        lines.append(
            _("Your coach, %(coach)s (%(email)s), is glad to help.")
            % {"coach": coach.get_full_name() or coach.email, "email": coach.email}
        )
    lines += [
        "",
        _("Pick up where you left off: %(url)s") % {"url": absolute_url("lms:dashboard")},
        "",
        _("The LAUNCH! team"),
    ]
    return "\n".join(lines)


def send_inactivity_reminders(*, now: datetime | None = None) -> int:
    """Email every active participant of a running cohort who has been inactive for
    ``INACTIVE_DAYS`` days, at most once per ISO week (the outbox's unique key enforces it
    even when this runs twice). Returns how many reminders were recorded this run (repeats
    of the week's key included: the outbox ignores them)."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        enrolments = list(inactive_enrolments_to_remind(now=now))
        if not enrolments:
            return 0
        programmes = {e.cohort.programme_id: e.cohort.programme for e in enrolments}
        modules_by_programme = {
            pk: list(
                ModulePage.objects.live()
                .child_of(programme)
                .order_by("path")
                .only("pk", "title", "path", "depth")
            )
            for pk, programme in programmes.items()
        }
        done: dict[int, set[int]] = {}
        for user_id, module_id in ModuleProgress.objects.filter(
            user_id__in=[e.user_id for e in enrolments], status=ModuleProgress.Status.COMPLETED
        ).values_list("user_id", "module_id"):
            done.setdefault(user_id, set()).add(module_id)
        for enrolment in enrolments:
            user = enrolment.user
            completed = done.get(user.pk, set())
            next_module = next(
                (
                    m
                    for m in modules_by_programme[enrolment.cohort.programme_id]
                    if m.pk not in completed
                ),
                None,
            )
            since = last_activity_of(user) or enrolment.created_at
            enqueue_email(
                key=reminder_key(user.pk, now),
                to=[user.email],
                subject=_("LAUNCH!: your next step in %(cohort)s")
                % {"cohort": enrolment.cohort.name},
                text=_reminder_text(enrolment, next_module, (now - since).days),
            )
            sent += 1
    return sent
