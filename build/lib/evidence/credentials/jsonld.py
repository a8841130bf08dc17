"""JSON-LD processing with pyld: expansion in "safe mode" and RDFC-1.0 canonicalisation.

pyld has no safe mode: a term that no context defines is dropped silently (or, under the
VC 2.0 context's ``@vocab``, mapped to an "issuer-dependent" IRI), a relative id stays
relative. A JavaScript verifier in safe mode refuses such documents, so we refuse them before
signing and before verifying: ``expand_safely`` raises ``UnsafeDocumentError``.
"""

import re
import threading
from typing import Any, ClassVar

from cachetools import LRUCache
from frozendict import frozendict
from pyld import jsonld  # type: ignore[import-untyped]
from pyld.canon import URDNA2015, UnknownFormatError  # type: ignore[import-untyped]
from pyld.identifier_issuer import IdentifierIssuer  # type: ignore[import-untyped]

from .contexts import DocumentLoader, document_loader
from .errors import ContextNotVendoredError, UnsafeDocumentError

ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"
_SCOPED_CACHE_SIZE = 2048
_IRI_CACHE_SIZE = 65536
_SCOPED_LOCK = threading.Lock()  # cachetools' LRUCache is not thread-safe


class _Processor(jsonld.JsonLdProcessor):  # type: ignore[misc]
    """pyld's processor, remembering type-scoped contexts it has already processed.

    pyld processes a type-scoped context (``propagate=False``) on a fresh clone of the
    active context each time, so its own per-context cache never hits and every Open Badges
    node (Profile, Achievement, Alignment, ...) re-creates its term definitions: about two
    thirds of the time of an expansion. The result only depends on the (immutable, frozen)
    active context, the scoped context object and the options, so it is kept here, keyed
    by the active context's unique id and the identity of the scoped context.
    """

    _scoped: LRUCache = LRUCache(maxsize=_SCOPED_CACHE_SIZE)
    _iris: ClassVar[dict[tuple[Any, ...], Any]] = {}

    def _expand_iri(
        self,
        active_ctx: Any,
        value: Any,
        base: Any = None,
        vocab: bool = False,
        local_ctx: Any = None,
        defined: Any = None,
    ) -> Any:
        # Outside context processing (no local_ctx/defined) and with a frozen active
        # context, the expansion of a term is a pure function of (context, term, base,
        # vocab): remember it. Bounded: cleared when it grows past the limit.
        if (
            local_ctx is None
            and defined is None
            and isinstance(value, str)
            and isinstance(active_ctx, frozendict)
            and "_uuid" in active_ctx
            and (base is None or isinstance(base, str))
        ):
            key = (active_ctx["_uuid"], value, base, vocab)
            try:
                return self._iris[key]
            except KeyError:
                pass
            expanded = super()._expand_iri(active_ctx, value, base=base, vocab=vocab)
            if len(self._iris) >= _IRI_CACHE_SIZE:
                self._iris.clear()
            self._iris[key] = expanded
            return expanded
        return super()._expand_iri(
            active_ctx, value, base=base, vocab=vocab, local_ctx=local_ctx, defined=defined
        )

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        uid = active_ctx.get("_uuid") if isinstance(active_ctx, frozendict) else None
        if propagate or cycles or uid is None or active_ctx.get("previousContext"):
            return super()._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected=override_protected,
                propagate=propagate,
                validate_scoped=validate_scoped,
                cycles=cycles,
            )
        key = (
            uid,
            id(local_ctx),
            override_protected,
            validate_scoped,
            options.get("base"),
            options.get("processingMode"),
        )
        with _SCOPED_LOCK:
            cached = self._scoped.get(key)
        if cached is not None and cached[0] is local_ctx:
            return cached[1]
        processed = super()._process_context(
            active_ctx,
            local_ctx,
            options,
            override_protected=override_protected,
            propagate=propagate,
            validate_scoped=validate_scoped,
            cycles=cycles,
        )
        if isinstance(processed, frozendict):
            # keep local_ctx alive with the entry, so its id cannot be reused by another
            with _SCOPED_LOCK:
                self._scoped[key] = (local_ctx, processed)
        return processed


class _URDNA2015(URDNA2015):  # type: ignore[misc]
    """pyld's RDFC-1.0 with a cheaper step 3.1.2: a quad component is a flat dict of strings,
    so a shallow copy does what pyld's ``copy.deepcopy`` does, at a fraction of the cost."""

    def modify_first_degree_component(self, id_: str, component: Any, key: str) -> Any:
        if component["type"] != "blank node":
            return component
        return {**component, "value": "_:a" if component["value"] == id_ else "_:z"}


_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S*$")


def _is_absolute(iri: str) -> bool:
    return bool(_ABSOLUTE_IRI.match(iri)) and not iri.startswith(ISSUER_DEPENDENT)


def _check_expanded(node: Any, problems: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _check_expanded(item, problems)
        return
    if not isinstance(node, dict):
        return
    is_value = "@value" in node
    for key, value in node.items():
        if key == "@id":
            if not (isinstance(value, str) and (_is_absolute(value) or value.startswith("_:"))):
                problems.append(f"relative or undefined id {value!r}")
        elif key == "@type":
            for type_ in value if isinstance(value, list) else [value]:
                if is_value and type_ == "@json":
                    continue
                if not (isinstance(type_, str) and _is_absolute(type_)):
                    problems.append(f"type {type_!r} is not defined by any context")
        elif key.startswith("@"):
            if key != "@value":
                _check_expanded(value, problems)
        else:
            if not _is_absolute(key):
                problems.append(f"term {key.removeprefix(ISSUER_DEPENDENT)!r} is not defined")
            _check_expanded(value, problems)


def _refusal(error: Exception) -> Exception:
    """The error to raise for a pyld failure: a missing context stays itself."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ContextNotVendoredError):
            return ContextNotVendoredError(str(cause))
        cause = cause.__cause__ or getattr(cause, "cause", None)
    code = getattr(error, "code", None) or type(error).__name__
    return UnsafeDocumentError(f"refused: not valid JSON-LD ({code})")


def expand_safely(
    document: dict[str, Any], *, loader: DocumentLoader = document_loader
) -> list[Any]:
    """The expanded form of ``document``, or ``UnsafeDocumentError`` naming every term, type
    or id that no context defines (dropped, issuer-dependent or relative). Offline."""
    dropped: list[str | None] = []
    try:
        expanded = _Processor(on_property_dropped=dropped.append).expand(
            document, {"documentLoader": loader, "base": None}
        )
    except jsonld.JsonLdError as exc:
        raise _refusal(exc) from exc
    problems = [f"term {term!r} is not defined by any context" for term in dropped]
    _check_expanded(expanded, problems)
    if problems:
        raise UnsafeDocumentError("refused (JSON-LD safe mode): " + "; ".join(problems))
    return expanded


def _to_dataset(expanded: list[Any]) -> dict[str, Any]:
    """The RDF dataset of an expanded document: pyld's ``to_rdf`` without expanding again.

    ``to_rdf`` re-expands its input even when it is already expanded, which costs as much as
    the first expansion; these are the steps it takes after that (pyld pinned, and the W3C
    test vector and the node verifier in the tests pin the result).
    """
    processor = _Processor()
    issuer = IdentifierIssuer("_:b")
    node_map: dict[str, Any] = {"@default": {}}
    processor._create_node_map(expanded, node_map, "@default", issuer)
    options = {"produceGeneralizedRdf": False, "processingMode": "json-ld-1.1"}
    return {
        name: processor._graph_to_rdf(graph, issuer, options)
        for name, graph in sorted(node_map.items())
        if name == "@default" or _ABSOLUTE_IRI.match(name)
    }


def canonicalize(
    document: dict[str, Any] | list[Any], *, loader: DocumentLoader = document_loader
) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of ``document``, refusing unsafe documents.

    Accepts a compacted document (checked with ``expand_safely`` first) or an already
    expanded one (a list, as ``expand_safely`` returns).
    """
    expanded = document if isinstance(document, list) else expand_safely(document, loader=loader)
    try:
        return _URDNA2015().main(_to_dataset(expanded), {"format": "application/n-quads"})
    except (jsonld.JsonLdError, UnknownFormatError) as exc:
        raise _refusal(exc) from exc
