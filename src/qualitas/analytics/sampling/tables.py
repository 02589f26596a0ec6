"""Tables of GB/T 2828.1-2012 (≡ ISO 2859-1:1999) and MIL-STD-105E (≡ ANSI/ASQ Z1.4).

These are facts of published standards, written here by hand as the project's own data:

* **Table 1** (ISO 2859-1:1999 / GB/T 2828.1-2012; MIL-STD-105E and ANSI/ASQ Z1.4 Table I):
  sample size code letters by lot size for the special levels S-1…S-4 and the general levels
  I, II, III. The two families print the same table.
* **Table 2-A / II-A** normal, **2-B / II-B** tightened and **2-C / II-C** reduced single
  sampling master tables. Each row below is one code letter, read left to right over the 26
  AQL columns 0.010 … 1000, exactly as printed: ``Ac/Re`` is a plan, ``↓`` means "use the
  first sampling plan below the arrow", ``↑`` "use the first sampling plan above the arrow"
  and ``-`` is a blank cell (or, for the reduced tables, a column this module does not
  tabulate: see below). The sample size of a plan is the sample size of the row where the plan
  is printed, so following an arrow changes the code letter and the sample size together.

Where the families differ (cells checked against the printed tables where we had them, and
against the R package AQLSchemes 1.7-2 for MIL-STD-105E in ``tests/analytics``):

* **Reduced inspection.** MIL-STD-105E Table II-C has a gap between Ac and Re (0/2, 1/3, 1/4,
  2/5, 3/6, 5/8, 7/10, 10/13): a lot with Ac < d < Re is accepted but normal inspection is
  reinstated (105E 10.1.4). ISO 2859-1:1999 removed that gap: every Table 2-C plan has
  Re = Ac + 1 (0/1, 1/2, 2/3, 3/4, 5/6, 6/7, 8/9, 10/11), with its own diagonals.
* **Tightened, code letter A at AQL 10.** ISO 2859-1:1999 / GB/T 2828.1-2012 Table 2-B prints
  0/1 (n = 2); MIL-STD-105E Table II-B as tabulated by AQLSchemes has ↓ there (→ D, n = 8, 1/2).
* Normal inspection tables are identical.

Reduced plans are tabulated here for AQL ≤ 10 (percent nonconforming) only: the reduced
cells above AQL 10 (nonconformities per 100 units) of rows A–C could not be checked against a
printed copy, so :func:`~qualitas.analytics.sampling.plans.single_sampling_plan` refuses them
rather than guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

#: The AQL columns of Tables 2-A/2-B/2-C (and II-A/II-B/II-C), as printed. AQL ≤ 10 may be
#: percent nonconforming or nonconformities per 100 units; AQL > 10 only the latter
#: (ISO 2859-1:1999 clause 5.2).
AQL_LABELS: Final[tuple[str, ...]] = (
    "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65",
    "1.0", "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65", "100", "150", "250",
    "400", "650", "1000",
)  # fmt: skip

#: Code letters in table order (I and O are not used by the standards).
CODE_LETTERS: Final[tuple[str, ...]] = tuple("ABCDEFGHJKLMNPQR")

#: Levels of Table 1, in its column order.
LEVELS: Final[tuple[str, ...]] = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")

#: Table 1: (smallest lot, largest lot or None for "and over", letters for LEVELS).
CODE_LETTER_TABLE: Final[tuple[tuple[int, int | None, str], ...]] = (
    (2, 8, "AAAAAAB"),
    (9, 15, "AAAAABC"),
    (16, 25, "AABBBCD"),
    (26, 50, "ABBCCDE"),
    (51, 90, "BBCCCEF"),
    (91, 150, "BBCDDFG"),
    (151, 280, "BCDEEGH"),
    (281, 500, "BCDEFHJ"),
    (501, 1200, "CCEFGJK"),
    (1201, 3200, "CDEGHKL"),
    (3201, 10000, "CDFGJLM"),
    (10001, 35000, "CDFHKMN"),
    (35001, 150000, "DEGJLNP"),
    (150001, 500000, "DEGJMPQ"),
    (500001, None, "DEHKNQR"),
)

#: Sample size of each code letter under normal and tightened inspection (Tables 2-A, 2-B;
#: S appears in the tightened table only, at AQL 0.025).
SAMPLE_SIZE: Final[Mapping[str, int]] = {
    "A": 2, "B": 3, "C": 5, "D": 8, "E": 13, "F": 20, "G": 32, "H": 50, "J": 80, "K": 125,
    "L": 200, "M": 315, "N": 500, "P": 800, "Q": 1250, "R": 2000, "S": 3150,
}  # fmt: skip

#: Sample size of each code letter under reduced inspection (Tables 2-C and II-C).
REDUCED_SAMPLE_SIZE: Final[Mapping[str, int]] = {
    "A": 2, "B": 2, "C": 2, "D": 3, "E": 5, "F": 8, "G": 13, "H": 20, "J": 32, "K": 50,
    "L": 80, "M": 125, "N": 200, "P": 315, "Q": 500, "R": 800,
}  # fmt: skip

# The master tables. One string per code letter, 26 cells, as printed.
# fmt: off
#: GB/T 2828.1-2012 = ISO 2859-1:1999 Table 2-A, single sampling plans for normal inspection.
#: MIL-STD-105E / ANSI/ASQ Z1.4 Table II-A is the same table.
GB2828_TABLE_2A: Final[Mapping[str, str]] = {
    "A": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31",
    "B": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45",
    "C": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑",
    "D": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑ ↑",
    "E": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ↑ ↑ ↑",
    "F": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑",
    "G": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "H": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "J": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "K": "↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "L": "↓ ↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "M": "↓ ↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "N": "↓ ↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "P": "↓ 0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "Q": "0/1 ↑ ↓ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "R": "↑ ↑ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
}

#: GB/T 2828.1-2012 = ISO 2859-1:1999 Table 2-B, single sampling plans for tightened inspection.
GB2828_TABLE_2B: Final[Mapping[str, str]] = {
    "A": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28",
    "B": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42",
    "C": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑",
    "D": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑ ↑",
    "E": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑ ↑ ↑",
    "F": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑",
    "G": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "H": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "J": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "K": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "L": "↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "M": "↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "N": "↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "P": "↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "Q": "↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "R": "0/1 ↑ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "S": "- - 1/2 - - - - - - - - - - - - - - - - - - - - - - -",
}

#: GB/T 2828.1-2012 = ISO 2859-1:1999 Table 2-C, single sampling plans for reduced inspection
#: (no Ac/Re gap; AQL > 10 not tabulated here).
GB2828_TABLE_2C: Final[Mapping[str, str]] = {
    "A": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ - - - - - - - - - -",
    "B": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ - - - - - - - - - -",
    "C": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ - - - - - - - - - -",
    "D": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 - - - - - - - - - -",
    "E": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 - - - - - - - - - -",
    "F": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 - - - - - - - - - -",
    "G": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 - - - - - - - - - -",
    "H": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 - - - - - - - - - -",
    "J": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 - - - - - - - - - -",
    "K": "↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 - - - - - - - - - -",
    "L": "↓ ↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ - - - - - - - - - -",
    "M": "↓ ↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ - - - - - - - - - -",
    "N": "↓ ↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ - - - - - - - - - -",
    "P": "↓ 0/1 ↑ ↓ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ - - - - - - - - - -",
    "Q": "0/1 ↑ ↑ ↓ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ - - - - - - - - - -",
    "R": "↑ ↑ ↑ 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ↑ ↑ ↑ ↑ ↑ ↑ - - - - - - - - - -",
}

#: MIL-STD-105E / ANSI/ASQ Z1.4 Table II-B, tightened (row A at AQL 10 differs from ISO).
Z14_TABLE_IIB: Final[Mapping[str, str]] = {
    "A": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28",
    "B": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42",
    "C": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑",
    "D": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑ ↑",
    "E": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ↑ ↑ ↑",
    "F": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑",
    "G": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "H": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "J": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "K": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "L": "↓ ↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "M": "↓ ↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "N": "↓ ↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "P": "↓ ↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "Q": "↓ 0/1 ↓ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "R": "0/1 ↑ ↓ 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑ ↑",
    "S": "- - 1/2 - - - - - - - - - - - - - - - - - - - - - - -",
}

#: MIL-STD-105E / ANSI/ASQ Z1.4 Table II-C, reduced, with its Ac/Re gaps (AQL > 10 not
#: tabulated here).
Z14_TABLE_IIC: Final[Mapping[str, str]] = {
    "A": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↓ - - - - - - - - - -",
    "B": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ - - - - - - - - - -",
    "C": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 - - - - - - - - - -",
    "D": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 - - - - - - - - - -",
    "E": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 - - - - - - - - - -",
    "F": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 - - - - - - - - - -",
    "G": "↓ ↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 - - - - - - - - - -",
    "H": "↓ ↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 - - - - - - - - - -",
    "J": "↓ ↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 - - - - - - - - - -",
    "K": "↓ ↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 - - - - - - - - - -",
    "L": "↓ ↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ - - - - - - - - - -",
    "M": "↓ ↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ - - - - - - - - - -",
    "N": "↓ ↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ - - - - - - - - - -",
    "P": "↓ 0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ - - - - - - - - - -",
    "Q": "0/1 ↑ ↓ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑ - - - - - - - - - -",
    "R": "↑ ↑ 0/2 1/3 1/4 2/5 3/6 5/8 7/10 10/13 ↑ ↑ ↑ ↑ ↑ ↑ - - - - - - - - - -",
}
# fmt: on

Z14_TABLE_IIA: Final[Mapping[str, str]] = GB2828_TABLE_2A

#: (standard, inspection) → master table, with the name under which the standard prints it.
MASTER_TABLES: Final[Mapping[tuple[str, str], tuple[str, Mapping[str, str]]]] = {
    ("gb2828", "normal"): ("GB/T 2828.1-2012 (ISO 2859-1:1999) Table 2-A", GB2828_TABLE_2A),
    ("gb2828", "tightened"): ("GB/T 2828.1-2012 (ISO 2859-1:1999) Table 2-B", GB2828_TABLE_2B),
    ("gb2828", "reduced"): ("GB/T 2828.1-2012 (ISO 2859-1:1999) Table 2-C", GB2828_TABLE_2C),
    ("z14", "normal"): ("MIL-STD-105E / ANSI/ASQ Z1.4 Table II-A", Z14_TABLE_IIA),
    ("z14", "tightened"): ("MIL-STD-105E / ANSI/ASQ Z1.4 Table II-B", Z14_TABLE_IIB),
    ("z14", "reduced"): ("MIL-STD-105E / ANSI/ASQ Z1.4 Table II-C", Z14_TABLE_IIC),
}
