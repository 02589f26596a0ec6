"""Analysis of variance: one-way, and balanced two-way crossed with or without interaction.

Numerical method
----------------
Sums of squares are never formed from raw sums (``Σy² − (Σy)²/N`` loses every
digit when the data share many leading digits). The data are first shifted by
one observation (an exact subtraction for values of the same magnitude), group
and cell means are then computed from the shifted data and refined by a second
pass over the residuals, and every sum of squares is a sum of squared
deviations. This is the "two-pass with correction" scheme recommended for the
NIST StRD ANOVA problems (Simon & Lesage 1989; McCullough 1999), and it
reproduces the certified values of all eleven StRD ANOVA files; the digits
reached per file are listed in ``docs/analytics/msa.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError

__all__ = ["AnovaRow", "AnovaTable", "one_way_anova", "two_way_anova"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, kw_only=True)
class AnovaRow:
    """One line of an ANOVA table.

    Attributes
    ----------
    source : str
        Name of the source of variation (a factor name, ``"interaction"``, the
        residual's name, or ``"total"``).
    df : int
        Degrees of freedom.
    ss : float
        Sum of squares.
    ms : float or None
        Mean square ``ss / df``; None for the total line.
    f : float or None
        F statistic; None for the residual and total lines.
    p : float or None
        Upper-tail p-value of ``f``; None where ``f`` is None.
    """

    source: str
    df: int
    ss: float
    ms: float | None
    f: float | None
    p: float | None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with keys ``df, ss, ms, f, p``."""
        return {"df": self.df, "ss": self.ss, "ms": self.ms, "f": self.f, "p": self.p}


@dataclass(frozen=True, kw_only=True)
class AnovaTable:
    """An ANOVA table with its summary statistics.

    Attributes
    ----------
    rows : tuple of AnovaRow
        The lines in order: effects, the residual, then ``"total"``.
    r_squared : float
        ``1 − SS_residual / SS_total`` (0 when ``SS_total`` is 0).
    residual_sd : float
        ``sqrt(MS_residual)``, the residual standard deviation.
    n : int
        Number of observations.
    grand_mean : float
        Mean of all observations.
    """

    rows: tuple[AnovaRow, ...]
    r_squared: float
    residual_sd: float
    n: int
    grand_mean: float

    def row(self, source: str) -> AnovaRow:
        """The line named ``source``; ``KeyError`` when there is none."""
        for r in self.rows:
            if r.source == source:
                return r
        raise KeyError(source)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """``{source: {df, ss, ms, f, p}}`` in table order."""
        return {r.source: r.to_dict() for r in self.rows}


def _as_values(values: Sequence[float] | npt.ArrayLike, name: str) -> FloatArray:
    try:
        y = np.asarray(values, dtype=np.float64).ravel()
    except (TypeError, ValueError) as exc:
        raise AnalyticsError(f"{name} must be numeric: {exc}") from exc
    bad = ~np.isfinite(y)
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 1
        raise AnalyticsError(f"{name}: row {row} is not a finite number ({y[row - 1]!r})")
    return y


def _codes(labels: Sequence[Any] | npt.ArrayLike, n: int, name: str) -> tuple[IntArray, list[Any]]:
    arr = np.asarray(labels, dtype=object).ravel()
    if arr.shape[0] != n:
        raise AnalyticsError(f"{name} has {arr.shape[0]} labels but there are {n} values")
    # pandas.factorize keeps first-seen order (tables and charts read in the user's order)
    # and marks missing labels with -1.
    codes, uniques = pd.factorize(arr, sort=False, use_na_sentinel=True)
    if (codes < 0).any():
        raise AnalyticsError(f"{name}: row {int(np.flatnonzero(codes < 0)[0]) + 1} has no label")
    return codes.astype(np.intp), list(uniques)


def _group_means(d: FloatArray, codes: IntArray, counts: FloatArray) -> FloatArray:
    """Group means of ``d`` by two passes: mean, then mean of the residuals as a correction."""
    k = counts.shape[0]
    means = np.bincount(codes, weights=d, minlength=k) / counts
    means += np.bincount(codes, weights=d - means[codes], minlength=k) / counts
    return means


def _shift(y: FloatArray) -> tuple[float, FloatArray]:
    # Subtracting an observation is exact (Sterbenz) for data within a factor of 2 of it,
    # which removes the constant leading digits before anything is squared.
    c = float(y[0])
    return c, y - c


def _p_value(f: float, df1: int, df2: int) -> float:
    return float(stats.f.sf(f, df1, df2))


def _ratio(num: float, den: float) -> float:
    if den > 0.0:
        return num / den
    return float("inf") if num > 0.0 else float("nan")


def one_way_anova(
    values: Sequence[float] | npt.ArrayLike,
    groups: Sequence[Any] | npt.ArrayLike,
    *,
    between_name: str = "between",
    within_name: str = "within",
) -> AnovaTable:
    """One-way ANOVA (fixed effects), groups of any sizes.

    Parameters
    ----------
    values : array_like of float
        The responses.
    groups : array_like
        Group label of each response (any hashable values).
    between_name, within_name : str
        Names of the between-groups and within-groups lines.

    Returns
    -------
    AnovaTable
        Lines ``between_name``, ``within_name``, ``"total"``.

    Raises
    ------
    AnalyticsError
        Non-finite values, missing labels or lengths that differ.
    InsufficientDataError
        Fewer than 2 groups, or no degrees of freedom within groups.
    """
    y = _as_values(values, "values")
    codes, levels = _codes(groups, y.shape[0], "groups")
    k, n = len(levels), y.shape[0]
    if k < 2:
        raise InsufficientDataError(f"groups: one-way ANOVA needs at least 2 groups, got {k}")
    if n - k < 1:
        raise InsufficientDataError(
            f"values: {n} observations in {k} groups leave no degrees of freedom within groups"
        )
    c, d = _shift(y)
    counts = np.bincount(codes, minlength=k).astype(np.float64)
    means = _group_means(d, codes, counts)
    grand = float(np.sum(counts * means) / n)
    grand += float(np.sum(d - grand) / n)
    ss_b = float(np.sum(counts * (means - grand) ** 2))
    resid = d - means[codes]
    ss_w = float(np.sum(resid * resid))
    df_b, df_w = k - 1, n - k
    ms_b, ms_w = ss_b / df_b, ss_w / df_w
    f = _ratio(ms_b, ms_w)
    ss_t = ss_b + ss_w
    rows = (
        AnovaRow(source=between_name, df=df_b, ss=ss_b, ms=ms_b, f=f, p=_p_value(f, df_b, df_w)),
        AnovaRow(source=within_name, df=df_w, ss=ss_w, ms=ms_w, f=None, p=None),
        AnovaRow(source="total", df=n - 1, ss=ss_t, ms=None, f=None, p=None),
    )
    return AnovaTable(
        rows=rows,
        r_squared=ss_b / ss_t if ss_t > 0.0 else 0.0,
        residual_sd=float(np.sqrt(ms_w)),
        n=n,
        grand_mean=c + grand,
    )


@dataclass(frozen=True, kw_only=True)
class BalancedLayout:
    """A balanced two-way crossed layout found in long-format data.

    Attributes
    ----------
    a_codes, b_codes : ndarray of int
        Level index of each observation for factor A and factor B.
    a_levels, b_levels : tuple
        The levels, in first-seen order.
    replicates : int
        Observations per (A, B) cell, the same in every cell.
    """

    a_codes: IntArray
    b_codes: IntArray
    a_levels: tuple[Any, ...]
    b_levels: tuple[Any, ...]
    replicates: int


def balanced_layout(
    a: Sequence[Any] | npt.ArrayLike,
    b: Sequence[Any] | npt.ArrayLike,
    *,
    n: int,
    a_name: str = "A",
    b_name: str = "B",
) -> BalancedLayout:
    """Check that every (A, B) cell holds the same number of observations.

    Raises
    ------
    AnalyticsError
        An A level seen with only one B level, a missing cell or unequal cell sizes;
        the message names the A level (for Gage R&R: the part).
    """
    ac, al = _codes(a, n, a_name)
    bc, bl = _codes(b, n, b_name)
    counts = np.zeros((len(al), len(bl)), dtype=np.intp)
    np.add.at(counts, (ac, bc), 1)
    for i, level in enumerate(al):
        seen = np.flatnonzero(counts[i] > 0)
        if len(bl) > 1 and seen.shape[0] == 1:
            raise AnalyticsError(
                f"{a_name} {level!r} is measured by only one {b_name} ({bl[int(seen[0])]!r}); "
                f"a crossed design needs every {b_name} on every {a_name}"
            )
        if seen.shape[0] < len(bl):
            missing = bl[int(np.flatnonzero(counts[i] == 0)[0])]
            raise AnalyticsError(
                f"{a_name} {level!r} has no observation for {b_name} {missing!r}; "
                f"a crossed design needs every {b_name} on every {a_name}"
            )
    r = int(counts.max())
    uneven = np.argwhere(counts != r)
    if uneven.shape[0]:
        i, j = (int(v) for v in uneven[0])
        raise AnalyticsError(
            f"unbalanced design: {a_name} {al[i]!r} has {int(counts[i, j])} observation(s) for "
            f"{b_name} {bl[j]!r} but other cells have {r}; the crossed ANOVA needs equal replicates"
        )
    return BalancedLayout(
        a_codes=ac, b_codes=bc, a_levels=tuple(al), b_levels=tuple(bl), replicates=r
    )


def two_way_anova(
    values: Sequence[float] | npt.ArrayLike,
    a: Sequence[Any] | npt.ArrayLike,
    b: Sequence[Any] | npt.ArrayLike,
    *,
    a_name: str = "A",
    b_name: str = "B",
    residual_name: str = "residual",
    interaction: bool = True,
    effects: Literal["fixed", "random"] = "fixed",
) -> AnovaTable:
    """Balanced two-way crossed ANOVA, with or without the A×B interaction.

    Parameters
    ----------
    values : array_like of float
        The responses, one per row.
    a, b : array_like
        Level of factor A and of factor B on each row.
    a_name, b_name, residual_name : str
        Names of the lines of the table; the interaction line is ``"interaction"``.
    interaction : bool
        Fit the A×B interaction (needs at least 2 replicates per cell). Without it
        the interaction sum of squares is pooled into the residual.
    effects : {"fixed", "random"}
        With ``"random"`` and the interaction fitted, the main effects are tested
        against the interaction mean square (``F_A = MS_A / MS_AB``), as in a
        random-effects (Gage R&R) model; otherwise every F uses the residual mean square.

    Returns
    -------
    AnovaTable
        Lines ``a_name``, ``b_name``, [``"interaction"``], ``residual_name``, ``"total"``.

    Raises
    ------
    AnalyticsError
        Unbalanced or incomplete designs (the message names the A level), non-finite values.
    InsufficientDataError
        Fewer than 2 levels of a factor, or no residual degrees of freedom.
    """
    if effects not in ("fixed", "random"):
        raise AnalyticsError(f"effects must be 'fixed' or 'random', got {effects!r}")
    y = _as_values(values, "values")
    n = y.shape[0]
    lay = balanced_layout(a, b, n=n, a_name=a_name, b_name=b_name)
    na, nb, r = len(lay.a_levels), len(lay.b_levels), lay.replicates
    if na < 2 or nb < 2:
        raise InsufficientDataError(
            f"two-way ANOVA needs at least 2 levels of each factor; "
            f"{a_name} has {na}, {b_name} has {nb}"
        )
    if interaction and r < 2:
        raise InsufficientDataError(
            "the interaction needs at least 2 replicates per cell; each cell has 1"
        )
    c, d = _shift(y)
    cell = lay.a_codes * nb + lay.b_codes
    cell_counts = np.full(na * nb, float(r))
    cell_means = _group_means(d, cell, cell_counts).reshape(na, nb)
    # Balanced: marginal means are means of cell means.
    a_means = cell_means.mean(axis=1)
    b_means = cell_means.mean(axis=0)
    grand = float(cell_means.mean())
    ss_a = float(nb * r * np.sum((a_means - grand) ** 2))
    ss_b = float(na * r * np.sum((b_means - grand) ** 2))
    inter = cell_means - a_means[:, None] - b_means[None, :] + grand
    ss_ab = float(r * np.sum(inter * inter))
    resid = d - cell_means.ravel()[cell]
    ss_e = float(np.sum(resid * resid))
    df_a, df_b, df_ab, df_e = na - 1, nb - 1, (na - 1) * (nb - 1), n - na * nb
    if not interaction:
        ss_e, df_e = ss_e + ss_ab, df_e + df_ab
    if df_e < 1:  # pragma: no cover - balanced with r >= 2 or no interaction always leaves df
        raise InsufficientDataError("no residual degrees of freedom")
    ms_a, ms_b, ms_e = ss_a / df_a, ss_b / df_b, ss_e / df_e
    rows: list[AnovaRow] = []
    if interaction:
        ms_ab = ss_ab / df_ab
        den, df_den = (ms_ab, df_ab) if effects == "random" else (ms_e, df_e)
        f_a, f_b, f_ab = _ratio(ms_a, den), _ratio(ms_b, den), _ratio(ms_ab, ms_e)
        rows += [
            AnovaRow(
                source=a_name, df=df_a, ss=ss_a, ms=ms_a, f=f_a, p=_p_value(f_a, df_a, df_den)
            ),
            AnovaRow(
                source=b_name, df=df_b, ss=ss_b, ms=ms_b, f=f_b, p=_p_value(f_b, df_b, df_den)
            ),
            AnovaRow(
                source="interaction",
                df=df_ab,
                ss=ss_ab,
                ms=ms_ab,
                f=f_ab,
                p=_p_value(f_ab, df_ab, df_e),
            ),
        ]
    else:
        f_a, f_b = _ratio(ms_a, ms_e), _ratio(ms_b, ms_e)
        rows += [
            AnovaRow(source=a_name, df=df_a, ss=ss_a, ms=ms_a, f=f_a, p=_p_value(f_a, df_a, df_e)),
            AnovaRow(source=b_name, df=df_b, ss=ss_b, ms=ms_b, f=f_b, p=_p_value(f_b, df_b, df_e)),
        ]
    ss_t = ss_a + ss_b + ss_e + (ss_ab if interaction else 0.0)
    rows += [
        AnovaRow(source=residual_name, df=df_e, ss=ss_e, ms=ms_e, f=None, p=None),
        AnovaRow(source="total", df=n - 1, ss=ss_t, ms=None, f=None, p=None),
    ]
    return AnovaTable(
        rows=tuple(rows),
        r_squared=1.0 - ss_e / ss_t if ss_t > 0.0 else 0.0,
        residual_sd=float(np.sqrt(ms_e)),
        n=n,
        grand_mean=c + grand,
    )
