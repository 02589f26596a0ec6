"""Bulk writes of plain rows: COPY on PostgreSQL, executemany elsewhere.

Capture and the recall scope write thousands of rows at once; building a model instance for
each costs more than the write itself. Values are Python values (datetimes aware); JSON columns
come as JSON text. No model ``save()`` or signals run — callers write only rows that have none.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import connection


def write_rows(table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert ``rows`` into ``table`` in the current transaction: one COPY on PostgreSQL (one
    round trip for any number of rows), ``executemany`` elsewhere."""
    sql_columns = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({sql_columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {table} ({sql_columns}) VALUES ({marks})",
            [tuple(adapt(v) if isinstance(v, datetime) else v for v in row) for row in rows],
        )
