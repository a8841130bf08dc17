"""System checks and start-up guards for the deployment profile."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .conf import conf, declared

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


@register()
def deprecated_setting_names(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    """Settings still set under their name before the ``LAUNCH_`` prefix (see lms.conf)."""
    found = []
    for app in declared():
        for setting in app:
            if setting.old_name and hasattr(settings, setting.old_name):
                ignored = (
                    " (ignored: the new name is set too)" if hasattr(settings, setting.name) else ""
                )
                found.append(
                    Warning(
                        f"The setting {setting.old_name} is deprecated{ignored}.",
                        hint=f"Rename it {setting.name}; the old name stops working in the "
                        "next release.",
                        id="lms.W001",
                    )
                )
    return found


@register()
def site_base_url_is_set(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    if str(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").strip():
        return []
    return [
        Error(
            "WAGTAILADMIN_BASE_URL is not set: the links in emails, calendars and credentials "
            "need the site's address.",
            hint="Set WAGTAILADMIN_BASE_URL to the site's public URL, e.g. "
            "'https://launch.example.org'.",
            id="lms.E002",
        )
    ]


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


@register()
def private_media_root_is_private(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    """Private uploads (evidence files) need a folder the web server does not serve."""
    if "evidence" in settings.STORAGES:  # a storage of the host's own holds them
        return []
    try:
        root = Path(conf.LAUNCH_PRIVATE_MEDIA_ROOT)
    except ImproperlyConfigured:
        return [
            Error(
                "No folder for private uploads: LAUNCH_PRIVATE_MEDIA_ROOT is not set and there "
                "is no MEDIA_ROOT to put one beside.",
                hint="Set LAUNCH_PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT that the web "
                "server does not serve (or STORAGES['evidence'] to a private storage).",
                id="lms.E003",
            )
        ]
    media = str(getattr(settings, "MEDIA_ROOT", "") or "")
    if media and _inside(root, Path(media)):
        return [
            Error(
                f"LAUNCH_PRIVATE_MEDIA_ROOT ({root}) is inside MEDIA_ROOT, which is served "
                "publicly.",
                hint="Set LAUNCH_PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT.",
                id="lms.E004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def private_media_root_is_explicit(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    if "evidence" in settings.STORAGES or conf["LAUNCH_PRIVATE_MEDIA_ROOT"].is_set():
        return []
    return [
        Warning(
            "LAUNCH_PRIVATE_MEDIA_ROOT is not set: private uploads go to a folder beside "
            "MEDIA_ROOT.",
            hint="Set LAUNCH_PRIVATE_MEDIA_ROOT to a folder the web server does not serve, "
            "and back it up with the database.",
            id="lms.W002",
        )
    ]
