"""Inserting many rows at once, for the paths that take in whole files.

`QuerySet.bulk_create` compiles SQL for every value of every row; at 100,000 imported rows
that compilation cost several times the insert itself. On PostgreSQL rows go in with COPY;
elsewhere the statement text is built once
per batch size, rows go in as multi-row VALUES (one round trip per batch, which matters on a
client-side-binding PostgreSQL cursor where executemany is a round trip per row), and only the
values that need it are adapted for the database.
"""

from collections.abc import Sequence
from typing import Any

from django.db import connections, models
from django.db.models.fields import AutoFieldMixin

_PLAIN_TEXT = (models.CharField, models.TextField)


# Well under SQLite's 32,766 bound variables for the widest table.
ROWS_PER_STATEMENT = 500


def insert_many(objects: Sequence[models.Model], using: str = "default") -> None:
    """Insert instances of one model in few statements. Primary keys are not set on them."""
    if not objects:
        return
    model = type(objects[0])
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, AutoFieldMixin))
    ]
    connection = connections[using]
    quote = connection.ops.quote_name
    table = str(model._meta.db_table)
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(str(f.column)) for f in fields)}) VALUES "
    one_row = f"({', '.join(['%s'] * len(fields))})"
    # Text passes through unchanged; dates, JSON, files and keys go through Django's adaptation.
    # (exactly these types: subclasses such as the sealed fields transform their values).
    plain = [type(f) in _PLAIN_TEXT for f in fields]
    params: list[Any] = []
    for obj in objects:
        for field, is_plain in zip(fields, plain, strict=True):
            value = field.pre_save(obj, add=True)
            params.append(value if is_plain else field.get_db_prep_save(value, connection))
    width = len(fields)
    if connection.vendor == "postgresql":
        # COPY streams the rows in one command: several times faster than INSERT at scale.
        columns = ", ".join(quote(str(f.column)) for f in fields)
        statement = f"COPY {quote(table)} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for start in range(0, len(params), width):
                copy.write_row(params[start : start + width])
        return
    with connection.cursor() as cursor:
        for start in range(0, len(objects), ROWS_PER_STATEMENT):
            count = min(ROWS_PER_STATEMENT, len(objects) - start)
            cursor.execute(
                head + ", ".join([one_row] * count),
                params[start * width : (start + count) * width],
            )
