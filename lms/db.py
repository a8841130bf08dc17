"""Shared database helpers: plain SQL for many rows at once, where the ORM is too slow."""

from collections.abc import Iterable
from itertools import batched

from django.db import connection
from django.db.models import Model

BATCH = 1000


def insert_ignoring_duplicates(
    model: type[Model], columns: list[str], rows: Iterable[tuple]
) -> None:
    """``INSERT ... ON CONFLICT DO NOTHING`` of many rows in one statement per batch.

    The ORM's ``bulk_create`` spends most of its time building and adapting a model instance
    per row; a 10,000-row roster would take seconds. Rows here are plain tuples in the order
    of ``columns`` (database column names), already adapted. Sends no model signals (neither
    does ``bulk_create``). Works on SQLite and PostgreSQL.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in batched(rows, BATCH):
            cursor.executemany(sql, batch)
