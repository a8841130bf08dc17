"""The authorization policy: every URL of the site, what each role gets.

``tests/test_authorization_matrix.py`` walks the URL resolver; a route without an entry here
fails the suite. Outcomes:

* ``ok``: 200; ``login``: redirect to the login page; ``redirect``: another redirect;
* ``404``: not found (also for objects the role may not see); ``405``: wrong method;
* ``403``: refused.

Groups of routes owned by a library (the Wagtail admin, documents) are covered by a prefix
entry with a representative request each.

Each app keeps its entries in its own module here (``lms``, ``evidence``, ``coaching``,
``forums``, ``credentials``); this package merges them. A module may also name the models
whose row counts must not change when a refused POST is made (``WATCHED``).
"""

from . import (
    coaching,
    credentials,
    evidence,
    forums,
    lms,
    lms_dashboard,
    lms_notifications,
    lms_sessions,
)
from .base import ALL_ROLES, SIGNED_IN, STAFF, Check

_MODULES = (
    lms,
    lms_dashboard,
    lms_sessions,
    lms_notifications,
    evidence,
    coaching,
    forums,
    credentials,
)

POLICY: dict[str, list[Check]] = {}
for _module in _MODULES:
    _overlap = set(POLICY) & set(_module.POLICY)
    assert not _overlap, f"policy entries defined twice: {_overlap}"
    POLICY.update(_module.POLICY)

WATCHED = [model for _module in _MODULES for model in getattr(_module, "WATCHED", [])]

__all__ = ["ALL_ROLES", "POLICY", "SIGNED_IN", "STAFF", "WATCHED", "Check"]
