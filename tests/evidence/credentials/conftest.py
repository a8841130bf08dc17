"""Fixtures for the Open Badges tests (defined in ``helpers``)."""

from .helpers import issue, issuer

__all__ = ["issue", "issuer"]
