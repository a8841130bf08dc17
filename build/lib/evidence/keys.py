"""The issuer's private key: from the environment or a secret file, never from the database.

Where the key comes from, first found wins:

1. ``LAUNCH_ISSUER_KEY``: the Multikey secret (``z3u2...``), as a Django setting or an
   environment variable;
2. ``LAUNCH_ISSUER_KEY_FILE``: the path of a file holding it (a mounted secret);
3. only when ``LAUNCH_ISSUER_KEY_DEV_FALLBACK`` is on (default: ``DEBUG``, so ``make run``
   and local development): a key generated once into ``LAUNCH_ISSUER_KEY_DEV_FILE`` (by default
   ``dev-issuer-key.secret`` beside ``MEDIA_ROOT``: ``var/`` in the demo).

Otherwise issuing fails with :class:`IssuerKeyMissing`, which says what to configure.
Production settings never turn the fallback on. The key object (``SigningKey``) shows only its
public half in ``repr``/``str`` and refuses to be pickled.
"""

import logging
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .conf import conf
from .credentials import (
    InvalidKeyError,
    SigningKey,
    generate_signing_key,
    signing_key_from_multibase,
)

logger = logging.getLogger(__name__)

ENV_SECRET = "LAUNCH_ISSUER_KEY"  # noqa: S105 - the variable name, not a secret
ENV_FILE = "LAUNCH_ISSUER_KEY_FILE"


class IssuerKeyMissing(ImproperlyConfigured):
    """No issuer key is configured (or it cannot be read); the message never holds a secret."""


def _setting(name: str) -> str:
    return str(getattr(conf, name) or os.environ.get(name, "") or "")


def configured_source() -> str:
    """The setting (or environment variable) that provides the issuer key; "" when none does."""
    return next((name for name in (ENV_SECRET, ENV_FILE) if _setting(name)), "")


def dev_fallback_enabled() -> bool:
    return bool(conf.LAUNCH_ISSUER_KEY_DEV_FALLBACK)


def dev_key_path() -> Path:
    return Path(conf.LAUNCH_ISSUER_KEY_DEV_FILE)


def _from_text(text: str, source: str) -> SigningKey:
    try:
        return signing_key_from_multibase(text.strip())
    except InvalidKeyError as exc:
        raise IssuerKeyMissing(f"the issuer key in {source} is not usable: {exc}") from None


def _dev_key() -> SigningKey:
    path = dev_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = generate_signing_key()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key.secret_multibase() + "\n")
        logger.info("generated a development issuer key (public %s)", key.public_key_multibase)
    return _from_text(path.read_text(), str(path))


def load_signing_key() -> SigningKey:
    """The issuer's signing key, from the settings or the environment, a secret file or
    (development only) ``LAUNCH_ISSUER_KEY_DEV_FILE``. Raises :class:`IssuerKeyMissing` with
    what to configure when there is none."""
    secret = _setting(ENV_SECRET)
    if secret:
        return _from_text(secret, ENV_SECRET)
    path = _setting(ENV_FILE)
    if path:
        try:
            text = Path(path).read_text()
        except OSError as exc:
            raise IssuerKeyMissing(
                f"{ENV_FILE} names {path}, which cannot be read: {exc.strerror}"
            ) from None
        return _from_text(text, path)
    if dev_fallback_enabled():
        return _dev_key()
    raise IssuerKeyMissing(
        f"No issuer key: set {ENV_SECRET} or {ENV_FILE} (run `python manage.py "
        "create_issuer_key` once and keep the secret it prints in your secret store)."
    )
