"""System checks and start-up guards for the deployment profile."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from .conf import conf

#: Channels' in-memory layer and the embedded profile's subclass of it end with this.
IN_MEMORY = "InMemoryChannelLayer"


def _in_memory_layer_with_many_processes() -> bool:
    backend = str(settings.CHANNEL_LAYERS.get("default", {}).get("BACKEND", ""))
    return backend.endswith(IN_MEMORY) and int(conf.LAUNCH_WEB_CONCURRENCY) > 1


@register()
def channel_layer_fits_processes(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    if _in_memory_layer_with_many_processes():
        return [
            Error(
                "The in-memory channel layer cannot serve more than one web process.",
                hint="Set REDIS_URL (scale-out profile) or WEB_CONCURRENCY=1.",
                id="lms.E001",
            )
        ]
    return []


def assert_channel_layer_fits_processes() -> None:
    """Refuse to start the ASGI application in a configuration that would lose messages."""
    if _in_memory_layer_with_many_processes():
        raise ImproperlyConfigured(
            "The in-memory channel layer cannot serve more than one web process: "
            "set REDIS_URL or WEB_CONCURRENCY=1."
        )
