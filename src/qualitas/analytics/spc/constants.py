"""Control-chart constants for subgroup sizes n = 2..25, computed exactly.

``d2(n)`` is the expected range and ``d3(n)`` the standard deviation of the range of
``n`` independent standard normal observations; both are computed by numerical
integration of the range distribution (the same definition R's qcc 3.x uses with
``ptukey``). ``c4(n)`` is E(S)/σ for a normal sample of size ``n``, from gamma
functions. Every other factor is a closed form of these three (Montgomery,
*Introduction to Statistical Quality Control*, 7th ed., Appendix VI; ASTM E2587):

=====  =============================  =====  ==========================
A2     3 / (d2 √n)                    A3     3 / (c4 √n)
D3     max(0, 1 − 3 d3/d2)            D4     1 + 3 d3/d2
B3     max(0, 1 − 3 √(1−c4²)/c4)      B4     1 + 3 √(1−c4²)/c4
B5     max(0, c4 − 3 √(1−c4²))        B6     c4 + 3 √(1−c4²)
E2     3 / d2                         A      3 / √n
=====  =============================  =====  ==========================

The project uses these *exact* values everywhere. Published tables print d2 to 3
decimals (1.128, 2.326 …) and R's qcc 2.x/3.0 used those rounded values, so qcc's
σ = R̄/d2 differs from ours by up to ~3e-4 relatively (n = 2: 1.128 vs 1.1283792);
SixSigma uses 1.128379 for n = 2, which agrees with ours to 7 digits.
:data:`PUBLISHED` holds the printed table (Montgomery, Appendix VI, which agrees with
ASTM E2587 Table 1 at the digits printed), used by the tests to check every size.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import numpy as np
from scipy import integrate, special

from qualitas.analytics.errors import AnalyticsError

N_MIN = 2
N_MAX = 25

# Integration grid for the inner integral over x in F_R(r) = n ∫ φ(x) [Φ(x+r) − Φ(x)]^(n−1) dx.
# The integrand is analytic and decays like φ(x), so the trapezoid rule on a uniform grid
# converges geometrically; ±12 with step 0.004 leaves the truncation below 1e-30.
_X = np.linspace(-12.0, 12.0, 6001)
_DX = float(_X[1] - _X[0])
_PHI_X = np.exp(-0.5 * _X**2) / math.sqrt(2.0 * math.pi)
_CDF_X = special.ndtr(_X)


def _check_n(n: int) -> int:
    if int(n) != n or n < N_MIN:
        raise AnalyticsError(f"subgroup size must be an integer >= {N_MIN}, got {n!r}")
    return int(n)


@cache
def d2(n: int) -> float:
    """Expected range of ``n`` standard normal observations, E(R)/σ.

    E(R) = ∫ [1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ] dx over the real line (adaptive quadrature,
    absolute error < 1e-12).
    """
    n = _check_n(n)

    def integrand(x: float) -> float:
        p = float(special.ndtr(x))
        return 1.0 - p**n - (1.0 - p) ** n

    value, _ = integrate.quad(integrand, -np.inf, np.inf, epsabs=1e-13, epsrel=1e-13, limit=200)
    return float(value)


def _range_sf(r: float, n: int) -> float:
    """P(R > r) for the range of ``n`` standard normals."""
    inner = _PHI_X * (special.ndtr(_X + r) - _CDF_X) ** (n - 1)
    return 1.0 - n * float(np.sum(inner)) * _DX


@cache
def d3(n: int) -> float:
    """Standard deviation of the range of ``n`` standard normal observations, sd(R)/σ.

    E(R²) = 2 ∫₀^∞ r P(R > r) dr (adaptive quadrature over r, trapezoid rule over x
    inside P(R > r)); d3 = √(E(R²) − d2²).
    """
    n = _check_n(n)
    second, _ = integrate.quad(
        lambda r: r * _range_sf(r, n), 0.0, np.inf, epsabs=1e-12, epsrel=1e-12, limit=200
    )
    return math.sqrt(2.0 * second - d2(n) ** 2)


def c4(n: int) -> float:
    """E(S)/σ for a normal sample of size ``n``: √(2/(n−1)) Γ(n/2) / Γ((n−1)/2)."""
    n = _check_n(n)
    return math.sqrt(2.0 / (n - 1)) * math.exp(
        special.gammaln(n / 2) - special.gammaln((n - 1) / 2)
    )


def factors(n: int) -> dict[str, float]:
    """Every factor for subgroup size ``n`` (keys as in :data:`PUBLISHED` plus ``A``, ``E2``)."""
    n = _check_n(n)
    dd2, dd3, cc4 = d2(n), d3(n), c4(n)
    s = math.sqrt(1.0 - cc4**2)
    return {
        "A": 3.0 / math.sqrt(n),
        "A2": 3.0 / (dd2 * math.sqrt(n)),
        "A3": 3.0 / (cc4 * math.sqrt(n)),
        "c4": cc4,
        "B3": max(0.0, 1.0 - 3.0 * s / cc4),
        "B4": 1.0 + 3.0 * s / cc4,
        "B5": max(0.0, cc4 - 3.0 * s),
        "B6": cc4 + 3.0 * s,
        "d2": dd2,
        "d3": dd3,
        "D1": max(0.0, dd2 - 3.0 * dd3),
        "D2": dd2 + 3.0 * dd3,
        "D3": max(0.0, 1.0 - 3.0 * dd3 / dd2),
        "D4": 1.0 + 3.0 * dd3 / dd2,
        "E2": 3.0 / dd2,
    }


def d2_array(sizes: np.ndarray) -> np.ndarray:
    """d2 for an integer array of subgroup sizes (vectorised lookup of the cached values)."""
    return _lookup(sizes, d2)


def d3_array(sizes: np.ndarray) -> np.ndarray:
    """d3 for an integer array of subgroup sizes."""
    return _lookup(sizes, d3)


def c4_array(sizes: np.ndarray) -> np.ndarray:
    """c4 for an integer array of subgroup sizes (n ≥ 2, any size)."""
    sizes = np.asarray(sizes, dtype=float)
    return np.sqrt(2.0 / (sizes - 1)) * np.exp(
        special.gammaln(sizes / 2) - special.gammaln((sizes - 1) / 2)
    )


def _lookup(sizes: np.ndarray, func: Callable[[int], float]) -> np.ndarray:
    sizes = np.asarray(sizes)
    unique, inverse = np.unique(sizes, return_inverse=True)
    values = np.asarray([func(int(u)) for u in unique], dtype=np.float64)
    return values[inverse].reshape(sizes.shape)


# Montgomery, Introduction to Statistical Quality Control, 7th ed. (2013), Appendix VI
# "Factors for Constructing Variables Control Charts"; the same digits appear in ASTM
# E2587 Table 1. Columns: A2 A3 c4 B3 B4 B5 B6 d2 d3 D3 D4, rows n = 2..25.
_COLUMNS = ("A2", "A3", "c4", "B3", "B4", "B5", "B6", "d2", "d3", "D3", "D4")
_ROWS = """
2  1.880 2.659 0.7979 0     3.267 0     2.606 1.128 0.853 0     3.267
3  1.023 1.954 0.8862 0     2.568 0     2.276 1.693 0.888 0     2.574
4  0.729 1.628 0.9213 0     2.266 0     2.088 2.059 0.880 0     2.282
5  0.577 1.427 0.9400 0     2.089 0     1.964 2.326 0.864 0     2.114
6  0.483 1.287 0.9515 0.030 1.970 0.029 1.874 2.534 0.848 0     2.004
7  0.419 1.182 0.9594 0.118 1.882 0.113 1.806 2.704 0.833 0.076 1.924
8  0.373 1.099 0.9650 0.185 1.815 0.179 1.751 2.847 0.820 0.136 1.864
9  0.337 1.032 0.9693 0.239 1.761 0.232 1.707 2.970 0.808 0.184 1.816
10 0.308 0.975 0.9727 0.284 1.716 0.276 1.669 3.078 0.797 0.223 1.777
11 0.285 0.927 0.9754 0.321 1.679 0.313 1.637 3.173 0.787 0.256 1.744
12 0.266 0.886 0.9776 0.354 1.646 0.346 1.610 3.258 0.778 0.283 1.717
13 0.249 0.850 0.9794 0.382 1.618 0.374 1.585 3.336 0.770 0.307 1.693
14 0.235 0.817 0.9810 0.406 1.594 0.399 1.563 3.407 0.763 0.328 1.672
15 0.223 0.789 0.9823 0.428 1.572 0.421 1.544 3.472 0.756 0.347 1.653
16 0.212 0.763 0.9835 0.448 1.552 0.440 1.526 3.532 0.750 0.363 1.637
17 0.203 0.739 0.9845 0.466 1.534 0.458 1.511 3.588 0.744 0.378 1.622
18 0.194 0.718 0.9854 0.482 1.518 0.475 1.496 3.640 0.739 0.391 1.608
19 0.187 0.698 0.9862 0.497 1.503 0.490 1.483 3.689 0.734 0.403 1.597
20 0.180 0.680 0.9869 0.510 1.490 0.504 1.470 3.735 0.729 0.415 1.585
21 0.173 0.663 0.9876 0.523 1.477 0.516 1.459 3.778 0.724 0.425 1.575
22 0.167 0.647 0.9882 0.534 1.466 0.528 1.448 3.819 0.720 0.434 1.566
23 0.162 0.633 0.9887 0.545 1.455 0.539 1.438 3.858 0.716 0.443 1.557
24 0.157 0.619 0.9892 0.555 1.445 0.549 1.429 3.895 0.712 0.451 1.548
25 0.153 0.606 0.9896 0.565 1.435 0.559 1.420 3.931 0.708 0.459 1.541
"""

#: The printed table as strings (so the tests know how many digits were printed).
PUBLISHED: dict[int, dict[str, str]] = {
    int(parts[0]): dict(zip(_COLUMNS, parts[1:], strict=True))
    for parts in (line.split() for line in _ROWS.strip().splitlines())
}
