"""``python manage.py export_credential EMAIL``: print the newest signed credential of that
person as JSON, exactly as stored and served."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...badges.selectors import newest_credential_for_email


class Command(BaseCommand):
    help = "Print the newest signed Open Badges credential of a user (by email) as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        credential = newest_credential_for_email(email)
        if credential is None:
            raise CommandError(f"no credential for {email}")
        self.stdout.write(credential.document)
