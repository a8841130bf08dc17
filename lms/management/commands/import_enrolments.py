from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.models import Cohort
from lms.roster.services import ImportRefused, import_enrolments


class Command(BaseCommand):
    help = (
        "Enrol a roster CSV (email, first name, last name, role, school, coach email) into a "
        "cohort: the same import as the coordinator's upload page. Exits non-zero, writing "
        "nothing, when any row has an error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cohort", help="the cohort's id or exact name")
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, cohort: str, file: Path, dry_run: bool, **options) -> None:
        target = Cohort.objects.filter(pk=int(cohort)).first() if cohort.isdigit() else None
        target = target or Cohort.objects.filter(name=cohort).first()
        if target is None:
            raise CommandError(f"No cohort with the id or name {cohort!r}.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            plan = import_enrolments(actor=None, cohort=target, data=data, dry_run=dry_run)
        except ImportRefused as exc:
            for line in exc.plan.messages() if exc.plan else []:
                self.stderr.write(line)
            raise CommandError(str(exc)) from exc
        for planned in plan.rows:
            self.stdout.write(f"row {planned.row.number}: {planned.row.email}: {planned.label}")
        for line in plan.messages():
            self.stderr.write(line)
        summary = (
            f"{plan.count('invite')} invited, {plan.count('enrol')} enrolled, "
            f"{plan.count('unchanged')} unchanged, {len(plan.errors)} with errors"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: {summary}.")
            if plan.errors:
                raise CommandError(f"{len(plan.errors)} rows have errors.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported into {target}: {summary}."))
