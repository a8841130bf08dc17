"""Ids from outside (URLs, form fields, posted lists) kept within what the database can take.

SQLite raises ``OverflowError`` (a 500) when a query carries an integer above ``2**63 - 1``
(Django guards only some lookups). So:

* the ``<id:...>`` path converter (registered by ``LmsConfig.ready``; every app's URL
  patterns use it for ids) does not match a larger number: a 404;
* :class:`IdChoiceField` and :class:`IdMultipleChoiceField` (``ModelChoiceField`` and
  ``ModelMultipleChoiceField``) answer one with their "not one of the choices" error;
* :func:`parse_id` and :func:`parse_ids` read ids posted outside a form, dropping such ones.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")  # the pattern does not match: a 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")


def parse_id(value: Any) -> int | None:
    """``value`` as an id (digits, at most ``MAX_ID``), else None."""
    text = str(value).strip()
    if not text.isdigit() or not text.isascii():
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def parse_ids(values: list[str]) -> list[int]:
    return [n for n in (parse_id(v) for v in values) if n is not None]


def _in_range(value: Any) -> bool:
    """False for an integer (or a string of digits) too large for an id."""
    text = str(value).strip().lstrip("+-")
    return not (text.isdigit() and text.isascii() and int(text) > MAX_ID)


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _in_range(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> QuerySet:
        for item in value if isinstance(value, list | tuple | set) else []:
            if not _in_range(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)  # type: ignore[misc]
