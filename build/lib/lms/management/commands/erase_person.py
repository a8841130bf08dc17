from django.core.management.base import BaseCommand, CommandError, CommandParser

from lms.people import User
from lms.privacy import erase_person


class Command(BaseCommand):
    help = (
        "Erase a person's data on request: their own records and files are deleted, shared "
        "records show a former member, the account is stripped and deactivated. Issued "
        "credentials stay verifiable (revocation status intact)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="do it (without: say what)")

    def handle(self, *args, email: str, yes: bool, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account with the email {email!r}.")
        if not yes:
            self.stdout.write(f"Would erase {user.email} (id {user.pk}). Add --yes to do it.")
            return
        erase_person(actor=None, user=user)
        self.stdout.write(self.style.SUCCESS(f"Erased the personal data of account {user.pk}."))
