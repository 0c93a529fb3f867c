"""Seeded synthetic applicants and watchlists for tests, evaluation and benchmarks.

Pure Python (no Django), so the evaluation and benchmarks can run without a
database.  The same seed always yields the same data.
"""

from vetting.synthetic.applicants import SyntheticApplicant, generate_applicants
from vetting.synthetic.watchlist import (
    PEOPLE_CSV_HEADER,
    SyntheticWatchEntry,
    generate_watchlist,
    people_row,
    write_people_csv,
)

__all__ = [
    "PEOPLE_CSV_HEADER",
    "SyntheticApplicant",
    "SyntheticWatchEntry",
    "generate_applicants",
    "generate_watchlist",
    "people_row",
    "write_people_csv",
]
