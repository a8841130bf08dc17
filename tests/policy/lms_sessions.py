"""Policy entries for the lms routes of sessions, attendance and calendar feeds."""

from django.db.models import Model

from .base import Check

POLICY: dict[str, list[Check]] = {}

# Models whose row counts a refused POST must leave unchanged.
WATCHED: list[type[Model]] = []
