"""Sealing what an older version stored in plaintext, for the migrations that encrypt a column."""

from collections.abc import Callable, Sequence
from typing import Any

from vetting.keys import seal
from vetting.keys.fields import column_context, index_value

BATCH = 2000


def seal_columns(
    model_label: str, columns: Sequence[str], name_index: Sequence[str] = ()
) -> Callable[[Any, Any], None]:
    """A RunPython step: seal every non-empty plaintext value of `columns` in place.

    Values already sealed are left alone, so the step can be rerun after an interruption.
    With `name_index`, the blind index is computed from those (plaintext) name columns.
    """

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(model_label)
        table = model._meta.db_table
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        selected = ", ".join(quote(c) for c in ["id", *columns])
        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
        if name_index:
            assignments += f", {quote('name_index')} = %s"
        last = 0
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {selected} FROM {quote(table)} WHERE id > %s ORDER BY id LIMIT %s",
                    [last, BATCH],
                )
                rows = cursor.fetchall()
            if not rows:
                return
            updates = []
            for pk, *values in rows:
                plain = dict(zip(columns, values, strict=True))
                sealed = [
                    v
                    if v in (None, "") or seal.is_sealed(str(v))
                    else _seal(v, column_context(model, c))
                    for c, v in plain.items()
                ]
                if name_index:
                    names = [_plain(plain[c], column_context(model, c)) for c in name_index]
                    sealed.append(index_value(*names))
                updates.append([*sealed, pk])
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {quote(table)} SET {assignments} WHERE id = %s", updates
                )
            last = rows[-1][0]

    return run


def _seal(value: Any, context: str) -> str:
    return seal.seal_text(value if isinstance(value, str) else str(value), context)


def _plain(value: Any, context: str) -> str:
    if value in (None, ""):
        return ""
    text = str(value)
    return seal.open_text(text, context) if seal.is_sealed(text) else text
