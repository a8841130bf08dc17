"""The cohort dashboard's CSV export: the filtered roster, every cell made safe against
formula injection, and the audit entry of each export."""

import csv
from collections.abc import Iterator
from itertools import batched
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .. import selectors
from ..models import AuditAction, Cohort, Standard
from ..people import User
from ..services import record_audit_event
from .selectors import DashboardScope, RosterFilters, RosterRow, filtered_roster, roster_rows

# --- CSV export ------------------------------------------------------------------------------

#: Characters that make a spreadsheet program read a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_BATCH = 500


def safe_cell(value: object) -> str:
    """``value`` as text, with a leading quote when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def export_filename(cohort: Cohort, today: Any = None) -> str:
    day = today or timezone.localdate()
    return f"{slugify(cohort.name) or 'cohort'}-roster-{day:%Y-%m-%d}.csv"


def _export_header(standards: list[Standard], required_total: int) -> list[str]:
    return [
        _("Last name"),
        _("First name"),
        _("Email"),
        _("School or organisation"),
        _("Status"),
        _("Coach"),
        _("Coach email"),
        _("Last activity"),
        _("Inactive days"),
        _("Required modules completed (of %(total)d)") % {"total": required_total},
        _("Standards proficient"),
        *[_("Standard %(number)d") % {"number": s.number} for s in standards],
    ]


def _export_line(row: RosterRow) -> list[str]:
    e, user = row.enrolment, row.user
    coach = e.coach
    last = row.last_activity_at
    return [
        "" if row.invited else user.last_name,
        "" if row.invited else user.first_name,
        user.email,
        row.school,
        e.get_status_display(),
        (coach.get_full_name() or coach.email) if coach else "",
        coach.email if coach else "",
        last.isoformat() if last else "",
        "" if row.inactive_days is None else str(row.inactive_days),
        str(row.modules_completed) if row.disclosed else "",
        str(row.proficient_count) if row.disclosed else "",
        *[cell.label if cell.code != "none" else "" for cell in row.cells],
    ]


class _Echo:
    """A file-like object whose ``write`` returns what it is given (for csv.writer)."""

    def write(self, value: str) -> str:
        return value


def export_csv_lines(*, scope: DashboardScope, filters: RosterFilters) -> Iterator[str]:
    """The filtered roster as CSV text (the UTF-8 BOM, the header, then one chunk of lines per
    ``EXPORT_BATCH`` rows), every cell made safe against formula injection."""
    now = timezone.now()
    standards = list(Standard.objects.order_by("number"))
    required_ids = selectors.required_module_ids(scope.cohort.programme_id)
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([safe_cell(v) for v in _export_header(standards, len(required_ids))])
    enrolments = filtered_roster(scope=scope, filters=filters, now=now)
    for batch in batched(enrolments.iterator(chunk_size=EXPORT_BATCH), EXPORT_BATCH):
        rows = roster_rows(batch, standards=standards, required_ids=required_ids, now=now)
        yield "".join(writer.writerow([safe_cell(v) for v in _export_line(row)]) for row in rows)


def record_roster_export(
    *,
    actor: User,
    scope: DashboardScope,
    filters: RosterFilters,
    request: HttpRequest | None = None,
) -> None:
    """Write the audit entry of a roster export (who, which cohort, which filters)."""
    record_audit_event(
        action=AuditAction.REPORT_EXPORTED,
        actor=actor,
        request=request,
        target=scope.cohort,
        detail={
            "report": "cohort-roster",
            "coach_view": scope.is_coach_view,
            "filters": {
                "status": filters.status,
                "coach": filters.coach_id,
                "inactive_only": filters.inactive_only,
                "search": filters.search,
                "not_proficient_in": filters.not_proficient_in,
            },
        },
    )
