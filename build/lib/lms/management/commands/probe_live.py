import json
import time
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError, CommandParser
from websockets.exceptions import WebSocketException
from websockets.sync.client import connect
from websockets.typing import Origin


class Command(BaseCommand):
    help = (
        "Probe live delivery: open URL (e.g. wss://launch.example.org/ws/health/), wait for the "
        "web process to round-trip a message through the channel layer; exit 1 if it does not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url", help="the site's /ws/health/ socket (ws:// or wss://)")
        parser.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
        parser.add_argument(
            "--origin", default=None, help="the Origin header (default: the URL's own site)"
        )

    def handle(self, *args, url: str, timeout: float, origin: str | None, **options) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("ws", "wss"):
            raise CommandError("the URL must start with ws:// or wss://")
        origin = origin or f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"
        started = time.perf_counter()
        try:
            with connect(
                url, origin=Origin(origin), open_timeout=timeout, close_timeout=1.0
            ) as socket:
                answer = json.loads(socket.recv(timeout=timeout))
        except (OSError, TimeoutError, WebSocketException, ValueError) as exc:
            raise CommandError(
                f"no live delivery from {url}: {type(exc).__name__}: {exc}"
            ) from None
        if answer.get("type") != "ok":
            raise CommandError(f"unexpected answer from {url}: {answer!r}")
        total = round((time.perf_counter() - started) * 1000, 1)
        self.stdout.write(f"ok: layer round trip {answer['ms']} ms, {total} ms in all")
