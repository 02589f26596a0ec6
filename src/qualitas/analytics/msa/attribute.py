"""Attribute agreement analysis: percent agreement with confidence intervals and kappa.

Conventions (as Minitab's "Attribute Agreement Analysis"):

* **Within appraiser**: a part is matched when all of the appraiser's trials agree;
  kappa is Fleiss' kappa with the trials as raters (and Cohen's with exactly 2 trials).
* **Each appraiser vs standard**: matched when every trial equals the standard;
  kappa is Cohen's kappa of all the appraiser's ratings against the standard.
* **Between appraisers**: matched when every rating of every appraiser agrees;
  kappa is Fleiss' kappa with every (appraiser, trial) rating as a rater (and
  Cohen's when there are exactly 2 appraisers and 1 trial).
* **All appraisers vs standard**: matched when every rating equals the standard.

Kappas come from ``statsmodels.stats.inter_rater`` (``cohens_kappa``, ``fleiss_kappa``);
a kappa is None where it is undefined (every rating in one category). Percent
agreement intervals are exact binomial (Clopper–Pearson, as Minitab) or Wilson.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from statsmodels.stats.inter_rater import cohens_kappa, fleiss_kappa
from statsmodels.stats.proportion import proportion_confint

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError

__all__ = ["Agreement", "AttributeAgreementResult", "attribute_agreement"]


@dataclass(frozen=True, kw_only=True)
class Agreement:
    """Percent agreement of one comparison.

    Attributes
    ----------
    label : str
        The appraiser's name, or ``"all"``.
    inspected : int
        Number of parts.
    matched : int
        Parts on which the comparison agrees.
    percent : float
        ``100 · matched / inspected``.
    ci : tuple of float
        Confidence interval of ``percent`` (in %).
    fleiss_kappa : float or None
        Fleiss' kappa (None when undefined or not applicable).
    cohen_kappa : float or None
        Cohen's kappa (None when undefined or not applicable).
    """

    label: str
    inspected: int
    matched: int
    percent: float
    ci: tuple[float, float]
    fleiss_kappa: float | None
    cohen_kappa: float | None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of the fields."""
        return {
            "label": self.label,
            "inspected": self.inspected,
            "matched": self.matched,
            "percent": self.percent,
            "ci": list(self.ci),
            "fleiss_kappa": self.fleiss_kappa,
            "cohen_kappa": self.cohen_kappa,
        }


@dataclass(frozen=True, kw_only=True)
class AttributeAgreementResult:
    """Result of :func:`attribute_agreement`.

    Attributes
    ----------
    categories : tuple
        The rating categories, sorted.
    parts, appraisers : tuple
        Parts and appraisers in first-seen order.
    trials : int
        Ratings per part and appraiser.
    within : tuple of Agreement or None
        Per appraiser, when ``trials`` ≥ 2.
    vs_standard : tuple of Agreement or None
        Per appraiser, when a standard was given.
    between : Agreement or None
        All appraisers, when there are at least 2.
    all_vs_standard : Agreement or None
        All appraisers against the standard.
    ci_method : {"exact", "wilson"}
        Interval method; ``confidence`` its level.
    confidence : float
        Level of the intervals.
    """

    categories: tuple[Any, ...]
    parts: tuple[Any, ...]
    appraisers: tuple[Any, ...]
    trials: int
    within: tuple[Agreement, ...] | None
    vs_standard: tuple[Agreement, ...] | None
    between: Agreement | None
    all_vs_standard: Agreement | None
    ci_method: Literal["exact", "wilson"]
    confidence: float


def _safe(fn: Any) -> float | None:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(fn())
    return value if math.isfinite(value) else None


def _fleiss(ratings: npt.NDArray[np.intp], k: int) -> float | None:
    """Fleiss' kappa of a (parts × raters) array of category codes."""
    counts = np.zeros((ratings.shape[0], k), dtype=np.float64)
    np.add.at(
        counts, (np.repeat(np.arange(ratings.shape[0]), ratings.shape[1]), ratings.ravel()), 1
    )
    return _safe(lambda: fleiss_kappa(counts, method="fleiss"))


def _cohen(a: npt.NDArray[np.intp], b: npt.NDArray[np.intp], k: int) -> float | None:
    table = np.zeros((k, k), dtype=np.float64)
    np.add.at(table, (a, b), 1)
    return _safe(lambda: cohens_kappa(table, return_results=False))


def attribute_agreement(
    ratings: Sequence[Any] | npt.ArrayLike,
    parts: Sequence[Any] | npt.ArrayLike,
    appraisers: Sequence[Any] | npt.ArrayLike,
    *,
    trials: Sequence[Any] | npt.ArrayLike | None = None,
    standard: Sequence[Any] | npt.ArrayLike | None = None,
    ci_method: Literal["exact", "wilson"] = "exact",
    confidence: float = 0.95,
) -> AttributeAgreementResult:
    """Attribute agreement analysis of long-format ratings.

    Parameters
    ----------
    ratings : array_like
        One rating per row (any category labels: pass/fail, 1–5 …).
    parts, appraisers : array_like
        Part and appraiser of each row.
    trials : array_like, optional
        Trial of each row; without it the order of the rows of each (part, appraiser)
        gives the trial.
    standard : array_like, optional
        Known (standard) rating of the part on each row; constant within a part.
    ci_method : {"exact", "wilson"}
        Clopper–Pearson (exact binomial, as Minitab) or Wilson score intervals.
    confidence : float
        Level of the intervals.

    Returns
    -------
    AttributeAgreementResult

    Raises
    ------
    AnalyticsError
        Missing labels, lengths that differ, a part rated a different number of times by
        different appraisers, a repeated trial, a standard that changes within a part.
    InsufficientDataError
        Fewer than 2 parts; nothing to compare (1 appraiser, 1 trial, no standard).
    """
    if ci_method not in ("exact", "wilson"):
        raise AnalyticsError(f"ci_method must be 'exact' or 'wilson', got {ci_method!r}")
    if not 0.0 < confidence < 1.0:
        raise AnalyticsError(f"confidence must be between 0 and 1, got {confidence}")
    cols: dict[str, Any] = {"rating": ratings, "part": parts, "appraiser": appraisers}
    if trials is not None:
        cols["trial"] = trials
    if standard is not None:
        cols["standard"] = standard
    lengths = {name: len(np.asarray(v, dtype=object).ravel()) for name, v in cols.items()}
    n = lengths["rating"]
    for name, length in lengths.items():
        if length != n:
            raise AnalyticsError(f"{name} has {length} values but there are {n} ratings")
    df = pd.DataFrame({k: np.asarray(v, dtype=object).ravel() for k, v in cols.items()})
    for name in df.columns:
        missing = df[name].isna().to_numpy()
        if missing.any():
            raise AnalyticsError(f"{name}: row {int(np.flatnonzero(missing)[0]) + 1} is empty")
    if trials is None:
        df["trial"] = df.groupby(["part", "appraiser"], sort=False).cumcount()
    dup = df.duplicated(["part", "appraiser", "trial"]).to_numpy()
    if dup.any():
        row = int(np.flatnonzero(dup)[0])
        raise AnalyticsError(
            f"row {row + 1}: part {df.part.iloc[row]!r}, appraiser {df.appraiser.iloc[row]!r} "
            f"has trial {df.trial.iloc[row]!r} twice"
        )
    part_codes, part_levels = pd.factorize(df["part"], sort=False)
    app_codes, app_levels = pd.factorize(df["appraiser"], sort=False)
    trial_codes, trial_levels = pd.factorize(df["trial"], sort=True)
    np_, na, nt = len(part_levels), len(app_levels), len(trial_levels)
    if np_ < 2:
        raise InsufficientDataError(f"part: attribute agreement needs at least 2 parts, got {np_}")
    counts = np.zeros((np_, na), dtype=np.intp)
    np.add.at(counts, (part_codes, app_codes), 1)
    uneven = np.argwhere(counts != nt)
    if uneven.shape[0]:
        i, j = (int(v) for v in uneven[0])
        raise AnalyticsError(
            f"part {part_levels[i]!r}: appraiser {app_levels[j]!r} rated it {int(counts[i, j])} "
            f"time(s) but there are {nt} trials; every appraiser must rate every part in every trial"
        )
    has_std = standard is not None
    values = list(df["rating"]) + (list(df["standard"]) if has_std else [])
    try:
        categories = sorted(set(values))
    except TypeError:
        categories = sorted(set(values), key=str)
    index = {c: i for i, c in enumerate(categories)}
    k = len(categories)
    cube = np.empty((np_, na, nt), dtype=np.intp)
    cube[part_codes, app_codes, trial_codes] = df["rating"].map(index).to_numpy(dtype=np.intp)
    std: npt.NDArray[np.intp] | None = None
    if has_std:
        std_codes = df["standard"].map(index).to_numpy(dtype=np.intp)
        std = np.full(np_, -1, dtype=np.intp)
        std[part_codes] = std_codes
        conflict = std_codes != std[part_codes]
        if conflict.any():
            row = int(np.flatnonzero(conflict)[0])
            raise AnalyticsError(
                f"row {row + 1}: part {df.part.iloc[row]!r} has more than one standard value"
            )
    if na < 2 and nt < 2 and std is None:
        raise InsufficientDataError(
            "nothing to compare: give repeated trials, a second appraiser or a standard"
        )
    method = "beta" if ci_method == "exact" else "wilson"

    def agreement(
        label: str, matched_parts: npt.NDArray[np.bool_], **kappas: float | None
    ) -> Agreement:
        m = int(matched_parts.sum())
        lo, hi = proportion_confint(m, np_, alpha=1.0 - confidence, method=method)
        return Agreement(
            label=label,
            inspected=np_,
            matched=m,
            percent=100.0 * m / np_,
            ci=(100.0 * float(lo), 100.0 * float(hi)),
            fleiss_kappa=kappas.get("fleiss"),
            cohen_kappa=kappas.get("cohen"),
        )

    names = [str(a) for a in app_levels]
    within = None
    if nt >= 2:
        within = tuple(
            agreement(
                names[j],
                np.all(cube[:, j, :] == cube[:, j, :1], axis=1),
                fleiss=_fleiss(cube[:, j, :], k),
                cohen=_cohen(cube[:, j, 0], cube[:, j, 1], k) if nt == 2 else None,
            )
            for j in range(na)
        )
    vs_std = all_std = None
    if std is not None:
        vs_std = tuple(
            agreement(
                names[j],
                np.all(cube[:, j, :] == std[:, None], axis=1),
                cohen=_cohen(cube[:, j, :].ravel(), np.repeat(std, nt), k),
            )
            for j in range(na)
        )
        all_std = agreement("all", np.all(cube == std[:, None, None], axis=(1, 2)))
    between = None
    if na >= 2:
        flat = cube.reshape(np_, na * nt)
        between = agreement(
            "all",
            np.all(flat == flat[:, :1], axis=1),
            fleiss=_fleiss(flat, k),
            cohen=_cohen(cube[:, 0, 0], cube[:, 1, 0], k) if na == 2 and nt == 1 else None,
        )
    return AttributeAgreementResult(
        categories=tuple(categories),
        parts=tuple(part_levels),
        appraisers=tuple(app_levels),
        trials=nt,
        within=within,
        vs_standard=vs_std,
        between=between,
        all_vs_standard=all_std,
        ci_method=ci_method,
        confidence=confidence,
    )
