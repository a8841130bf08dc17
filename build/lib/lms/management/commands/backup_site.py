from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.backup import BackupError, backup_dir, backup_keep, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (both profiles) into a new private folder "
        "(0700, files 0600) under LAUNCH_BACKUP_DIR, encrypted with age when "
        "LAUNCH_BACKUP_AGE_RECIPIENTS is set, keeping the newest LAUNCH_BACKUP_KEEP."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        try:
            default = str(backup_dir())
        except ImproperlyConfigured:  # neither LAUNCH_BACKUP_DIR nor MEDIA_ROOT: --output only
            default = "unset"
        parser.add_argument(
            "--output", type=Path, default=None, help=f"default: {default} (LAUNCH_BACKUP_DIR)"
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help=f"backups to keep, 0 for all (default {backup_keep()}: LAUNCH_BACKUP_KEEP)",
        )
        parser.add_argument(
            "--recipient",
            action="append",
            default=None,
            help="an age public key (age1...) to encrypt to; repeatable "
            "(default: LAUNCH_BACKUP_AGE_RECIPIENTS)",
        )

    def handle(self, *args, output: Path | None, keep: int | None, recipient, **options) -> None:
        try:
            target = make_backup(output, keep=keep, recipients=recipient)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
