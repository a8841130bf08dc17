from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.people import User
from lms.privacy import export_person


class Command(BaseCommand):
    help = "Write everything the site holds about a person (EMAIL) to a ZIP archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("archive", type=Path)

    def handle(self, *args, email: str, archive: Path, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the email {email!r}.")
        archive.write_bytes(export_person(actor=None, user=user))
        self.stdout.write(self.style.SUCCESS(f"Wrote {archive} ({archive.stat().st_size} bytes)."))
