"""The development mailbox: an email backend that keeps every sent message as a file, and
the reader behind the staff page ``/learn/dev/emails/`` (``DEBUG`` only).

``make run`` (``config.settings.dev``) sends email here instead of the console, where
quoted-printable encoding split long links across lines. Each message is stored as an
``.eml`` file (the bytes an SMTP server would get) under ``LAUNCH_DEV_MAILBOX_DIR`` (default
``var/sent-mail``); the reader decodes them (transfer encodings, headers) for the page.
The console still gets one line per message saying where to read it.
"""

from __future__ import annotations

import email
import email.policy
import re
import sys
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage as ParsedMessage
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone

from ..conf import conf

#: Stored file names: a sortable time stamp and a random part (nothing else is ever read).
NAME = re.compile(r"^[0-9]{8}T[0-9]{12}-[0-9a-f]{32}$")
#: How many of the newest messages the list page reads.
LIST_LIMIT = 200
_lock = threading.Lock()


def mailbox_dir() -> Path:
    return Path(conf.LAUNCH_DEV_MAILBOX_DIR)


class DevMailboxBackend(BaseEmailBackend):
    """Stores each message as ``<time stamp>-<random>.eml`` in :func:`mailbox_dir`."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = mailbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            data = message.message().as_bytes()
            with _lock:
                stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
            name = f"{stamp}-{uuid.uuid4().hex}"
            (folder / f"{name}.eml").write_bytes(data)
            sent += 1
            print(  # the development server's console says where to read it
                f"[email] to {', '.join(message.recipients())}: {message.subject} "
                f"(read it at /learn/dev/emails/{name}/)",
                file=sys.stderr,
            )
        return sent


@dataclass(frozen=True)
class StoredEmail:
    """One stored message, decoded: headers as text, bodies as Unicode."""

    name: str
    subject: str
    sender: str
    to: str
    date: datetime | None
    text: str
    html: str


def _body(message: ParsedMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None:
        return ""
    content: Any = part.get_content()
    return content if isinstance(content, str) else ""


def _parse(name: str, data: bytes, *, bodies: bool) -> StoredEmail:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, ParsedMessage)
    try:
        date = parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    return StoredEmail(
        name=name,
        subject=str(message["Subject"] or ""),
        sender=str(message["From"] or ""),
        to=str(message["To"] or ""),
        date=date,
        text=_body(message, "plain") if bodies else "",
        html=_body(message, "html") if bodies else "",
    )


def stored_emails(limit: int = LIST_LIMIT) -> list[StoredEmail]:
    """The newest stored messages first (headers only)."""
    folder = mailbox_dir()
    if not folder.is_dir():
        return []
    names = sorted((p.stem for p in folder.glob("*.eml") if NAME.match(p.stem)), reverse=True)
    return [
        _parse(name, (folder / f"{name}.eml").read_bytes(), bodies=False) for name in names[:limit]
    ]


def stored_email(name: str) -> StoredEmail | None:
    """One stored message with its bodies, or None (unknown or malformed name)."""
    if not NAME.match(name):
        return None
    path = mailbox_dir() / f"{name}.eml"
    if not path.is_file():
        return None
    return _parse(name, path.read_bytes(), bodies=True)
