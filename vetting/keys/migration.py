"""Sealing what an older version stored in plaintext, for the migrations that encrypt a column."""

from collections.abc import Callable, Sequence
from typing import Any

from vetting.keys import seal
from vetting.keys.fields import blind_value, column_context, index_value

BATCH = 2000


def seal_columns(
    model_label: str,
    columns: Sequence[str],
    name_index: Sequence[str] = (),
    blind: Sequence[tuple[str, str]] = (),
) -> Callable[[Any, Any], None]:
    """A RunPython step: seal every non-empty plaintext value of `columns` in place.

    Values already sealed are left alone, so the step can be rerun after an interruption.
    With `name_index`, the blind index is computed from those (plaintext) name columns; each
    (index column, source column) of `blind` gets the blind value of its source.
    """

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(model_label)
        written = [*columns, *(["name_index"] if name_index else []), *(i for i, _ in blind)]

        def sealed(plain: dict[str, Any]) -> list[Any]:
            values = [
                v
                if v in (None, "") or seal.is_sealed(str(v))
                else _seal(v, column_context(model, c))
                for c, v in plain.items()
            ]
            if name_index:
                values.append(index_value(*(_plain_of(model, plain, c) for c in name_index)))
            values += [blind_value(_plain_of(model, plain, s), s) for _i, s in blind]
            return values

        _rewrite_rows(schema_editor.connection, model, columns, written, sealed)

    return run


def _rewrite_rows(
    connection: Any,
    model: Any,
    read: Sequence[str],
    written: Sequence[str],
    rewrite: Callable[[dict[str, Any]], list[Any]],
) -> None:
    """Every row of `model` in batches of BATCH, in id order: `rewrite` turns the values of
    the `read` columns into those of the `written` ones. Rerunnable when `rewrite` is."""
    table = connection.ops.quote_name(model._meta.db_table)
    quote = connection.ops.quote_name
    selected = ", ".join(quote(c) for c in ["id", *read])
    assignments = ", ".join(f"{quote(c)} = %s" for c in written)
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {selected} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        updates = [[*rewrite(dict(zip(read, values, strict=True))), pk] for pk, *values in rows]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", updates)
        last = rows[-1][0]


def _plain_of(model: Any, plain: dict[str, Any], column: str) -> str:
    return _plain(plain[column], column_context(model, column))


def _seal(value: Any, context: str) -> str:
    return seal.seal_text(value if isinstance(value, str) else str(value), context)


def _plain(value: Any, context: str) -> str:
    if value in (None, ""):
        return ""
    text = str(value)
    return seal.open_text(text, context) if seal.is_sealed(text) else text


def randomize_file_names(
    model_label: str, file_field: str, name_field: str, storage_alias: str
) -> Callable[[Any, Any], None]:
    """A RunPython step: give every stored file of `file_field` a random name on disk and keep
    the name it had, sealed, in `name_field`. Files already renamed are left alone."""

    def run(apps: Any, schema_editor: Any) -> None:
        import os

        from django.core.files.storage import storages

        from vetting.keys.storage import random_name

        storage = storages[storage_alias]
        model = apps.get_model(model_label)
        for row in model.objects.exclude(**{file_field: ""}).order_by("pk").iterator():
            old = getattr(row, file_field).name
            if getattr(row, name_field):
                continue
            new = random_name(old)
            if os.path.exists(storage.path(old)):
                os.rename(storage.path(old), storage.path(new))
            setattr(row, file_field, new)
            setattr(row, name_field, os.path.basename(old)[:255])
            row.save(update_fields=[file_field, name_field])

    return run


def reindex_names(model_label: str, columns: Sequence[str]) -> Callable[[Any, Any], None]:
    """A RunPython step: recompute the blind name index from the sealed name `columns`.

    For when what the index holds per word changes; rerunnable.
    """

    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(model_label)
        _rewrite_rows(
            schema_editor.connection,
            model,
            columns,
            ["name_index"],
            lambda plain: [index_value(*(_plain_of(model, plain, c) for c in columns))],
        )

    return run


def place_indexes(
    model_label: str, purpose: str
) -> tuple[Callable[[Any, Any], None], Callable[[Any, Any], None]]:
    """The two RunPython steps that turn a `place` foreign key into the keyed digest of its
    id in `place_index` (forward), and fill the key back from the digest (backward)."""

    def digest(pk: int) -> str:
        return seal.blind_index(str(int(pk)), purpose)

    def forward(apps: Any, schema_editor: Any) -> None:
        rows = apps.get_model(model_label).objects
        for place_id in sorted(set(rows.exclude(place_id=None).values_list("place_id", flat=True))):
            rows.filter(place_id=place_id).update(place_index=digest(place_id))

    def backward(apps: Any, schema_editor: Any) -> None:
        rows = apps.get_model(model_label).objects
        for pk in apps.get_model("places", "Place").objects.values_list("pk", flat=True):
            rows.filter(place_index=digest(pk)).update(place_id=pk)

    return forward, backward
