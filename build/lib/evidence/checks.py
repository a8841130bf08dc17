"""System checks for the settings the evidence app needs from its host."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from . import keys


@register(Tags.security, deploy=True)
def issuer_key_is_configured(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    """Without an issuer key, badges cannot be issued (the outbox parks each issuance)."""
    if settings.DEBUG:
        return []
    if keys.dev_fallback_enabled():
        return [
            Warning(
                "LAUNCH_ISSUER_KEY_DEV_FALLBACK is on with DEBUG off: credentials are signed "
                "with a key generated on this machine.",
                hint="Set LAUNCH_ISSUER_KEY (or LAUNCH_ISSUER_KEY_FILE) and turn the fallback off.",
                id="evidence.W002",
            )
        ]
    if keys.configured_source():
        return []
    return [
        Warning(
            "No issuer key: credentials cannot be issued.",
            hint="Set LAUNCH_ISSUER_KEY, or LAUNCH_ISSUER_KEY_FILE to a file holding it, as a "
            "setting or an environment variable (`manage.py create_issuer_key` makes one).",
            id="evidence.W001",
        )
    ]
