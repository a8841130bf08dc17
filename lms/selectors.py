"""Permission-aware reads. Every read on behalf of a user goes through here.

``access_*`` returns the object or raises :class:`lms.exceptions.AccessDenied` (a 404).
Each function makes a fixed number of queries, whatever the amount of data.
"""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import AccessDenied
from .models import (
    Cohort,
    CohortSession,
    Enrolment,
    ModulePage,
    ModuleProgress,
    Organisation,
    ProgramPage,
    Reflection,
    Standard,
    StandardProgress,
)
from .people import User, current_cohort_id_of
from .sitecache import programme_nav, tree_version, user_version

CURRENT = (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED)
AnyUser = User | AnonymousUser


ACCESS_TTL_SECONDS = 300


@dataclass(frozen=True)
class AccessContext:
    """What a user may reach, computed once and cached (invalidated by lms.signals when an
    enrolment, coordinator membership, group or the user changes; expires after 5 minutes)."""

    is_staff: bool = False
    is_participant: bool = False
    is_coach: bool = False
    is_reviewer: bool = False
    programme_ids: frozenset[int] = frozenset()
    programme_paths: frozenset[str] = frozenset()
    #: Organisations whose cohorts this user coordinates.
    coordinated_org_ids: frozenset[int] = frozenset()


ANONYMOUS_ACCESS = AccessContext()


def access_cache_key(user_id: int) -> str:
    return f"lms:access:{user_id}"


def forget_access(user_ids: list[int]) -> None:
    """Drop cached access contexts (after writes that send no model signals, e.g. bulk)."""
    cache.delete_many([access_cache_key(pk) for pk in user_ids])


def access_context(user: AnyUser) -> AccessContext:
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS_ACCESS
    cached = getattr(user, "_launch_access", None)
    if cached is not None:
        return cached
    key = access_cache_key(user.pk)
    cached = cache.get(key)
    if cached is None:
        programmes = set(
            Cohort.objects.filter(
                Q(enrolments__user=user, enrolments__status__in=CURRENT)
                | Q(organisation__memberships__user=user)
            )
            .values_list("programme_id", "programme__path")
            .distinct()
        )
        roles = set(
            Enrolment.objects.filter(user=user, status__in=CURRENT)
            .values_list("role", flat=True)
            .distinct()
        )
        cached = AccessContext(
            is_staff=bool(user.is_superuser or user.has_perm("wagtailadmin.access_admin")),
            is_participant=Enrolment.Role.PARTICIPANT in roles,
            is_coach=Enrolment.Role.COACH in roles,
            is_reviewer=Enrolment.Role.REVIEWER in roles,
            programme_ids=frozenset(pk for pk, _ in programmes),
            programme_paths=frozenset(path for _, path in programmes),
            coordinated_org_ids=frozenset(
                user.memberships.values_list("organisation_id", flat=True)
            ),
        )
        cache.set(key, cached, ACCESS_TTL_SECONDS)
    setattr(user, "_launch_access", cached)  # noqa: B010 - remembered for this request
    return cached


def is_programme_staff(user: AnyUser) -> bool:
    """Superusers and Wagtail editors (anyone who may use the Wagtail admin)."""
    return access_context(user).is_staff


def can_view_programme(*, user: AnyUser, programme_id: int) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    context = access_context(user)
    return context.is_staff or programme_id in context.programme_ids


def check_module_access(*, user: AnyUser, module: ModulePage) -> ModulePage:
    """``module`` if the user is part of its programme (or staff); no query when cached."""
    context = access_context(user)
    if not module.live:
        raise AccessDenied("module", module.pk)
    if context.is_staff or module.path[: -ModulePage.steplen] in context.programme_paths:
        return module
    raise AccessDenied("module", module.pk)


def access_module(*, user: AnyUser, module_id: int) -> ModulePage:
    """The live module ``module_id`` if the user is part of its programme."""
    module = ModulePage.objects.live().filter(pk=module_id).first()
    if module is None:
        raise AccessDenied("module", module_id)
    return check_module_access(user=user, module=module)


def participant_enrolments(user: AnyUser) -> list[Enrolment]:
    """The participant's current enrolments (oldest first), with cohort and coach: one query."""
    if not user.is_authenticated:
        return []
    return list(
        Enrolment.objects.filter(user=user, role=Enrolment.Role.PARTICIPANT, status__in=CURRENT)
        .select_related("cohort", "coach", "cohort__organisation")
        .order_by("created_at", "pk")
    )


def chosen_enrolment(user: AnyUser, enrolments: list[Enrolment]) -> Enrolment | None:
    """Of these current enrolments, the one of the cohort the person chose
    (``Profile.current_cohort``); without a (still current) choice, the one they have had the
    longest. Never the newest: an enrolment someone else adds never becomes current by itself.
    """
    chosen_id = current_cohort_id_of(user) if getattr(user, "pk", None) else None
    for enrolment in enrolments:
        if enrolment.cohort_id == chosen_id:
            return enrolment
    return enrolments[0] if enrolments else None


def participant_enrolment_for(user: AnyUser) -> Enrolment | None:
    """The participant's current enrolment (in the cohort they chose), with cohort and coach."""
    return chosen_enrolment(user, participant_enrolments(user))


def programme_modules(programme_id: int) -> list[ModulePage]:
    """Live modules of a programme in their editorial order, standards prefetched."""
    programme = ProgramPage.objects.only("path", "depth").get(pk=programme_id)
    return list(
        ModulePage.objects.live().child_of(programme).order_by("path").prefetch_related("standards")
    )


def required_module_ids(programme_id: int) -> list[int]:
    """The live, required modules of a programme: the one rule for "every required module"
    (the cohort dashboard, its export and a person's row; the completion badge's criteria).
    Cached until the page tree changes."""
    key = f"lms:required-modules:{tree_version()}:{programme_id}"
    ids = cache.get(key)
    if ids is None:
        programme = ProgramPage.objects.only("path", "depth").get(pk=programme_id)
        ids = list(
            ModulePage.objects.live()
            .child_of(programme)
            .filter(required=True)
            .values_list("pk", flat=True)
        )
        cache.set(key, ids, 600)
    return ids


def _progress_map(user: AnyUser, module_ids: list[int]) -> dict[int, ModuleProgress]:
    if not user.is_authenticated:
        return {}
    rows = ModuleProgress.objects.filter(user=user, module_id__in=module_ids)
    return {row.module_id: row for row in rows}


@dataclass
class ModuleRow:
    module: ModulePage
    status: str
    status_label: str

    @property
    def completed(self) -> bool:
        return self.status == ModuleProgress.Status.COMPLETED


@dataclass
class StandardRow:
    standard: Standard
    modules_total: int = 0
    modules_completed: int = 0
    proficiency: StandardProgress | None = None

    @property
    def percent(self) -> int:
        if not self.modules_total:
            return 0
        return round(100 * self.modules_completed / self.modules_total)

    @property
    def proficient(self) -> bool:
        return self.proficiency is not None


def _module_rows(modules: list[ModulePage], progress: dict[int, ModuleProgress]) -> list[ModuleRow]:
    labels = dict(ModuleProgress.Status.choices)
    rows = []
    for module in modules:
        status = progress[module.pk].status if module.pk in progress else "not_started"
        rows.append(ModuleRow(module=module, status=status, status_label=str(labels[status])))
    return rows


def _standard_rows(
    standards: list[Standard],
    rows: list[ModuleRow],
    proficiency: dict[int, StandardProgress],
) -> list[StandardRow]:
    by_id = {s.pk: StandardRow(standard=s, proficiency=proficiency.get(s.pk)) for s in standards}
    for row in rows:
        for standard in row.module.standards.all():
            entry = by_id.get(standard.pk)
            if entry is None:
                continue
            entry.modules_total += 1
            entry.modules_completed += int(row.completed)
    return list(by_id.values())


def programme_overview(*, user: AnyUser, programme: ProgramPage) -> dict[str, Any]:
    """What the programme page shows: modules, the ten standards, the user's progress."""
    modules = programme_modules(programme.pk)
    progress = _progress_map(user, [m.pk for m in modules])
    rows = _module_rows(modules, progress)
    standards = list(Standard.objects.all())
    return {
        "module_rows": rows,
        "standards": standards,
        "standard_rows": _standard_rows(standards, rows, {}),
        "can_view_modules": can_view_programme(user=user, programme_id=programme.pk),
    }


def module_view_state(*, user: AnyUser, module: ModulePage) -> dict[str, Any]:
    """Where the user stands on a module, and the way through its programme.

    Cached per user and module under the page tree's version and the user's progress
    version (bumped by every save of their progress or reflections), so a warm page costs
    no query here; a cold one two (statuses in the programme, the reflection).
    """
    state_key = (
        f"lms:module-state:{tree_version()}:{module.pk}:"
        f"{user.pk if user.is_authenticated else 0}:"
        f"{user_version(user.pk) if user.is_authenticated else 0}"
    )
    state = cache.get(state_key)
    if state is None:
        state = _module_state(user, module)
        state["state_key"] = state_key
        cache.set(state_key, state, ACCESS_TTL_SECONDS)
    context = access_context(user)
    return {
        **state,
        "body": module.rendered_body(audience=module_audience(context)),
        "is_participant": context.is_participant,
        "role_actions": module_role_actions(user=user, module=module, context=context),
    }


def module_audience(context: AccessContext) -> frozenset[str]:
    """The roles a module's blocks show actions for (see the evidence prompt's template)."""
    roles = {
        "participant": context.is_participant,
        "coach": context.is_coach,
        "reviewer": context.is_reviewer or context.is_staff,
    }
    return frozenset(role for role, has in roles.items() if has)


@dataclass(frozen=True)
class RoleAction:
    """A link on the module page to something the viewer's role does about the module."""

    label: str
    url: str


#: At most this many cohort dashboards are linked one by one; more go through the list.
MODULE_DASHBOARD_LINKS = 5


def module_role_actions(
    *, user: AnyUser, module: ModulePage, context: AccessContext
) -> list[RoleAction]:
    """What the viewer's roles other than participant can do from this module: only links
    that role may open. No query for participants, coaches and reviewers; one for a
    coordinator (their cohorts of the programme), and one or two for staff (edit rights)."""
    actions: list[RoleAction] = []
    if context.is_coach:
        actions.append(
            RoleAction(_("Feedback your participants are waiting for"), reverse("coaching:queue"))
        )
        actions.append(RoleAction(_("Your participants' evidence"), reverse("evidence:list")))
    if context.is_reviewer:
        actions.append(
            RoleAction(_("Evidence waiting for your review"), reverse("evidence:review_queue"))
        )
    if context.coordinated_org_ids and not context.is_staff:
        cohorts = list(
            cohorts_for_coordinator(user=user)
            .filter(programme__path=module.path[: -ModulePage.steplen])
            .order_by("-starts_on", "pk")[: MODULE_DASHBOARD_LINKS + 1]
        )
        if 0 < len(cohorts) <= MODULE_DASHBOARD_LINKS:
            for cohort in cohorts:
                actions.append(
                    RoleAction(
                        _("Progress of %(cohort)s on its dashboard") % {"cohort": cohort.name},
                        reverse("lms:cohort_dashboard", args=[cohort.pk]),
                    )
                )
        else:
            actions.append(
                RoleAction(_("Your cohorts and their dashboards"), reverse("lms:cohorts"))
            )
    if context.is_staff and module.permissions_for_user(user).can_edit():
        edit_url = reverse("wagtailadmin_pages:edit", args=[module.pk])
        actions.append(RoleAction(_("Edit this module"), edit_url))
    return actions


def _module_state(user: AnyUser, module: ModulePage) -> dict[str, Any]:
    programme_path = module.path[: -ModulePage.steplen]
    nav = [dict(item) for item in programme_nav(programme_path)]
    statuses: dict[int, str] = {}
    reflection = None
    if user.is_authenticated:
        statuses = dict(
            ModuleProgress.objects.filter(
                user=user, module_id__in=[item["id"] for item in nav]
            ).values_list("module_id", "status")
        )
        reflection = Reflection.objects.filter(user=user, module=module).first()
    labels = dict(ModuleProgress.Status.choices)
    programme_url, programme_url_path = _programme_url(module)
    index = 0
    for i, item in enumerate(nav):
        item["status"] = statuses.get(item["id"], ModuleProgress.Status.NOT_STARTED)
        item["status_label"] = labels[item["status"]]
        item["current"] = item["id"] == module.pk
        item["url"] = programme_url + item["url_path"][len(programme_url_path) :]
        if item["current"]:
            index = i
    status = statuses.get(module.pk, ModuleProgress.Status.NOT_STARTED)
    return {
        "module_status": status,
        "module_status_label": labels[status],
        "module_completed": status == ModuleProgress.Status.COMPLETED,
        "reflection": reflection,
        "module_nav": nav,
        "previous_module": nav[index - 1] if index > 0 else None,
        "next_module": nav[index + 1] if index + 1 < len(nav) else None,
        "programme_url": _parent_url(module),
    }


def _programme_url(module: ModulePage) -> tuple[str, str]:
    """The programme's URL on this site (relative, under wherever the host mounts Wagtail's
    pages) and its url_path: a sibling's URL is the first plus the rest of its url_path."""
    url = module.get_url() or "/"
    if url.startswith("http"):
        url = "/" + url.split("/", 3)[-1]
    parent = url.rstrip("/").rsplit("/", 1)[0] + "/"
    return parent, module.url_path.rstrip("/").rsplit("/", 1)[0] + "/"


def _parent_url(module: ModulePage) -> str:
    """The programme's URL, derived from the module's own (a page's URL extends its parent's)."""
    url = module.get_url() or "/"
    return url.rstrip("/").rsplit("/", 1)[0] + "/"


@dataclass
class ParticipantDashboard:
    enrolment: Enrolment
    module_rows: list[ModuleRow]
    standard_rows: list[StandardRow]
    next_module: ModulePage | None
    upcoming_sessions: list[CohortSession]
    #: Every current participant enrolment (the dashboard offers a choice when there are two).
    choices: list[Enrolment] = field(default_factory=list)
    completed_count: int = 0
    required_total: int = 0
    required_completed: int = 0
    proficient_count: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def percent_complete(self) -> int:
        if not self.required_total:
            return 0
        return round(100 * self.required_completed / self.required_total)


def participant_dashboard(*, user: User) -> ParticipantDashboard | None:
    """Everything the participant's dashboard shows, in a fixed number of queries."""
    choices = participant_enrolments(user)
    enrolment = chosen_enrolment(user, choices)
    if enrolment is None:
        return None
    modules = programme_modules(enrolment.cohort.programme_id)
    progress = _progress_map(user, [m.pk for m in modules])
    rows = _module_rows(modules, progress)
    standards = list(Standard.objects.all())
    proficiency = {p.standard_id: p for p in StandardProgress.objects.filter(user=user)}
    standard_rows = _standard_rows(standards, rows, proficiency)
    next_row = next((r for r in rows if not r.completed), None)
    sessions = list(
        CohortSession.objects.filter(
            cohort_id=enrolment.cohort_id, ends_at__gte=timezone.now()
        ).order_by("starts_at")[:5]
    )
    required = [r for r in rows if r.module.required]
    return ParticipantDashboard(
        enrolment=enrolment,
        module_rows=rows,
        standard_rows=standard_rows,
        next_module=next_row.module if next_row else None,
        upcoming_sessions=sessions,
        choices=choices,
        completed_count=sum(r.completed for r in rows),
        required_total=len(required),
        required_completed=sum(r.completed for r in required),
        proficient_count=len(proficiency),
    )


def cohorts_for_user(*, user: User) -> list[dict[str, Any]]:
    """Cohorts where the user coaches, coordinates or reviews (for their home page)."""
    enrolments = (
        Enrolment.objects.filter(user=user, status__in=CURRENT)
        .exclude(role=Enrolment.Role.PARTICIPANT)
        .select_related("cohort", "cohort__organisation")
    )
    seen: dict[int, dict[str, Any]] = {}
    for enrolment in enrolments:
        entry = seen.setdefault(enrolment.cohort_id, {"cohort": enrolment.cohort, "roles": []})
        entry["roles"].append(enrolment.get_role_display())
    for cohort in Cohort.objects.filter(organisation__memberships__user=user).select_related(
        "organisation"
    ):
        entry = seen.setdefault(cohort.pk, {"cohort": cohort, "roles": []})
        entry["roles"].append(str(Enrolment.Role.COORDINATOR.label))
    for entry in seen.values():
        entry["roles"] = sorted(set(entry["roles"]))
    return sorted(seen.values(), key=lambda e: e["cohort"].starts_on, reverse=True)


def active_coach_q(user: AnyUser, cohort_ref: str = "cohort_id") -> Exists:
    """Whether ``user`` holds a current coach enrolment in the cohort ``cohort_ref`` names
    (an ``OuterRef`` condition for participant enrolments, threads or submissions)."""
    return Exists(
        Enrolment.objects.filter(
            cohort_id=OuterRef(cohort_ref),
            user_id=user.pk or 0,
            role=Enrolment.Role.COACH,
            status__in=CURRENT,
        )
    )


def coached_participants(*, user: AnyUser) -> list[Enrolment]:
    """Participants assigned to this coach in current cohorts where the coach's own coach
    enrolment is current too (a withdrawn coach coaches nobody, whatever ``Enrolment.coach``
    still says)."""
    if not user.is_authenticated:
        return []
    return list(
        Enrolment.objects.filter(
            active_coach_q(user),
            coach=user,
            role=Enrolment.Role.PARTICIPANT,
            status__in=CURRENT,
        ).select_related("user", "cohort")
    )


def coaches_participant(*, user: AnyUser, participant_id: int, cohort_id: int) -> bool:
    """Whether ``user`` is the current coach of the participant in that cohort (both
    enrolments current): one query."""
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        active_coach_q(user),
        user_id=participant_id,
        cohort_id=cohort_id,
        coach_id=user.pk,
        role=Enrolment.Role.PARTICIPANT,
        status__in=CURRENT,
    ).exists()


def reflections_for_coach(*, user: AnyUser) -> list[Reflection]:
    """Reflections written in a cohort by the participants this user coaches there (while
    both enrolments are current), newest first: one query, whatever their number."""
    if not user.is_authenticated:
        return []
    coached_there = Enrolment.objects.filter(
        user_id=OuterRef("user_id"),
        cohort_id=OuterRef("cohort_id"),
        coach_id=user.pk,
        role=Enrolment.Role.PARTICIPANT,
        status__in=CURRENT,
    )
    return list(
        Reflection.objects.filter(Exists(coached_there), active_coach_q(user))
        .select_related("user", "module", "cohort")
        .order_by("-updated_at", "-pk")
    )


# --- Coordination: cohorts, sessions, attendance --------------------------------------------


def cohorts_for_coordinator(*, user: AnyUser) -> QuerySet[Cohort]:
    """Cohorts this user runs: all of them for programme staff, else their organisations'."""
    context = access_context(user)
    cohorts = Cohort.objects.select_related("organisation", "programme")
    if context.is_staff:
        return cohorts.all()
    return cohorts.filter(organisation_id__in=context.coordinated_org_ids)


def is_coordinator(user: AnyUser) -> bool:
    context = access_context(user)
    return context.is_staff or bool(context.coordinated_org_ids)


def coordinated_organisations(*, user: AnyUser) -> QuerySet[Organisation]:
    """Organisations the user may create cohorts for (all of them for programme staff)."""
    context = access_context(user)
    if context.is_staff:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=context.coordinated_org_ids)


def access_cohort_for_coordinator(*, user: AnyUser, cohort_id: int) -> Cohort:
    """The cohort, if the user runs it (its organisation's coordinator, or staff)."""
    cohort = cohorts_for_coordinator(user=user).filter(pk=cohort_id).first()
    if cohort is None:
        raise AccessDenied("cohort", cohort_id)
    return cohort


def coaches_cohort(*, user: AnyUser, cohort_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        user=user, cohort_id=cohort_id, role=Enrolment.Role.COACH, status__in=CURRENT
    ).exists()


def cohort_coaches(*, cohort: Cohort) -> list[User]:
    """The cohort's current coaches, for coach pickers (invited coaches can be chosen once
    they accept: until then the cohort knows only their email address)."""
    return list(
        User.objects.filter(
            enrolments__cohort=cohort,
            enrolments__role=Enrolment.Role.COACH,
            enrolments__status__in=CURRENT,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def access_cohort_person(*, user: AnyUser, cohort_id: int, enrolment_id: int) -> Enrolment:
    """An enrolment of a cohort the user runs (its coordinators and staff), with its person,
    coach and cohort; ``AccessDenied`` for anything else, another cohort's included."""
    cohort = access_cohort_for_coordinator(user=user, cohort_id=cohort_id)
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id, cohort=cohort)
        .select_related("user", "coach")
        .first()
    )
    if enrolment is None:
        raise AccessDenied("enrolment", enrolment_id)
    enrolment.cohort = cohort
    return enrolment


def cohort_people(
    *, cohort: Cohort, role: str = "", status: str = "", query: str = ""
) -> QuerySet[Enrolment]:
    """The cohort's enrolments for the People page, filtered (a fixed number of queries per
    page: user, coach and invitation come with each row). People invited and not yet joined
    are shown, found and sorted by their email only (the page shows nothing else of them)."""
    enrolments = Enrolment.objects.filter(cohort=cohort).select_related(
        "user__launch_profile", "coach", "invitation"
    )
    if role in Enrolment.Role.values:
        enrolments = enrolments.filter(role=role)
    if status in Enrolment.Status.values:
        enrolments = enrolments.filter(status=status)
    if query:
        # Until they accept, people are found by the address they were invited with only.
        enrolments = enrolments.filter(
            Q(user__email__icontains=query)
            | (
                (Q(user__first_name__icontains=query) | Q(user__last_name__icontains=query))
                & ~Q(status=Enrolment.Status.INVITED)
            )
        )
    shown_last_name = Case(
        When(status=Enrolment.Status.INVITED, then=F("user__email")),
        default=F("user__last_name"),
    )
    shown_first_name = Case(
        When(status=Enrolment.Status.INVITED, then=Value("")), default=F("user__first_name")
    )
    return enrolments.order_by("role", shown_last_name, shown_first_name, "user__email")
