"""Policy entries for the lms routes of the cohort dashboard and its export."""

from django.db.models import Model

from .base import Check

POLICY: dict[str, list[Check]] = {}

# Models whose row counts a refused POST must leave unchanged.
WATCHED: list[type[Model]] = []
