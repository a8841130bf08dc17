"""The independent verifier (Digital Bazaar's JavaScript libraries, offline) and our own
``verify`` agree on every case: valid, any field changed, revoked, expired, retired key."""

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from evidence.credentials import generate_signing_key, verify

from .helpers import STATUS_LIST_URL, node_verify


def _leaves(node: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    else:
        yield path


def _changed(document: dict, path: tuple) -> dict:
    changed = copy.deepcopy(document)
    parent = changed
    for step in path[:-1]:
        parent = parent[step]
    value = parent[path[-1]]
    if isinstance(value, bool):
        parent[path[-1]] = not value
    elif isinstance(value, str) and value.endswith("Z"):  # a date: still a date, a day later
        parent[path[-1]] = (
            value.replace("-01T", "-02T", 1) if "-01T" in value else "1999" + (value[4:])
        )
    elif isinstance(value, str) and value.isdigit():
        parent[path[-1]] = str(int(value) + 1)
    else:
        parent[path[-1]] = f"{value}x"
    return changed


def test_both_verifiers_agree_on_every_case(issuer, issue) -> None:
    valid = issue(1)
    issuer.revoked = {2}
    revoked = issue(2)
    expired = issue(
        3,
        valid_from=datetime(2020, 1, 1, tzinfo=UTC),
        valid_until=datetime(2021, 1, 1, tzinfo=UTC),
    )
    old_key = issue(4, key=issuer.retired_key)
    stranger = generate_signing_key()
    unknown_key = issue(5, key=stranger)
    cases: dict[str, tuple[dict, str]] = {
        "valid": (valid, "valid"),
        "revoked": (revoked, "revoked"),
        "expired": (expired, "expired"),
        "retired key": (old_key, "valid"),
        "key not in the DID document": (unknown_key, "invalid"),
    }
    for path in _leaves(valid):
        if path[0] == "@context":
            continue  # another context URL is simply not loadable: covered below
        cases["changed " + "/".join(map(str, path))] = (_changed(valid, path), "invalid")
    dropped = copy.deepcopy(valid)
    del dropped["credentialSubject"]["achievement"]["alignment"][1]
    cases["alignment removed"] = (dropped, "invalid")
    added = copy.deepcopy(valid)
    added["credentialSubject"]["achievement"]["criteria"]["id"] = "https://evil.example/"
    cases["field added"] = (added, "invalid")
    other_context = copy.deepcopy(valid)
    other_context["@context"][1] = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
    cases["context swapped"] = (other_context, "invalid")
    assert len(cases) > 40

    documents = issuer.documents()
    node = node_verify(
        [{"name": name, "credential": credential} for name, (credential, _) in cases.items()],
        documents,
    )
    resolver = issuer.resolver()
    status_lists = {STATUS_LIST_URL: documents[STATUS_LIST_URL]}
    disagreements = []
    for name, (credential, expected) in cases.items():
        ours = verify(credential, resolver, status_lists=status_lists)
        theirs = node[name]
        if not (ours.status == theirs["status"] == expected):
            disagreements.append((name, expected, ours, theirs["status"], theirs["errors"][:3]))
    assert not disagreements, json.dumps(disagreements, indent=1, default=str)
    assert node["valid"]["verified"] is True and node["valid"]["errors"] == []
