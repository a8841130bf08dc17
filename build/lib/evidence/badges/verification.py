"""Verifying stored credentials as an outside verifier would."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lms.links import public_base_url

from .. import credentials as ob
from ..models import Credential, StatusList
from .issuer import did_document


class Verifier:
    """Checks stored credentials as an outside verifier would: the signature by a key of the
    issuer's DID document, the revocation status from the signed status list, and the dates.
    Keys are read once, each status list once (a fixed number of queries per page)."""

    def __init__(self) -> None:
        self.resolver = ob.public_key_resolver([did_document()], allow_did_key=False)
        self._lists: dict[str, dict[str, Any] | None] = {}

    def status_list(self, url: str) -> dict[str, Any] | None:
        if url not in self._lists:
            self._lists[url] = _status_list_at(url)
        return self._lists[url]

    def __call__(self, credential: Credential, *, now: datetime | None = None) -> "Verification":
        document = json.loads(credential.document)
        result = ob.verify(document, self.resolver, status_lists=self.status_list, now=now)
        return Verification(result.status, result.reason, document)


def _status_list_at(url: str) -> dict[str, Any] | None:
    prefix = f"{public_base_url()}/credentials/status/"
    if not (url.startswith(prefix) and url.endswith(".json")):
        return None
    number = url[len(prefix) : -len(".json")]
    if not number.isdigit():
        return None
    document = StatusList.objects.filter(pk=int(number)).values_list("document", flat=True).first()
    return json.loads(document) if document else None


@dataclass(frozen=True)
class Verification:
    """What the public page says about a credential, checked on the server just now."""

    status: str
    reason: str
    document: dict[str, Any]

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def verify_credential(credential: Credential, *, now: datetime | None = None) -> Verification:
    """Verify one stored credential now (see :class:`Verifier`)."""
    return Verifier()(credential, now=now)
