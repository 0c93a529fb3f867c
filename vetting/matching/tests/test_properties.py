"""Properties over arbitrary input: never crash, scores in [0, 1], symmetric."""

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from vetting.matching import Record, normalize, score
from vetting.matching.translit import skeleton

NAME_ALPHABET = st.characters(codec="utf-8")
CYRILLIC_NAME = st.text(
    alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґАБВГДЕЁЖЗИЙКЛМНОПРСТУФ'- .,",
    max_size=40,
)
dates = st.one_of(
    st.just(""),
    st.dates().map(lambda d: d.isoformat()),
    st.integers(1900, 2010).map(str),
    st.text(max_size=12),
)
records = st.builds(
    Record,
    id=st.text(max_size=5),
    name=st.one_of(st.text(NAME_ALPHABET, max_size=40), CYRILLIC_NAME),
    birth_date=dates,
    gender=st.sampled_from(["", "M", "F", "ж", "x"]),
    place_of_birth=st.text(max_size=15),
    unit=st.text(max_size=5),
    service_number=st.text(max_size=8),
    aliases=st.lists(st.text(NAME_ALPHABET, max_size=20), max_size=2).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(records, records)
def test_score_never_crashes_stays_in_range_and_is_symmetric(a: Record, b: Record) -> None:
    pa, pb = normalize(a), normalize(b)
    ab, ba = score(pa, pb), score(pb, pa)
    assert 0.0 <= ab.score <= 1.0
    assert ab.score == ba.score
    assert isinstance(ab.explanation, str)


@settings(max_examples=200, deadline=None)
@given(records)
def test_a_record_scores_at_least_as_high_against_itself_as_against_a_stranger(r: Record) -> None:
    p = normalize(r)
    stranger = normalize(Record("s", "Zzyzx Qwerty", "1900-01-01"))
    assert score(p, p).score >= score(p, stranger).score or not p.names


@given(st.text(NAME_ALPHABET, max_size=30))
def test_skeleton_is_plain_ascii_letters(text: str) -> None:
    assert all("a" <= c <= "z" or c in "SZCHX" for c in skeleton(text))


def test_importing_the_package_does_not_import_django() -> None:
    code = "import vetting.matching, sys; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
