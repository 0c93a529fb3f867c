"""Names written in the oblique cases of Russian and Ukrainian, as documents write them."""

import pytest

from vetting.matching import DEFAULT_THRESHOLD, Record, normalize, score
from vetting.matching.cases import explain, read_declined
from vetting.matching.person import parse_name

SHISHKAREV = normalize(Record("a", "Шишкарёв Николай Александрович", "1985-03-14"))


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (
            "Командиру в/ч А1234 от Шишкарёва Николая Александровича",
            "Шишкарёва: genitive of Шишкарёв",
        ),
        ("беседа с Шишкарёвым Н. А.", "Шишкарёвым: instrumental of Шишкарёв"),
        ("сведения о Шишкарёве", "Шишкарёве: locative of Шишкарёв"),
        ("видано Шишкарьову Миколі Олександровичу", "Миколі: dative of Микола"),
        ("Николаю Александровичу Шишкарёву", "Николаю: dative of Николай"),
        ("Шановний Миколо Олександровичу Шишкарьов", "Миколо: vocative of Микола"),
        ("ОТ ШИШКАРЁВА НИКОЛАЯ АЛЕКСАНДРОВИЧА", "genitive of"),
        ("прошу зарахувати Шишкарьова Миколу Олександровича", "Миколу: accusative of Микола"),
    ],
)
def test_a_declined_name_in_a_document_finds_the_person(written: str, read: str) -> None:
    match = score(SHISHKAREV, normalize(Record("b", written, "1985-03-14")))
    assert match.score >= DEFAULT_THRESHOLD, match.explanation
    assert read in match.explanation


def test_the_application_header_is_no_longer_a_gender_conflict() -> None:
    header = normalize(Record("b", "от Шишкарёва Николая Александровича", "1985-03-14"))
    match = score(SHISHKAREV, header)
    assert match.score > 0.99
    assert "gender conflict" not in match.explanation


def test_a_relative_named_in_a_document_is_not_the_person() -> None:
    sister = normalize(Record("b", "беседа с Шишкарёвой Марией Александровной", "1985-03-14"))
    brother = normalize(Record("c", "от Шишкарёва Петра Александровича"))
    assert score(SHISHKAREV, sister).score < DEFAULT_THRESHOLD
    assert score(SHISHKAREV, brother).score < DEFAULT_THRESHOLD


def test_a_name_in_the_nominative_gets_no_other_reading() -> None:
    assert read_declined("Иванова Мария") == ()
    assert len(parse_name("Иванова Мария Петровна")) == 1
    assert len(parse_name("Шишкарёв Николай Александрович")) == 1


def test_a_name_the_grammar_leaves_open_is_read_both_ways() -> None:
    # A woman's name in the nominative, or a man's in the genitive.
    readings = [r.name for r in read_declined("Александра Викулова")]
    assert "Александр Викулов" in readings
    woman = normalize(Record("w", "Викулова Александра Петровна", "1990-01-01"))
    assert score(woman, normalize(Record("x", "Александра Викулова", "1990-01-01"))).score > 0.9


def test_the_explanation_names_the_case_of_each_word() -> None:
    (reading,) = read_declined("видано Шишкарьову Миколі Олександровичу")
    assert reading.name == "Шишкарьов Микола Олександрович"
    assert explain(reading) == (
        "Шишкарьову: dative of Шишкарьов; Миколі: dative of Микола; "
        "Олександровичу: dative of Олександрович"
    )
    assert reading.document_words
