"""Publicity periods, list terms, earliest repair and decision deadlines (``data/terms.csv``,
each line with its source and how far it is verified)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from qualitas.credit.choices import ListKind, PenaltyType

TERMS_CSV = Path(__file__).resolve().parent / "data" / "terms.csv"


@dataclass(frozen=True, kw_only=True)
class Term:
    item: str
    publicity_days: int
    earliest_repair_days: int
    decision_days: int
    source: str
    verification: str


@cache
def terms() -> dict[str, Term]:
    with TERMS_CSV.open(encoding="utf-8") as fh:
        return {
            row["item"]: Term(
                item=row["item"],
                publicity_days=int(row["publicity_days"]),
                earliest_repair_days=int(row["earliest_repair_days"]),
                decision_days=int(row["decision_days"]),
                source=row["source"],
                verification=row["verification"],
            )
            for row in csv.DictReader(fh)
        }


#: A fine up to this amount (yuan) counts as a "lower fine" for early repair (platform setting).
LOWER_FINE = 100_000


def record_term(penalty_type: str, amount: object) -> Term:
    """The term of a penalty: a warning or a lower fine is ``penalty_light``; others ``penalty``."""
    light = penalty_type == PenaltyType.WARNING or (
        penalty_type == PenaltyType.FINE and amount is not None and float(amount) <= LOWER_FINE  # type: ignore[arg-type]
    )
    return terms()["penalty_light" if light else "penalty"]


def list_term(kind: str) -> Term:
    return terms()[ListKind(kind).value]


def appeal_term() -> Term:
    """The deadline of an appeal of a rating (the platform's own)."""
    return terms()["appeal"]
