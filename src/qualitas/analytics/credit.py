"""Quality credit scores: a weighted sum of standardised factors, class thresholds and caps.

Pure computation over a matrix of factor values (one row per enterprise, one column per factor),
so a whole register is scored in one vectorised pass. A factor without data (NaN) counts as the
methodology's stated ``missing`` value for it, so every point of a score can be explained.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from qualitas.analytics.errors import AnalyticsError


@dataclass(frozen=True, kw_only=True)
class CreditScores:
    """Scores of ``n`` enterprises on ``k`` factors.

    Attributes
    ----------
    score : ndarray, shape (n,)
        0–100, rounded to 2 decimals.
    points : ndarray, shape (n, k)
        Each factor's contribution in points (``100 · weight · value``); rows sum to ``score``.
    used : ndarray, shape (n, k)
        The value used for each factor (the ``missing`` value where there was no data).
    klass : ndarray, shape (n,)
        The class by the thresholds, after caps.
    capped : ndarray, shape (n,)
        True where a cap lowered the class.
    """

    score: NDArray[np.float64]
    points: NDArray[np.float64]
    used: NDArray[np.float64]
    klass: NDArray[np.str_]
    capped: NDArray[np.bool_]


def credit_scores(
    values: NDArray[np.float64],
    *,
    weights: Sequence[float],
    missing: Sequence[float],
    thresholds: Sequence[tuple[str, float]],
    cap: NDArray[np.int_] | None = None,
) -> CreditScores:
    """Score ``values`` (n × k, NaN: no data) by ``weights`` (summing to 1).

    ``thresholds``: classes from highest to lowest with the lowest score each takes (the last
    should take 0). ``cap``: per enterprise the index of the highest class it may have (0: no
    cap), e.g. an enterprise on the serious-violation list is capped to the lowest class.
    """
    v = np.asarray(values, dtype=float)
    if v.ndim != 2:
        raise AnalyticsError(
            "values must be a matrix: one row per enterprise, one column per factor"
        )
    w = np.asarray(weights, dtype=float)
    m = np.asarray(missing, dtype=float)
    if w.shape != (v.shape[1],) or m.shape != w.shape:
        raise AnalyticsError(
            f"{v.shape[1]} factors need as many weights and missing values "
            f"(got {w.shape[0]} and {m.shape[0]})"
        )
    if np.any(w < 0) or not np.isclose(w.sum(), 1.0):
        raise AnalyticsError(f"weights must be non-negative and sum to 1 (they sum to {w.sum():g})")
    present = ~np.isnan(v)
    if np.any((v[present] < 0) | (v[present] > 1)) or np.any((m < 0) | (m > 1)):
        raise AnalyticsError("factor values and missing values must lie in [0, 1]")
    mins = np.array([t for _, t in thresholds], dtype=float)
    if len(mins) == 0 or np.any(np.diff(mins) >= 0):
        raise AnalyticsError(
            "class thresholds must be given from the highest class down, strictly decreasing"
        )
    used = np.where(present, v, m)
    points = 100.0 * used * w
    score = np.round(points.sum(axis=1), 2)
    # index of the class: the first threshold the score reaches (scores below all: the last)
    idx = np.minimum((score[:, None] < mins[None, :]).sum(axis=1), len(mins) - 1)
    capped = np.zeros(len(score), dtype=bool)
    if cap is not None:
        c = np.asarray(cap, dtype=int)
        capped = c > idx
        idx = np.maximum(idx, c)
    names = np.array([name for name, _ in thresholds])
    return CreditScores(score=score, points=points, used=used, klass=names[idx], capped=capped)
