"""Pareto analysis of defect categories: counts, cumulative percentage, the vital few.

Conventions
-----------
* Categories are sorted by count, largest first; equal counts keep the order in
  which the categories first appear in the input (a stable sort, as R's ``order``
  used by qcc's ``pareto.chart``).
* The *vital few* are the leading categories up to and including the first one
  whose cumulative share reaches ``cutoff`` (default 0.80). Ties: a category with
  the same count as the last vital one is vital too, because the order among
  equal counts is arbitrary and must not decide which of them is "vital".
* An "Other" bucket (``other_after`` or ``max_categories``) combines the tail;
  it is always listed last whatever its size (Minitab's convention) and is never
  part of the vital few.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError

OTHER_LABEL = "Other"


@dataclass(frozen=True, kw_only=True)
class ParetoResult:
    """Categories in Pareto order.

    Attributes
    ----------
    categories : tuple
        Category labels, largest count first (the "Other" bucket last when used).
    counts : ndarray
        Count (or weight) per category.
    percent : ndarray
        Share of the total, in percent.
    cumulative_percent : ndarray
        Running share, in percent (100 at the last category).
    vital : ndarray of bool
        True for the vital few.
    vital_few : tuple
        The vital categories.
    total : float
        Sum of all counts.
    cutoff : float
        The cumulative share that defines the vital few (0–1).
    other_categories : tuple
        The categories combined into "Other" (empty when none).
    """

    categories: tuple[Hashable, ...]
    counts: NDArray[np.float64]
    percent: NDArray[np.float64]
    cumulative_percent: NDArray[np.float64]
    vital: NDArray[np.bool_]
    vital_few: tuple[Hashable, ...]
    total: float
    cutoff: float
    other_categories: tuple[Hashable, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The public JSON object (see ``docs/analytics/capability.md``)."""
        return {
            "categories": [
                {
                    "category": _plain(c),
                    "count": float(n),
                    "percent": float(p),
                    "cumulative_percent": float(cp),
                    "vital": bool(v),
                }
                for c, n, p, cp, v in zip(
                    self.categories,
                    self.counts,
                    self.percent,
                    self.cumulative_percent,
                    self.vital,
                    strict=True,
                )
            ],
            "total": self.total,
            "cutoff": self.cutoff,
            "vital_few": [_plain(c) for c in self.vital_few],
            "other_categories": [_plain(c) for c in self.other_categories],
        }


def _plain(value: Hashable) -> object:
    return value.item() if isinstance(value, np.generic) else value


def pareto(
    categories: Sequence[Hashable] | ArrayLike,
    *,
    counts: ArrayLike | None = None,
    cutoff: float = 0.8,
    other_after: float | None = None,
    max_categories: int | None = None,
    other_label: str = OTHER_LABEL,
) -> ParetoResult:
    """Pareto table of defect categories.

    Parameters
    ----------
    categories : sequence
        Either one label per defect (``counts`` omitted: the labels are counted), or
        the category of each entry of ``counts`` (repeated categories are summed).
    counts : array_like, optional
        Non-negative counts or weights (e.g. cost), one per entry of ``categories``.
    cutoff : float
        Cumulative share (0 < cutoff ≤ 1) that defines the vital few; default 0.80.
    other_after : float, optional
        Combine the categories after the cumulative share first reaches this value
        (0 < other_after ≤ 1; Minitab's "combine defects after the first X %").
    max_categories : int, optional
        Keep at most this many categories and combine the rest.
    other_label : str
        Label of the combined bucket.

    Raises
    ------
    AnalyticsError
        Missing labels or counts, negative or non-finite counts (the 1-based row is
        named), mismatched lengths, or options out of range.
    InsufficientDataError
        No categories, or a total of zero.
    """
    if not 0.0 < cutoff <= 1.0:
        raise AnalyticsError(f"cutoff must be in (0, 1], got {cutoff!r}")
    if other_after is not None and not 0.0 < other_after <= 1.0:
        raise AnalyticsError(f"other_after must be in (0, 1], got {other_after!r}")
    if max_categories is not None and max_categories < 1:
        raise AnalyticsError(f"max_categories must be at least 1, got {max_categories!r}")
    labels = pd.Series(list(np.asarray(categories, dtype=object).reshape(-1)), dtype=object)
    if labels.empty:
        raise InsufficientDataError("no categories given")
    missing = labels.isna().to_numpy()
    if missing.any():
        raise AnalyticsError(f"categories: row {int(np.argmax(missing)) + 1} has no category")
    if counts is None:
        weights = np.ones(len(labels))
    else:
        weights = np.asarray(counts, dtype=float).reshape(-1)
        if weights.size != len(labels):
            raise AnalyticsError(
                f"counts has {weights.size} entries but categories has {len(labels)}"
            )
        bad = ~np.isfinite(weights) | (weights < 0)
        if bad.any():
            row = int(np.argmax(bad))
            raise AnalyticsError(
                f"counts: row {row + 1} must be a non-negative number, got {weights[row]!r}"
            )
    # groupby(sort=False) keeps first-appearance order; the stable sort then keeps it among ties.
    totals = pd.Series(weights).groupby(labels.to_numpy(), sort=False).sum()
    order = np.argsort(-totals.to_numpy(), kind="stable")
    names: list[Hashable] = [totals.index[i] for i in order]
    values = totals.to_numpy()[order].astype(float)
    total = float(values.sum())
    if total <= 0:
        raise InsufficientDataError("the counts add up to zero: nothing to rank")

    other: tuple[Hashable, ...] = ()
    keep = len(values)
    if other_after is not None:
        share = np.cumsum(values) / total
        keep = min(keep, int(np.argmax(share >= other_after - 1e-12)) + 1)
    if max_categories is not None:
        keep = min(keep, max_categories)
    if keep < len(values) - 1:  # a bucket of one category would just rename it
        other = tuple(names[keep:])
        values = np.append(values[:keep], values[keep:].sum())
        names = [*names[:keep], other_label]

    percent = values / total * 100.0
    cumulative = np.cumsum(values) / total * 100.0
    # The 1e-9 guards against 79.99999… from summing shares that add to exactly the cutoff.
    reach = int(np.argmax(cumulative >= cutoff * 100.0 - 1e-9))
    vital = np.zeros(len(values), dtype=bool)
    vital[: reach + 1] = True
    vital |= values == values[reach]  # ties with the last vital category
    if other:
        vital[-1] = False
    return ParetoResult(
        categories=tuple(names),
        counts=values,
        percent=percent,
        cumulative_percent=cumulative,
        vital=vital,
        vital_few=tuple(n for n, v in zip(names, vital, strict=True) if v),
        total=total,
        cutoff=cutoff,
        other_categories=other,
    )
