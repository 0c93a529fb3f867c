"""Identity matching for vetting: is this applicant on a watchlist, or already known?

Names in Russian and Ukrainian Cyrillic and in any common romanization are
folded to comparable skeletons, compared part by part (surname, given name,
patronymic) together with birth date and other fields, and scored with an
explanation in words. `Index` screens one person against a large watchlist;
`cluster` groups the records of one person in a large batch. Pure Python.
"""

from vetting.matching.clustering import Cluster, cluster
from vetting.matching.index import Hit, Index
from vetting.matching.person import Person, Record, normalize, normalize_all
from vetting.matching.scoring import DEFAULT_THRESHOLD, Match, score

__all__ = [
    "DEFAULT_THRESHOLD",
    "Cluster",
    "Hit",
    "Index",
    "Match",
    "Person",
    "Record",
    "cluster",
    "normalize",
    "normalize_all",
    "score",
]
