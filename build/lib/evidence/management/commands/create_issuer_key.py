"""``python manage.py create_issuer_key``: the issuer's first Ed25519 key.

Stores the PUBLIC key as the active key and prints the secret once, for the operator to put
in ``LAUNCH_ISSUER_KEY`` or the file named by ``LAUNCH_ISSUER_KEY_FILE``. The secret is not
stored anywhere by this command (unless ``--secret-file`` names a file to write it to).
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...badges.issuer import BadgeError, create_issuer_key
from ...credentials import SigningKey
from ..secret_output import write_secret


class Command(BaseCommand):
    help = "Create the issuer's signing key; print its secret once (store it in a secret store)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--secret-file",
            type=Path,
            help="Write the secret to this new file (mode 0600) instead of printing it.",
        )

    def handle(self, *args: Any, secret_file: Path | None = None, **options: Any) -> None:
        try:
            key: SigningKey = create_issuer_key()
        except BadgeError as exc:
            raise CommandError(f"{exc} (python manage.py rotate_issuer_key)") from None
        write_secret(self, key, secret_file)
