"""Reliability: life-data fits (Weibull, exponential, lognormal) and reliability growth.

Public functions take keyword-only options and return frozen dataclasses:

- :func:`weibull_fit` — Weibull 2P by MLE (profile likelihood) or rank regression
  (RRX, RRY) with right censoring, Fisher bounds, B-lives, MTTF, R(t);
- :func:`weibull_fit_interval` — Weibull 2P MLE with interval, left and right censoring;
- :func:`weibull_fit_batch` — the MLE for a ``(k, n)`` array of samples at once;
- :func:`plotting_positions` — Johnson-adjusted Bernard median ranks;
- :func:`exponential_fit`, :func:`lognormal_fit` — MLE with right censoring;
- :func:`crow_amsaa_fit`, :func:`duane_fit` — reliability growth.
"""

from qualitas.analytics.reliability.batch import WeibullBatchFit, weibull_fit_batch
from qualitas.analytics.reliability.distributions import (
    ExponentialFit,
    LognormalFit,
    exponential_fit,
    lognormal_fit,
)
from qualitas.analytics.reliability.growth import (
    CrowAmsaaFit,
    DuaneFit,
    crow_amsaa_fit,
    duane_fit,
)
from qualitas.analytics.reliability.interval import weibull_fit_interval
from qualitas.analytics.reliability.weibull import WeibullFit, plotting_positions, weibull_fit

__all__ = [
    "CrowAmsaaFit",
    "DuaneFit",
    "ExponentialFit",
    "LognormalFit",
    "crow_amsaa_fit",
    "duane_fit",
    "exponential_fit",
    "lognormal_fit",
    "WeibullBatchFit",
    "WeibullFit",
    "plotting_positions",
    "weibull_fit",
    "weibull_fit_batch",
    "weibull_fit_interval",
]
