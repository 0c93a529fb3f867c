"""Model fields whose values are sealed in the database and open only in the application.

An empty value stays empty (so "was a contact given?" needs no key); anything else is
sealed with its table and column as context. Only `isnull` and comparison with the empty
value work as look-ups; equality on content goes through a blind index (`NameIndexField`).
"""

import datetime
import json
from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from vetting.keys import seal


class _EmptyOnly(Exact):
    """`field=""` or `field=None` only: a sealed value never equals a plaintext."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if rhs not in ("", None):
            raise FieldError(
                f"{lhs.target.name} is encrypted: compare through its blind index instead"
            )
        super().__init__(lhs, rhs)


def column_context(model: Any, name: str) -> str:
    """What a sealed value of this model's column authenticates: its table and column."""
    return f"{model._meta.label_lower}.{name}"


class _Sealed:
    """Mixin: seal on the way into the database, open on the way out."""

    empty: Any = ""  # what a stored empty value reads as
    stored_plain: tuple[Any, ...] = ("",)  # values stored as they are (says only "none given")

    def _context(self) -> str:
        return column_context(self.model, self.name)  # type: ignore[attr-defined]

    def db_type(self, connection: Any) -> str:
        return str(connection.data_types["TextField"])

    def get_internal_type(self) -> str:
        return "TextField"

    def rel_db_type(self, connection: Any) -> str:
        return self.db_type(connection)

    def to_text(self, value: Any) -> str:
        return str(value)

    def from_text(self, text: str) -> Any:
        return text

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)  # type: ignore[attr-defined]
        if value is None or value in self.stored_plain:
            return value
        return seal.seal_text(self.to_text(value), self._context())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if value in self.stored_plain:
            return self.empty
        return self.from_text(seal.open_text(value, self._context()))

    def get_lookup(self, lookup_name: str) -> Any:
        return {"exact": _EmptyOnly, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None


class EncryptedCharField(_Sealed, models.CharField):  # type: ignore[misc]
    """A CharField (max_length validated on the plaintext) stored sealed in a text column."""


class EncryptedTextField(_Sealed, models.TextField):  # type: ignore[misc]
    pass


class EncryptedDateField(_Sealed, models.DateField):  # type: ignore[misc]
    empty = None

    def to_text(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, datetime.date) else str(value)

    def from_text(self, text: str) -> Any:
        return datetime.date.fromisoformat(text)


class EncryptedJSONField(_Sealed, models.JSONField):  # type: ignore[misc]
    stored_plain = ()  # an empty list or string is content too

    def get_prep_value(self, value: Any) -> Any:
        return value

    def to_text(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def from_text(self, text: str) -> Any:
        return json.loads(text)


def name_tokens(*names: str) -> list[str]:
    """What the matcher compares, for every word of the names: skeleton, surname stem, name group.

    Read through `vetting.matching`, so a declined, pasted or differently romanized
    name yields the tokens screening would compare (Шишкарьов, Shyshkarov and
    Shishkarev share the stem; Mykola and Николай the name group).
    """
    from vetting.matching.person import parse_name
    from vetting.matching.text import clean
    from vetting.matching.translit import skeleton

    tokens: dict[str, None] = {}
    for name in names:
        name = clean(name)
        for word in name.replace("-", " ").split():
            if token := skeleton(word):
                tokens[token] = None
        for form in parse_name(name) if name else ():
            tokens.update(dict.fromkeys(form.surnames + form.stems))
            for key in (form.given, form.patronymic.lstrip("?")):
                if key:
                    tokens[key] = None
    return list(tokens)


def word_tokens(word: str) -> list[str]:
    """The tokens any of which a search word stands for: its skeleton, stem or name group."""
    from vetting.matching.person import parse_name
    from vetting.matching.translit import skeleton

    tokens: dict[str, None] = {}
    if token := skeleton(word):
        tokens[token] = None
    for form in parse_name(word):
        tokens.update(dict.fromkeys(form.stems))
        if form.given_known:
            tokens[form.given] = None
    return list(tokens)


class NameIndexField(models.TextField):
    """Blind index of the words of some name fields, filled on save: `" t1 t2 "`.

    Search matches a word's keyed digest, so an officer finds Шишкарёв by typing
    Shishkarev, and the column holds no name.
    """

    def __init__(self, *args: Any, sources: tuple[str, ...] = (), **kwargs: Any) -> None:
        self.sources = tuple(sources)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = self.sources
        for key in ("editable", "blank", "default"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        names = [getattr(model_instance, source) or "" for source in self.sources]
        value = index_value(*names)
        setattr(model_instance, self.attname, value)
        return value


def index_value(*names: str) -> str:
    tokens = [seal.blind_index(token, "name") for token in name_tokens(*names)]
    return f" {' '.join(tokens)} " if tokens else ""


def name_query(word: str) -> list[str]:
    """The blind-index tokens a search word stands for; a name matching any of them is found."""
    return [f" {seal.blind_index(token, 'name')} " for token in word_tokens(word)]


def blind_value(value: str, purpose: str) -> str:
    """The blind-index digest of a short value (a status, a site): case and spacing do not
    count; empty stays empty."""
    folded = " ".join(str(value).casefold().split())
    return seal.blind_index(folded, purpose) if folded else ""


class BlindIndexField(models.CharField):
    """Keyed digest of a sealed field's value, filled on save, so that pages can filter on a
    column that a copy of the database cannot read: `filter(x_index=blind_value(v, purpose))`."""

    def __init__(self, *args: Any, source: str = "", purpose: str = "", **kwargs: Any) -> None:
        self.source, self.purpose = source, purpose or source
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"], kwargs["purpose"] = self.source, self.purpose
        for key in ("max_length", "editable", "blank", "default", "db_index"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = blind_value(getattr(model_instance, self.source) or "", self.purpose)
        setattr(model_instance, self.attname, value)
        return value
