"""Parsing and comparing birth dates."""

import pytest

from vetting.matching.dates import BirthDate, compare_dates, parse_date, parse_date_leniently


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1985-03-14", BirthDate(1985, 3, 14)),
        ("1985-03", BirthDate(1985, 3, 0)),
        ("1985", BirthDate(1985, 0, 0)),
        ("", BirthDate()),
        (" 1985-03-14 ", BirthDate(1985, 3, 14)),
    ],
)
def test_valid_dates_parse(text: str, parsed: BirthDate) -> None:
    assert parse_date(text) == parsed


@pytest.mark.parametrize("text", ["1985-13-01", "1985-02-30", "14.03.1985", "85", "abc", "0000"])
def test_invalid_dates_are_refused(text: str) -> None:
    assert parse_date(text) is None


def test_lenient_parse_reads_an_impossible_month_as_swapped() -> None:
    assert parse_date_leniently("1985-14-03") == BirthDate(1985, 3, 14)
    assert parse_date_leniently("junk") == BirthDate()


def verdict(a: str, b: str) -> tuple[float, str]:
    pa, pb = parse_date(a), parse_date(b)
    assert pa is not None and pb is not None
    v = compare_dates(pa, pb)
    assert v == compare_dates(pb, pa) or v.weight == compare_dates(pb, pa).weight
    return v.weight, v.words


def test_equal_dates_are_strong_evidence() -> None:
    assert verdict("1985-03-14", "1985-03-14") == (2.5, "equal")


def test_missing_date_is_neutral() -> None:
    assert verdict("", "1985-03-14") == (0.0, "missing")


def test_swapped_day_and_month() -> None:
    weight, words = verdict("1985-03-07", "1985-07-03")
    assert weight > 0 and words == "day and month swapped"


def test_one_digit_typo() -> None:
    weight, words = verdict("1985-03-14", "1985-03-19")
    assert weight > 0 and words.startswith("one-digit difference in day")


def test_year_off_by_one() -> None:
    weight, _ = verdict("1985-03-14", "1986-03-14")
    assert weight > 0


def test_year_only_agrees() -> None:
    assert verdict("1985", "1985-03-14") == (1.0, "same year")


def test_ten_years_apart_is_strong_evidence_against() -> None:
    weight, words = verdict("1985-03-14", "1995-03-14")
    assert weight <= -6 and words == "years differ (1985 vs 1995)"
