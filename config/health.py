"""``GET /healthz``: JSON status of the database, cache, channel layer and broker, and the
processes (web, worker, beat) heard from recently (``lms.heartbeats``)."""

import time
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms import heartbeats
from lms.conf import conf

from .celery import app as celery_app


class NotAlive(RuntimeError):
    def __init__(self, missing: list[str], alive: dict[str, int]) -> None:
        super().__init__(f"no live {', '.join(missing)}")
        self.alive = alive


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        detail = check()
    except NotAlive as exc:  # our own finding: say which processes are missing
        return {"ok": False, "error": str(exc), "alive": exc.alive, "ms": _ms(started)}
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__, "ms": _ms(started)}
    return {"ok": True, "ms": _ms(started), **(detail or {})}


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise RuntimeError("cache read-back failed")
    cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _channel_layer() -> dict:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer")

    async def roundtrip() -> None:
        name = await layer.new_channel()
        await layer.send(name, {"type": "healthz.ping"})
        await layer.receive(name)

    async_to_sync(roundtrip)()
    return {"backend": type(layer).__name__}


def _broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"mode": "eager"}
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"mode": "redis"}


def _processes() -> dict:
    alive = heartbeats.alive()
    missing = [k for k in conf.LAUNCH_HEALTHZ_REQUIRED_PROCESSES if not alive.get(k)]
    if missing:
        raise NotAlive(missing, alive)
    return {"alive": alive, "heartbeat_seconds": heartbeats.interval()}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _timed(_database),
        "cache": _timed(_cache),
        "channel_layer": _timed(_channel_layer),
        "broker": _timed(_broker),
        "processes": _timed(_processes),
    }
    ok = all(c["ok"] for c in checks.values())
    return JsonResponse({"status": "ok" if ok else "degraded", **checks}, status=200 if ok else 503)
