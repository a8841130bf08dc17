"""Policy entries for the routes of credentials (the badge).

Public: the issuer's DID document, each credential's verification page, JSON-LD, baked
images and QR code, and the status lists: anyone may read them (their ids are unguessable
UUIDs); unknown ids give 404; writes are refused. "My badges" is for signed-in people and
shows only their own credentials.
"""

import uuid

from django.db.models import Model

from evidence.models import Credential, IssuerKey, StatusList

from ..evidence.badge_helpers import issue_for
from .base import SIGNED_IN, Check, only

POLICY: dict[str, list[Check]]

# Models whose row counts a refused POST must leave unchanged.
WATCHED: list[type[Model]] = [Credential, StatusList, IssuerKey]


def _credential(w) -> Credential:
    return w.once("credentials.credential", lambda w: issue_for(w.users["participant"]))


FORGED = str(uuid.UUID(int=12345))


def _public(route: str, suffix: str) -> list[Check]:
    return [
        Check("GET", lambda w: f"/credentials/{_credential(w).uuid}{suffix}", "ok"),
        Check("GET", lambda w: f"/credentials/{FORGED}{suffix}", "404"),
        Check("POST", lambda w: f"/credentials/{_credential(w).uuid}{suffix}", "405"),
    ]


POLICY = {
    "credentials:did": [
        Check("GET", lambda w: "/.well-known/did.json", "ok"),
        Check("POST", lambda w: "/.well-known/did.json", "405"),
    ],
    "credentials:status_list": [
        Check("GET", lambda w: f"/credentials/status/{_credential(w).status_list_id}.json", "ok"),
        Check("GET", lambda w: f"/credentials/status/{_credential(w).status_list_id + 9}.json",
              "404"),
        Check("POST", lambda w: f"/credentials/status/{_credential(w).status_list_id}.json",
              "405"),
    ],
    "credentials:page": _public("page", "/"),
    "credentials:json": _public("json", ".json"),
    "credentials:badge_png": _public("badge_png", "/badge.png"),
    "credentials:badge_svg": _public("badge_svg", "/badge.svg"),
    "credentials:qr": _public("qr", "/qr.svg"),
    "evidence:badges": [
        Check("GET", lambda w: (_credential(w), "/evidence/badges/")[1], "ok",
              {"anonymous": "login", **only(SIGNED_IN, "ok")}),
        Check("POST", lambda w: "/evidence/badges/", "405", {"anonymous": "405"}),
    ],
}  # fmt: skip
