"""A demo watchlist: mostly strangers, and a few demo applicants written the way another
agency's list would write them, so that screening has something to find."""

import csv
import io

from vetting.audit.actions import Actor
from vetting.screening.actions import WatchlistImport, import_watchlist
from vetting.synthetic import generate_applicants, generate_watchlist
from vetting.synthetic.watchlist import PEOPLE_CSV_HEADER, people_row

DEMO_WATCHLIST = "Known intelligence officers (demo)"


def create_demo_watchlist(seed: int, applications: int, entries: int) -> WatchlistImport:
    """Import `entries` synthetic watchlist entries, ~1% of them demo applicants."""
    applicants = generate_applicants(seed, applications)
    rows = generate_watchlist(seed + 1, entries, applicants, share_from_applicants=0.015)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=PEOPLE_CSV_HEADER)
    writer.writeheader()
    writer.writerows(people_row(row) for row in rows)
    text.seek(0)
    return import_watchlist(
        text,
        watchlist_name=DEMO_WATCHLIST,
        file_name="demo-watchlist.csv",
        jsonl=False,
        actor=Actor(origin=f"demo generator seed={seed}"),
    )
