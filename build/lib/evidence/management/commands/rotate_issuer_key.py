"""``python manage.py rotate_issuer_key``: retire the active key, create a new one.

The retired public key stays in the DID document, so credentials signed with it still
verify. Prints the new secret once: replace ``LAUNCH_ISSUER_KEY`` (or the secret file) with
it; until then, issuing fails clearly instead of signing with the retired key.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...badges.issuer import rotate_issuer_key
from ..secret_output import write_secret


class Command(BaseCommand):
    help = "Retire the issuer's active key and create a new one; print its secret once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--secret-file",
            type=Path,
            help="Write the secret to this new file (mode 0600) instead of printing it.",
        )

    def handle(self, *args: Any, secret_file: Path | None = None, **options: Any) -> None:
        write_secret(self, rotate_issuer_key(), secret_file)
