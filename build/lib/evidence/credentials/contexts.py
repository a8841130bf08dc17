"""The vendored JSON-LD contexts and an offline document loader for pyld.

Nothing is fetched: a URL that is not vendored raises ``ContextNotVendoredError``. The files
and the npm packages they were copied from are listed in ``contexts/SOURCES.md``.
"""

import copy
import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .errors import ContextNotVendoredError

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

CONTEXT_FILES: dict[str, str] = {
    VC_V2: "credentials-v2.json",
    OB_V3P0: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2: "data-integrity-v2.json",
    MULTIKEY_V1: "multikey-v1.json",
    DID_V1: "did-v1.json",
}

CONTEXT_DIR = Path(__file__).with_name("contexts")

DocumentLoader = Callable[[str, Any], dict[str, Any]]


@cache
def _load(url: str) -> dict[str, Any]:
    return json.loads((CONTEXT_DIR / CONTEXT_FILES[url]).read_text(encoding="utf-8"))


def vendored_context(url: str) -> dict[str, Any]:
    """A fresh copy of the vendored context document for ``url``; raises for any other URL."""
    if url not in CONTEXT_FILES:
        raise ContextNotVendoredError(f"JSON-LD document {url!r} is not vendored; never fetched")
    return copy.deepcopy(_load(url))


def make_document_loader(extra: Mapping[str, dict[str, Any]] | None = None) -> DocumentLoader:
    """A pyld document loader serving the vendored contexts plus ``extra`` (URL -> document).

    Every other URL raises ``ContextNotVendoredError``: the loader never touches the network.
    pyld caches the vendored contexts per URL for the whole process (they never change), so
    ``extra`` may not replace one of them; ``extra`` documents are not cached.
    """
    extras = dict(extra or {})
    clash = set(extras) & set(CONTEXT_FILES)
    if clash:
        raise ValueError(f"extra documents may not replace vendored contexts: {sorted(clash)}")

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        remote: dict[str, Any] = {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
        }
        if url in extras:
            return {**remote, "document": copy.deepcopy(extras[url])}
        # pyld keeps "static" documents in its process-wide resolved-context cache: only the
        # vendored contexts, which never change, are marked so
        return {**remote, "document": vendored_context(url), "tag": "static"}

    return loader


document_loader: DocumentLoader = make_document_loader()
"""The offline loader for the vendored contexts only."""
