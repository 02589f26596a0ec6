"""Sample size code letters and single sampling plans (GB/T 2828.1 / ISO 2859-1, ANSI Z1.4).

The plan is read from the master table of the chosen standard and inspection severity, and the
table's arrows are followed to the first plan below (↓) or above (↑); the code letter where the
arrow starts and the one where the plan is printed are both reported, because the sample size
is the one of the row where the plan is printed (ISO 2859-1:1999 clause 10.2, note to Table 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from qualitas.analytics.errors import AnalyticsError, SpecificationError
from qualitas.analytics.sampling import tables

if TYPE_CHECKING:
    from qualitas.analytics.sampling.oc import OCCurve

Standard = Literal["gb2828", "z14"]
Inspection = Literal["normal", "tightened", "reduced"]

STANDARDS: tuple[str, ...] = get_args(Standard)
INSPECTIONS: tuple[str, ...] = get_args(Inspection)

#: Above this AQL the standards express quality as nonconformities per 100 units only
#: (ISO 2859-1:1999 clause 5.2: AQLs above 10 are for nonconformities per 100 units).
PERCENT_NONCONFORMING_MAX_AQL = 10.0


@dataclass(frozen=True, kw_only=True)
class TableCell:
    """One master-table plan after the arrows have been followed.

    Attributes
    ----------
    code_letter : str
        Code letter whose row was entered.
    code_letter_after_arrow : str
        Code letter of the row where the plan is printed (equal to ``code_letter`` when the
        cell holds a plan).
    arrow : str or None
        ``"down"`` or ``"up"`` when the entered cell held an arrow, else None.
    sample_size : int
        Sample size of ``code_letter_after_arrow`` under this inspection severity.
    accept, reject : int
        Acceptance number Ac and rejection number Re.
    table : str
        Name of the master table as the standard prints it.
    """

    code_letter: str
    code_letter_after_arrow: str
    arrow: str | None
    sample_size: int
    accept: int
    reject: int
    table: str


@dataclass(frozen=True, kw_only=True)
class SamplingPlan:
    """A single sampling plan for one lot.

    Attributes
    ----------
    standard : str
        ``"gb2828"`` (GB/T 2828.1-2012 ≡ ISO 2859-1:1999) or ``"z14"`` (ANSI/ASQ Z1.4 ≡
        MIL-STD-105E).
    inspection : str
        ``"normal"``, ``"tightened"`` or ``"reduced"``.
    lot_size : int
        Number of items in the lot.
    level : str
        Inspection level (S-1 … S-4, I, II, III).
    aql : float
        Acceptance quality limit as given (one of the table's columns).
    aql_basis : str
        ``"percent_nonconforming_or_per_100_units"`` for AQL ≤ 10 (the tables serve both),
        ``"nonconformities_per_100_units"`` above 10.
    code_letter : str
        Code letter from Table 1 for the lot size and level, before any arrow.
    code_letter_after_arrow : str
        Code letter of the plan actually used after following the table's arrow.
    arrow : str or None
        ``"down"``/``"up"`` when an arrow was followed.
    table_sample_size : int
        Sample size printed for ``code_letter_after_arrow``.
    sample_size : int
        Items to inspect: ``table_sample_size``, or the whole lot when that is at least the
        lot size (``hundred_percent``).
    accept, reject : int
        Acceptance number Ac and rejection number Re. For MIL-STD-105E reduced plans Re may
        exceed Ac + 1 (see :mod:`qualitas.analytics.sampling.tables`).
    hundred_percent : bool
        True when the table's sample size equals or exceeds the lot size: the standards then
        require 100 % inspection of the lot.
    table : str
        Name of the master table used.
    """

    standard: str
    inspection: str
    lot_size: int
    level: str
    aql: float
    aql_basis: str
    code_letter: str
    code_letter_after_arrow: str
    arrow: str | None
    table_sample_size: int
    sample_size: int
    accept: int
    reject: int
    hundred_percent: bool
    table: str

    def to_dict(self, *, oc: OCCurve | None = None) -> dict[str, Any]:
        """The public JSON object of a sampling plan (``qualitas analyze sampling``, diagnosis
        studies), with its OC curve under ``"oc"`` (None when not given)."""
        return {
            "code_letter": self.code_letter,
            "code_letter_after_arrow": self.code_letter_after_arrow,
            "sample_size": self.sample_size,
            "accept": self.accept,
            "reject": self.reject,
            "hundred_percent": self.hundred_percent,
            "table_sample_size": self.table_sample_size,
            "arrow": self.arrow,
            "standard": self.standard,
            "inspection": self.inspection,
            "lot_size": self.lot_size,
            "level": self.level,
            "aql": self.aql,
            "aql_basis": self.aql_basis,
            "table": self.table,
            "oc": None if oc is None else oc.to_dict(),
        }


def _check_choice(value: str, name: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise AnalyticsError(f"{name} {value!r} is not one of: {', '.join(choices)}")


def aql_column(aql: float) -> int:
    """Index of the AQL among the table columns, or raise listing the valid values."""
    if isinstance(aql, bool) or not isinstance(aql, (int, float)) or not math.isfinite(aql):
        raise SpecificationError(f"aql {aql!r} must be a number")
    for index, label in enumerate(tables.AQL_LABELS):
        if math.isclose(float(label), float(aql), rel_tol=1e-9):
            return index
    raise SpecificationError(
        f"aql {aql:g} is not a column of the tables; valid AQLs are: {', '.join(tables.AQL_LABELS)}"
    )


def code_letter(*, lot_size: int, level: str = "II") -> str:
    """Sample size code letter of Table 1 for a lot size and inspection level.

    Parameters
    ----------
    lot_size : int
        Number of items in the lot, at least 2 (Table 1 starts at 2).
    level : str
        ``"S-1"`` … ``"S-4"`` (special) or ``"I"``, ``"II"``, ``"III"`` (general); II is the
        standards' default.
    """
    _check_choice(level, "level", tables.LEVELS)
    if isinstance(lot_size, bool) or not isinstance(lot_size, int):
        raise AnalyticsError(f"lot_size {lot_size!r} must be a whole number of items")
    if lot_size < 2:
        raise AnalyticsError(f"lot_size {lot_size} is below 2, the smallest lot in Table 1")
    column = tables.LEVELS.index(level)
    for low, high, letters in tables.CODE_LETTER_TABLE:
        if lot_size >= low and (high is None or lot_size <= high):
            return letters[column]
    raise AssertionError("Table 1 covers every lot size from 2 up")  # pragma: no cover


def _cells(row: str) -> list[str]:
    return row.split()


def table_plan(
    *,
    code_letter: str,
    aql: float,
    inspection: str = "normal",
    standard: str = "gb2828",
) -> TableCell:
    """The master-table plan for a code letter and AQL, with the arrows followed.

    Raises :class:`SpecificationError` for an AQL that is not a column, and for reduced
    inspection above AQL 10 (not tabulated, see :mod:`~qualitas.analytics.sampling.tables`).
    """
    _check_choice(standard, "standard", STANDARDS)
    _check_choice(inspection, "inspection", INSPECTIONS)
    _check_choice(code_letter, "code letter", tables.CODE_LETTERS)
    column = aql_column(aql)
    name, table = tables.MASTER_TABLES[(standard, inspection)]
    rows = list(table)
    row = rows.index(code_letter)
    entry = _cells(table[code_letter])[column]
    if entry == "-":
        raise SpecificationError(
            f"reduced inspection plans above AQL 10 are not tabulated in this version "
            f"(aql {aql:g}); use normal or tightened inspection"
        )
    arrow: str | None = None
    if entry in ("↓", "↑"):
        arrow = "down" if entry == "↓" else "up"
        step = 1 if entry == "↓" else -1
        # Follow the arrow: the first printed plan in its direction, passing other arrows
        # that point the same way (the printed tables draw one long arrow through them).
        while entry in ("↓", "↑"):
            row += step
            entry = _cells(table[rows[row]])[column]
    accept, reject = (int(x) for x in entry.split("/"))
    after = rows[row]
    sizes = tables.REDUCED_SAMPLE_SIZE if inspection == "reduced" else tables.SAMPLE_SIZE
    return TableCell(
        code_letter=code_letter,
        code_letter_after_arrow=after,
        arrow=arrow,
        sample_size=sizes[after],
        accept=accept,
        reject=reject,
        table=name,
    )


def single_sampling_plan(
    *,
    lot_size: int,
    aql: float,
    level: str = "II",
    inspection: str = "normal",
    standard: str = "gb2828",
) -> SamplingPlan:
    """Single sampling plan for a lot (Table 1, then Table 2-A/2-B/2-C or II-A/II-B/II-C).

    Parameters
    ----------
    lot_size : int
        Number of items in the lot (≥ 2).
    aql : float
        Acceptance quality limit, one of the table columns 0.010 … 1000.
    level : str
        Inspection level, ``"II"`` by default.
    inspection : str
        ``"normal"`` (default), ``"tightened"`` or ``"reduced"``.
    standard : str
        ``"gb2828"`` (default; GB/T 2828.1-2012 ≡ ISO 2859-1:1999) or ``"z14"`` (ANSI/ASQ Z1.4
        ≡ MIL-STD-105E).

    Returns
    -------
    SamplingPlan
        With ``hundred_percent`` set, and ``sample_size`` equal to the lot size, when the
        table's sample size reaches the lot size.
    """
    letter = code_letter(lot_size=lot_size, level=level)
    cell = table_plan(code_letter=letter, aql=aql, inspection=inspection, standard=standard)
    hundred = cell.sample_size >= lot_size
    basis = (
        "nonconformities_per_100_units"
        if float(aql) > PERCENT_NONCONFORMING_MAX_AQL
        else "percent_nonconforming_or_per_100_units"
    )
    return SamplingPlan(
        standard=standard,
        inspection=inspection,
        lot_size=lot_size,
        level=level,
        aql=float(aql),
        aql_basis=basis,
        code_letter=letter,
        code_letter_after_arrow=cell.code_letter_after_arrow,
        arrow=cell.arrow,
        table_sample_size=cell.sample_size,
        sample_size=lot_size if hundred else cell.sample_size,
        accept=cell.accept,
        reject=cell.reject,
        hundred_percent=hundred,
        table=cell.table,
    )


def tighter_accept_number(*, code_letter: str, aql: float, standard: str = "gb2828") -> int | None:
    """Ac of the normal plan one AQL step tighter, for the same code letter and sample size.

    Used by the switching score (ISO 2859-1:1999 clause 9.3.3.2 a) 1)): for a normal plan with
    Ac ≥ 2, a lot scores +3 when it "would have been accepted if the AQL had been one step
    tighter". The tighter plan is read in the same row (so with the same sample size); None
    when there is no tighter column or the tighter cell holds an arrow (then the Ac ≥ 2 rule
    cannot apply: every such cell is preceded by a plan in its row).
    """
    column = aql_column(aql)
    if column == 0:
        return None
    _, table = tables.MASTER_TABLES[(standard, "normal")]
    entry = _cells(table[code_letter])[column - 1]
    if "/" not in entry:
        return None
    return int(entry.split("/")[0])
