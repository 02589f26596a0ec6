"""Reliability growth: Crow-AMSAA (power-law NHPP) by MLE, and Duane.

Input is the cumulative test time at each failure of one system under test
(sorted here; all > 0).

Crow-AMSAA (MIL-HDBK-189C §5; Crow 1974): expected cumulative failures
N(t) = λ t^β. With n failures at tᵢ and the test ending at T,

    β̂ = n / Σ ln(T/tᵢ),   λ̂ = n / T^β̂.

*Failure-terminated* tests end at the last failure (T = tₙ, its term is 0);
*time-terminated* tests end at ``end_time`` ≥ tₙ. ``reliability`` 0.9.0 always
uses T = tₙ and no bias correction, which is the default here. ``unbiased=True``
multiplies β̂ by (n − 2)/n (failure-terminated) or (n − 1)/n (time-terminated)
— the unbiased estimators of MIL-HDBK-189C — and recomputes λ with it.
Demonstrated (at T) instantaneous MTBF 1/(λβT^(β−1)) and cumulative MTBF T/n.

Duane (Duane 1964), parameterised as in ``reliability`` 0.9.0: a least-squares
line through (ln tᵢ, ln(tᵢ/i)), cumulative MTBF = b·t^α with α the growth slope;
A = 1/b is the coefficient of the cumulative failure intensity N(t)/t = A t^(−α);
instantaneous MTBF = cumulative/(1 − α). Both are evaluated at T.

``time_to_target`` follows ``reliability`` 0.9.0 in both models: the time at
which the fitted *cumulative* MTBF reaches the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from qualitas.analytics.errors import AnalyticsError, InsufficientDataError, SpecificationError
from qualitas.analytics.reliability._common import FloatArray

Terminated = Literal["failure", "time"]


@dataclass(frozen=True, kw_only=True)
class CrowAmsaaFit:
    """Crow-AMSAA (power-law NHPP) growth model fitted by maximum likelihood.

    Attributes
    ----------
    beta : float
        Shape β (< 1: failures arrive ever more slowly, i.e. reliability grows);
        the unbiased form when ``unbiased`` is True.
    lambda_ : float
        Scale λ = n / T^β (JSON key ``lambda``).
    beta_mle : float
        β̂ = n / Σ ln(T/tᵢ) before any bias correction.
    growth_rate : float
        1 − β.
    mtbf_instantaneous, mtbf_cumulative : float
        Demonstrated MTBF at T: 1/(λβT^(β−1)) and T/n.
    end_time : float
        T, the end of the test.
    terminated : {"failure", "time"}
        How the test ended.
    unbiased : bool
        Whether β carries the bias correction.
    n_failures : int
        n.
    target_mtbf, time_to_target : float or None
        The requested cumulative-MTBF target and the time the fitted cumulative
        MTBF reaches it, (λ·target)^(1/(1−β)).
    times : ndarray
        The sorted failure times.
    """

    beta: float
    lambda_: float
    beta_mle: float
    growth_rate: float
    mtbf_instantaneous: float
    mtbf_cumulative: float
    end_time: float
    terminated: Terminated
    unbiased: bool
    n_failures: int
    target_mtbf: float | None
    time_to_target: float | None
    times: FloatArray

    def expected_failures(self, t: npt.ArrayLike) -> FloatArray:
        """Fitted cumulative failures N(t) = λ t^β."""
        out: FloatArray = self.lambda_ * np.asarray(t, dtype=np.float64) ** self.beta
        return out

    def mtbf_instantaneous_at(self, t: npt.ArrayLike) -> FloatArray:
        """Fitted instantaneous MTBF 1/(λβt^(β−1))."""
        x = np.asarray(t, dtype=np.float64)
        out: FloatArray = 1.0 / (self.lambda_ * self.beta * x ** (self.beta - 1.0))
        return out

    def mtbf_cumulative_at(self, t: npt.ArrayLike) -> FloatArray:
        """Fitted cumulative MTBF t/N(t) = t^(1−β)/λ."""
        x = np.asarray(t, dtype=np.float64)
        out: FloatArray = x ** (1.0 - self.beta) / self.lambda_
        return out

    def to_dict(self, *, duane: DuaneFit | None = None) -> dict[str, Any]:
        """The public JSON object of reliability growth (``qualitas analyze growth``, diagnosis
        studies): Crow-AMSAA at the top level, the Duane fit of the same data nested when given."""
        payload: dict[str, Any] = {
            "beta": self.beta,
            "lambda": self.lambda_,
            "mtbf_instantaneous": self.mtbf_instantaneous,
            "mtbf_cumulative": self.mtbf_cumulative,
            "growth_rate": self.growth_rate,
            "beta_mle": self.beta_mle,
            "unbiased": self.unbiased,
            "terminated": self.terminated,
            "end_time": self.end_time,
            "n_failures": self.n_failures,
            "target_mtbf": self.target_mtbf,
            "time_to_target": self.time_to_target,
        }
        if duane is not None:
            payload["duane"] = duane.to_dict()
        return payload


@dataclass(frozen=True, kw_only=True)
class DuaneFit:
    """Duane growth model: ln(cumulative MTBF) linear in ln(cumulative time).

    Attributes
    ----------
    alpha : float
        Growth slope α of cumulative MTBF = b·t^α.
    a : float
        A = 1/b, cumulative failure intensity N(t)/t = A t^(−α) (``reliability``'s ``A``).
    b : float
        Cumulative MTBF at t = 1.
    mtbf_cumulative, mtbf_instantaneous : float
        Fitted b·T^α and b·T^α/(1 − α) at T (α < 1 always holds for sorted times).
    end_time : float
        T.
    r_squared : float
        Of the log-log regression.
    n_failures : int
        n.
    target_mtbf, time_to_target : float or None
        The cumulative-MTBF target and (target/b)^(1/α).
    times : ndarray
        The sorted failure times.
    """

    alpha: float
    a: float
    b: float
    mtbf_cumulative: float
    mtbf_instantaneous: float
    end_time: float
    r_squared: float
    n_failures: int
    target_mtbf: float | None
    time_to_target: float | None
    times: FloatArray

    def mtbf_cumulative_at(self, t: npt.ArrayLike) -> FloatArray:
        """Fitted cumulative MTBF b·t^α."""
        out: FloatArray = self.b * np.asarray(t, dtype=np.float64) ** self.alpha
        return out

    def to_dict(self) -> dict[str, Any]:
        """The public JSON object of a Duane fit."""
        return {
            "alpha": self.alpha,
            "a": self.a,
            "b": self.b,
            "mtbf_cumulative": self.mtbf_cumulative,
            "mtbf_instantaneous": self.mtbf_instantaneous,
            "r_squared": self.r_squared,
            "time_to_target": self.time_to_target,
        }


def _failure_times(times: npt.ArrayLike, minimum: int) -> FloatArray:
    try:
        t = np.asarray(times, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise AnalyticsError(f"times must be numbers: {exc}") from None
    if t.ndim != 1:
        raise AnalyticsError(f"times must be one-dimensional, got shape {t.shape}")
    bad = ~(np.isfinite(t) & (t > 0.0))
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 1
        raise AnalyticsError(
            f"times: row {row} is {t[row - 1]:g}; cumulative failure times must be finite and > 0"
        )
    if t.size < minimum:
        raise InsufficientDataError(
            f"{t.size} failure time{'s' if t.size != 1 else ''}; at least {minimum} are needed"
        )
    return np.sort(t)


def _end(t: FloatArray, end_time: float | None, terminated: str | None) -> tuple[float, Terminated]:
    if terminated is None:
        terminated = "failure" if end_time is None else "time"
    if terminated not in ("failure", "time"):
        raise SpecificationError(f"terminated must be 'failure' or 'time', got {terminated!r}")
    last = float(t[-1])
    if end_time is None:
        return last, terminated  # type: ignore[return-value]
    end = float(end_time)
    if not (math.isfinite(end) and end >= last):
        raise SpecificationError(
            f"end_time {end_time!r} must be at or after the last failure ({last:g})"
        )
    if terminated == "failure" and end != last:
        raise SpecificationError(
            f"a failure-terminated test ends at the last failure ({last:g}), not at end_time {end:g}; "
            "use terminated='time'"
        )
    return end, terminated  # type: ignore[return-value]


def _target(target_mtbf: float | None) -> float | None:
    if target_mtbf is None:
        return None
    if not (math.isfinite(target_mtbf) and target_mtbf > 0):
        raise SpecificationError(f"target_mtbf must be > 0, got {target_mtbf!r}")
    return float(target_mtbf)


def crow_amsaa_fit(
    times: npt.ArrayLike,
    *,
    end_time: float | None = None,
    terminated: str | None = None,
    unbiased: bool = False,
    target_mtbf: float | None = None,
) -> CrowAmsaaFit:
    """Fit the Crow-AMSAA model by maximum likelihood.

    Parameters
    ----------
    times : array_like
        Cumulative test time at each failure (> 0; sorted here).
    end_time : float, optional
        End of a time-terminated test (≥ the last failure). Default: the last failure.
    terminated : {"failure", "time"}, optional
        Default "failure" without ``end_time``, "time" with it.
    unbiased : bool
        Apply the (n − 2)/n (failure-terminated) or (n − 1)/n (time-terminated)
        correction to β. Default False, as ``reliability`` 0.9.0.
    target_mtbf : float, optional
        Cumulative MTBF to reach; sets ``time_to_target``.

    Raises
    ------
    AnalyticsError
        A time ≤ 0 or not finite (1-based row named).
    InsufficientDataError
        Fewer than 2 failures (3 for the unbiased failure-terminated form), or all
        failures at the end of the test (β infinite).
    SpecificationError
        ``end_time`` before the last failure or inconsistent with ``terminated``; a
        target ≤ 0.
    """
    target = _target(target_mtbf)
    t = _failure_times(times, 2)
    end, how = _end(t, end_time, terminated)
    n = t.size
    if unbiased and how == "failure" and n < 3:
        raise InsufficientDataError("the unbiased failure-terminated β needs at least 3 failures")
    total = float(np.log(end / t).sum())
    if total <= 0.0:
        raise InsufficientDataError(
            "every failure is at the end of the test, so β would be infinite; more spread failure "
            "times or a later end_time are needed"
        )
    beta_mle = n / total
    beta = beta_mle * ((n - 2) / n if how == "failure" else (n - 1) / n) if unbiased else beta_mle
    lam = n / end**beta
    time_to_target = None
    if target is not None:
        time_to_target = (lam * target) ** (1.0 / (1.0 - beta)) if beta != 1.0 else math.inf
    return CrowAmsaaFit(
        beta=beta,
        lambda_=lam,
        beta_mle=beta_mle,
        growth_rate=1.0 - beta,
        mtbf_instantaneous=1.0 / (lam * beta * end ** (beta - 1.0)),
        mtbf_cumulative=end ** (1.0 - beta) / lam,
        end_time=end,
        terminated=how,
        unbiased=bool(unbiased),
        n_failures=n,
        target_mtbf=target,
        time_to_target=time_to_target,
        times=t,
    )


def duane_fit(
    times: npt.ArrayLike,
    *,
    end_time: float | None = None,
    target_mtbf: float | None = None,
) -> DuaneFit:
    """Fit the Duane model: least squares of ln(tᵢ/i) on ln tᵢ.

    Parameters
    ----------
    times : array_like
        Cumulative test time at each failure (> 0; sorted here).
    end_time : float, optional
        Time at which the demonstrated MTBFs are evaluated (≥ the last failure).
        Default: the last failure, as ``reliability`` 0.9.0.
    target_mtbf : float, optional
        Cumulative MTBF to reach; sets ``time_to_target``.

    Raises
    ------
    AnalyticsError, InsufficientDataError, SpecificationError
        As :func:`crow_amsaa_fit`; also when all failure times are equal.
    """
    target = _target(target_mtbf)
    t = _failure_times(times, 2)
    end, _ = _end(t, end_time, None)
    x = np.log(t)
    y = np.log(t / np.arange(1, t.size + 1))
    x_c = x - x.mean()
    y_c = y - y.mean()
    sxx = float(x_c @ x_c)
    if sxx == 0.0:
        raise InsufficientDataError("the Duane fit needs at least 2 distinct failure times")
    alpha = float(x_c @ y_c) / sxx
    b = math.exp(float(y.mean()) - alpha * float(x.mean()))
    resid = y_c - alpha * x_c
    syy = float(y_c @ y_c)
    r_squared = 1.0 - float(resid @ resid) / syy if syy > 0.0 else 1.0
    cumulative = b * end**alpha
    # α < 1 always: ln i rises with ln tᵢ, so the slope of ln(tᵢ/i) = ln tᵢ − ln i is below 1,
    # and the instantaneous MTBF cumulative/(1 − α) is always defined.
    instantaneous = cumulative / (1.0 - alpha)
    time_to_target = None
    if target is not None:
        time_to_target = (target / b) ** (1.0 / alpha) if alpha > 0.0 else math.inf
    return DuaneFit(
        alpha=alpha,
        a=1.0 / b,
        b=b,
        mtbf_cumulative=cumulative,
        mtbf_instantaneous=instantaneous,
        end_time=end,
        r_squared=r_squared,
        n_failures=int(t.size),
        target_mtbf=target,
        time_to_target=time_to_target,
        times=t,
    )
