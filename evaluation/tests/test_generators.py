"""The evaluation's own generators: an inflector and corruptions independent of the matcher."""

import ast
import unicodedata
from pathlib import Path

from evaluation import declension
from evaluation.documents import DECLINED_KINDS, PASTED_KINDS, build_document_pairs
from evaluation.namesakes import NAMESAKE_KINDS, build_namesake_pairs
from evaluation.pairs import is_lookalike


def test_the_inflector_declines_as_the_grammars_do() -> None:
    dative = [
        declension.ukrainian_surname("Шишкарьов", False, "datv"),
        declension.ukrainian_given("Микола", "datv"),
        declension.ukrainian_patronymic("Олександрович", "datv"),
    ]
    assert dative == ["Шишкарьову", "Миколі", "Олександровичу"]
    assert declension.ukrainian_given("Микола", "voct") == "Миколо"
    assert declension.russian_surname("Шишкарёв", False, "ablt") == "Шишкарёвым"
    assert declension.russian_surname("Титова", True, "gent") == "Титовой"
    assert declension.russian_given("Пётр", "gent") == "Петра"
    assert declension.russian_patronymic("Ивановна", "datv") == "Ивановне"


def test_the_inflector_does_not_import_the_matchers_dictionaries() -> None:
    tree = ast.parse(Path(declension.__file__).read_text(encoding="utf-8"))
    imported = [
        alias.name if isinstance(node, ast.Import) else node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [m for m in imported if "pymorphy" in m or m.startswith("vetting")]


def test_every_kind_is_built_and_pasted_names_carry_their_corruption() -> None:
    pairs = build_document_pairs(7, per_kind=5) + build_namesake_pairs(7, per_kind=5)
    kinds = {p.kind for p in pairs}
    assert set(DECLINED_KINDS) | set(PASTED_KINDS) | set(NAMESAKE_KINDS) <= kinds
    for p in pairs:
        assert p.same_person != is_lookalike(p.kind), p.kind
    invisible = [p for p in pairs if p.kind == "pasted:zero_width"]
    assert all(any(unicodedata.category(c) == "Cf" for c in p.b.name) for p in invisible)
