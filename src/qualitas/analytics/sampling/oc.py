"""Operating characteristic (OC) curve of a single sampling plan.

Probability of acceptance Pa as a function of the process quality:

* ``"binomial"`` — quality as percent nonconforming p; Pa = P(D ≤ Ac), D ~ Binomial(n, p/100).
  This is the model of ISO 2859-1:1999 Table 10 for percent nonconforming (the lot is large
  compared with the sample, so the hypergeometric is not used).
* ``"poisson"`` — quality as nonconformities per 100 units λ; Pa = P(D ≤ Ac),
  D ~ Poisson(n·λ/100). The standards use it for nonconformities per 100 units (every AQL
  above 10 is of this kind).

``model="auto"`` picks binomial for AQL ≤ 10 and Poisson above. For MIL-STD-105E reduced plans
with a gap (Re > Ac + 1) Pa is still P(D ≤ Ac): a lot with Ac < d < Re is accepted but normal
inspection is reinstated, so the curve of the lot decision is P(D < Re); both are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from qualitas.analytics.errors import AnalyticsError

#: Pa below which the default grid stops: the curve is then indistinguishable from 0.
_PA_FLOOR = 0.001


@dataclass(frozen=True, kw_only=True)
class OCCurve:
    """OC curve points and landmarks.

    Attributes
    ----------
    model : str
        ``"binomial"`` or ``"poisson"``.
    sample_size, accept, reject : int
        The plan (n, Ac, Re).
    quality : ndarray
        Percent nonconforming (binomial) or nonconformities per 100 units (Poisson).
    pa : ndarray
        Probability that the lot is accepted, P(D ≤ Ac).
    pa_lot_not_rejected : ndarray
        P(D < Re): equal to ``pa`` unless the plan has an Ac/Re gap.
    pa_at_aql : float or None
        Pa at the AQL when one was given (producer's side).
    quality_at_pa95, quality_at_pa50, quality_at_pa10 : float
        Quality at which Pa = 0.95, 0.50 and 0.10 (the last is the limiting quality usually read
        off the curve).
    """

    model: str
    sample_size: int
    accept: int
    reject: int
    quality: NDArray[np.float64]
    pa: NDArray[np.float64]
    pa_lot_not_rejected: NDArray[np.float64]
    pa_at_aql: float | None
    quality_at_pa95: float
    quality_at_pa50: float
    quality_at_pa10: float

    def to_dict(self) -> dict[str, Any]:
        """The public JSON object of an OC curve."""
        return {
            "model": self.model,
            "quality": self.quality,
            "pa": self.pa,
            "pa_at_aql": self.pa_at_aql,
            "quality_at_pa95": self.quality_at_pa95,
            "quality_at_pa50": self.quality_at_pa50,
            "quality_at_pa10": self.quality_at_pa10,
        }


def _quality_at(pa: float, *, n: int, ac: int, model: str) -> float:
    """Quality (percent or per 100 units) at which P(D ≤ ac) = pa, from the exact identities."""
    if model == "binomial":
        # P(Bin(n, p) ≤ ac) = 1 - I_p(ac + 1, n - ac): invert the regularised incomplete beta.
        if ac >= n:
            return 100.0
        return float(100.0 * stats.beta.ppf(1.0 - pa, ac + 1, n - ac))
    # P(Poisson(m) ≤ ac) = P(χ²(2ac + 2) > 2m).
    return float(100.0 * stats.chi2.ppf(1.0 - pa, 2 * (ac + 1)) / 2.0 / n)


def _pa(quality: NDArray[np.float64], *, n: int, c: int, model: str) -> NDArray[np.float64]:
    if model == "binomial":
        return np.asarray(stats.binom.cdf(c, n, quality / 100.0), dtype=float)
    return np.asarray(stats.poisson.cdf(c, n * quality / 100.0), dtype=float)


def oc_curve(
    *,
    sample_size: int,
    accept: int,
    reject: int | None = None,
    model: str = "auto",
    aql: float | None = None,
    points: int = 101,
    max_quality: float | None = None,
) -> OCCurve:
    """OC curve of the single sampling plan (n, Ac, Re).

    Parameters
    ----------
    sample_size : int
        n ≥ 1.
    accept : int
        Ac, 0 ≤ Ac < n for the binomial model.
    reject : int, optional
        Re (default Ac + 1); must exceed Ac.
    model : str
        ``"auto"`` (binomial when ``aql`` is None or ≤ 10, else Poisson), ``"binomial"`` or
        ``"poisson"``.
    aql : float, optional
        The plan's AQL; Pa at the AQL is reported.
    points : int
        Number of grid points (≥ 2), evenly spaced from 0 to ``max_quality``.
    max_quality : float, optional
        End of the grid; by default the quality at which Pa falls to 0.001 (capped at 100 %
        for the binomial model).
    """
    if isinstance(sample_size, bool) or not isinstance(sample_size, int) or sample_size < 1:
        raise AnalyticsError(f"sample_size {sample_size!r} must be a whole number ≥ 1")
    if isinstance(accept, bool) or not isinstance(accept, int) or accept < 0:
        raise AnalyticsError(f"accept {accept!r} must be a whole number ≥ 0")
    re = accept + 1 if reject is None else reject
    if re <= accept:
        raise AnalyticsError(f"reject {re} must be greater than accept {accept}")
    if model == "auto":
        model = "poisson" if aql is not None and aql > 10 else "binomial"
    if model not in ("binomial", "poisson"):
        raise AnalyticsError(f"model {model!r} is not one of: auto, binomial, poisson")
    if model == "binomial" and accept >= sample_size:
        raise AnalyticsError(
            f"accept {accept} must be below sample_size {sample_size} for percent nonconforming"
        )
    if points < 2:
        raise AnalyticsError(f"points {points} must be at least 2")
    if max_quality is None:
        max_quality = _quality_at(_PA_FLOOR, n=sample_size, ac=re - 1, model=model)
    if not max_quality > 0:
        raise AnalyticsError(f"max_quality {max_quality} must be positive")
    if model == "binomial":
        max_quality = min(max_quality, 100.0)
    quality = np.linspace(0.0, max_quality, points)
    pa = _pa(quality, n=sample_size, c=accept, model=model)
    pa_not_rejected = _pa(quality, n=sample_size, c=re - 1, model=model)
    pa_at_aql = None
    if aql is not None:
        pa_at_aql = float(_pa(np.array([float(aql)]), n=sample_size, c=accept, model=model)[0])
    return OCCurve(
        model=model,
        sample_size=sample_size,
        accept=accept,
        reject=re,
        quality=quality,
        pa=pa,
        pa_lot_not_rejected=pa_not_rejected,
        pa_at_aql=pa_at_aql,
        quality_at_pa95=_quality_at(0.95, n=sample_size, ac=accept, model=model),
        quality_at_pa50=_quality_at(0.50, n=sample_size, ac=accept, model=model),
        quality_at_pa10=_quality_at(0.10, n=sample_size, ac=accept, model=model),
    )
