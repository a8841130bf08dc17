"""The issuer: its addresses (did:web, credential and status list URLs), its keys (DID
document, creation, rotation) and its profile, built once per process and version."""

import json
import logging
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.links import absolute_url, public_base_url

from .. import credentials as ob
from ..keys import IssuerKeyMissing
from ..models import IssuerKey, IssuerProfile

logger = logging.getLogger(__name__)


class BadgeError(ValueError):
    """A write that is not possible in the current state; the message is for the user."""


def issuer_did() -> str:
    """The issuer's did:web DID: the site's host (and port); document at /.well-known/."""
    return ob.did_web(urlsplit(public_base_url()).netloc)


def credential_page_url(uuid: UUID | str) -> str:
    return f"{public_base_url()}/credentials/{uuid}/"


def credential_json_url(uuid: UUID | str) -> str:
    return f"{public_base_url()}/credentials/{uuid}.json"


def status_list_url(pk: int) -> str:
    return f"{public_base_url()}/credentials/status/{pk}.json"


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def did_document() -> dict[str, Any]:
    """The issuer's DID document: the active key first, then every retired key (credentials
    signed before a rotation keep verifying)."""
    keys = list(IssuerKey.objects.values_list("public_key_multibase", "status"))
    active = [k for k, status in keys if status == IssuerKey.Status.ACTIVE]
    retired = [k for k, status in keys if status != IssuerKey.Status.ACTIVE]
    return ob.did_document(issuer_did(), active=active, retired=retired)


def _active_key_for(key: ob.SigningKey) -> IssuerKey:
    """The active key row for the configured private key; registered when there is none yet.
    Raises ``IssuerKeyMissing`` when the configured key is not the active one."""
    active = IssuerKey.objects.filter(status=IssuerKey.Status.ACTIVE).first()
    if active is None:
        if IssuerKey.objects.filter(public_key_multibase=key.public_key_multibase).exists():
            raise IssuerKeyMissing(
                "The configured issuer key has been retired: configure the active key."
            )
        try:
            with transaction.atomic():
                active = IssuerKey.objects.create(public_key_multibase=key.public_key_multibase)
        except IntegrityError:  # registered at the same moment by another worker
            active = IssuerKey.objects.get(status=IssuerKey.Status.ACTIVE)
        logger.info("registered issuer public key %s", key.public_key_multibase)
    if active.public_key_multibase != key.public_key_multibase:
        raise IssuerKeyMissing(
            "The configured issuer key is not the active key in the database (public key "
            f"{active.public_key_multibase}): update LAUNCH_ISSUER_KEY after a rotation."
        )
    return active


@transaction.atomic
def create_issuer_key() -> ob.SigningKey:
    """A new key, its public half stored as the active key. Refused when one is active
    (use :func:`rotate_issuer_key`). The caller shows the secret to the operator once."""
    if IssuerKey.objects.filter(status=IssuerKey.Status.ACTIVE).exists():
        raise BadgeError(_("An issuer key is already active: rotate it instead."))
    key = ob.generate_signing_key()
    IssuerKey.objects.create(public_key_multibase=key.public_key_multibase)
    return key


@transaction.atomic
def rotate_issuer_key() -> ob.SigningKey:
    """Retire the active key (it stays in the DID document) and store a new active one."""
    IssuerKey.objects.filter(status=IssuerKey.Status.ACTIVE).update(
        status=IssuerKey.Status.RETIRED, retired_at=timezone.now()
    )
    key = ob.generate_signing_key()
    IssuerKey.objects.create(public_key_multibase=key.public_key_multibase)
    return key


def _image(image: Any) -> ob.Image | None:
    if image is None:
        return None
    url = image.file.url
    return ob.Image(id=absolute_url(url), caption=image.title)


# What every credential of an achievement shares (issuer profile, achievement with its
# alignments) is built once per process and version; saving the issuer profile, an
# achievement or a standard bumps the version (shared through the cache in scale-out).
STATIC_VERSION_KEY = "evidence:badge-static-version"


_STATIC: dict[tuple[Any, ...], Any] = {}


def _static_version() -> int:
    version = cache.get(STATIC_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(STATIC_VERSION_KEY, version, None)
    return int(version)


def bump_static_version(*args: Any, **kwargs: Any) -> None:
    """Forget the built issuer profiles and achievements (after an edit)."""
    try:
        cache.incr(STATIC_VERSION_KEY)
    except ValueError:
        cache.set(STATIC_VERSION_KEY, 2, None)
    _STATIC.clear()


def _issuer_profile(did: str) -> ob.IssuerProfile:
    key = ("issuer", _static_version(), did, public_base_url())
    if key not in _STATIC:
        profile = IssuerProfile.load()
        _STATIC[key] = ob.IssuerProfile(
            id=did,
            name=profile.name,
            url=profile.url or public_base_url() + "/",
            email=profile.email,
            image=_image(profile.image),
        )
    return _STATIC[key]


def issuer_name() -> str:
    return IssuerProfile.load().name
