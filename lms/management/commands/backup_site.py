from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from lms.backup import make_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (both profiles) into a new directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=Path("var/backups"))

    def handle(self, *args, output: Path, **options) -> None:
        target = make_backup(output)
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
