"""Show a new issuer secret to the operator once: on stdout, or in a new 0600 file."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ..credentials import SigningKey


def write_secret(command: BaseCommand, key: SigningKey, secret_file: Path | None) -> None:
    """Print (or write to ``secret_file``) the secret, and say what to do with it. Nothing is
    logged: stdout goes to the operator's terminal only."""
    command.stdout.write(f"Public key (stored, listed in /.well-known/did.json): "
                         f"{key.public_key_multibase}")  # fmt: skip
    if secret_file is not None:
        try:
            fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise CommandError(f"cannot create {secret_file}: {exc.strerror}") from None
        with os.fdopen(fd, "w") as handle:
            handle.write(key.secret_multibase() + "\n")
        command.stdout.write(f"Secret written to {secret_file}: set LAUNCH_ISSUER_KEY_FILE to it.")
        return
    command.stdout.write(
        "Secret key (shown once; put it in LAUNCH_ISSUER_KEY or the LAUNCH_ISSUER_KEY_FILE "
        "file, never in the database or the repository):"
    )
    command.stdout.write(key.secret_multibase())
