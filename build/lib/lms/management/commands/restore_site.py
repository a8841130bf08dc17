from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup made by backup_site, then "
        "check row counts and file checksums against the backup's manifest. Stop the web and "
        "worker processes first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)
        parser.add_argument("--yes", action="store_true", help="really replace everything")
        parser.add_argument(
            "--identity",
            type=Path,
            default=None,
            help="the age identity file (AGE-SECRET-KEY-1...) of an encrypted backup",
        )

    def handle(self, *args, backup: Path, yes: bool, identity: Path | None, **options) -> None:
        if not (backup / "manifest.json").exists():
            raise CommandError(f"{backup} is not a backup (no manifest.json).")
        if not yes:
            raise CommandError("This replaces the database and all files. Add --yes to do it.")
        try:
            report = restore_backup(backup, identity=identity)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        problems = report["count_mismatches"] + report["file_mismatches"]
        for line in problems:
            self.stderr.write(line)
        if problems:
            raise CommandError(f"Restored, but {len(problems)} differences from the backup.")
        self.stdout.write(self.style.SUCCESS("Restored; counts and checksums match the backup."))
