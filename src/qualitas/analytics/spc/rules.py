"""Run rules (Western Electric and Nelson), vectorised along the last axis.

Every rule works on arrays of shape ``(..., m)`` — one characteristic ``(m,)`` or
many ``(k, m)`` — with the centre, the standard error of the plotted statistic and
the control limits broadcast against them, so per-point limits (p and u charts with
varying subgroup sizes, stages, EWMA) give per-point zones. There is no Python loop
over points or characteristics: every condition (side, zone, rise, alternation) is
computed once as a boolean array and shared by the rules that use it; "n in a row" is
an AND over a window of n points built by doubling (2, 4, 8 … points, each level
shared), "m of w" a few shifted ORs or small-integer sums.

Conventions (those of R's qcc 3.0, ``R/rules.R``; checked against its unit-test
vectors):

* Zones are ``centre ± k·se`` for k = 1, 2; "beyond" is strict (``>``/``<``), "within
  1σ" (nelson-7) is inclusive. Rule 1 uses the chart's own limits (which may be
  clipped at zero), also strictly.
* A point exactly on the centre line belongs to neither side: it breaks a run.
* Runs (nelson-2, nelson-3, nelson-4, nelson-7, we-4): the point that completes the
  run and every later point while the run lasts are flagged; earlier points of the
  run are not.
* "m of w" rules (we-2/nelson-5, we-3/nelson-6): a point is flagged when it is itself
  beyond the zone and, with the w−1 points before it, at least m points are beyond
  the zone on the same side.
* nelson-8: the last point of every 8-point window in which all points are beyond 1σ
  and at least one is on each side (8 points beyond 1σ on one side only are not
  flagged by this rule; they are caught by nelson-6 and nelson-2).
* nelson-3 and nelson-4 compare neighbouring points directly (a rise is xᵢ₊₁ > xᵢ, an
  alternation a rise then a fall or a fall then a rise), so even differences whose
  product would underflow to zero count.
* Differences from qcc: qcc compares all points of an "m of w" window against the
  *last* point's zone when limits vary; here each point is compared with its own
  zone. NaN points satisfy no condition and so break every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from qualitas.analytics.errors import AnalyticsError

NELSON: tuple[str, ...] = tuple(f"nelson-{i}" for i in range(1, 9))
WESTERN_ELECTRIC: tuple[str, ...] = tuple(f"we-{i}" for i in range(1, 5))
ALL_RULES: tuple[str, ...] = NELSON + WESTERN_ELECTRIC

#: What each rule tests, for tables, hover texts and the docs.
DESCRIPTIONS: dict[str, str] = {
    "nelson-1": "1 point beyond the control limits",
    "nelson-2": "9 points in a row on the same side of the centre line",
    "nelson-3": "6 points in a row steadily increasing or decreasing",
    "nelson-4": "14 points in a row alternating up and down",
    "nelson-5": "2 of 3 points beyond 2σ on the same side",
    "nelson-6": "4 of 5 points beyond 1σ on the same side",
    "nelson-7": "15 points in a row within 1σ of the centre line",
    "nelson-8": "8 points in a row beyond 1σ, on both sides",
    "we-1": "1 point beyond the control limits",
    "we-2": "2 of 3 points beyond 2σ on the same side",
    "we-3": "4 of 5 points beyond 1σ on the same side",
    "we-4": "8 points in a row on the same side of the centre line",
}


def parse_rules(spec: str | Iterable[str] | None) -> tuple[str, ...]:
    """Normalise a rule selection.

    ``"nelson"`` (all eight), ``"we"`` (all four), ``"none"``/``None``/``""`` (no
    rules), or names such as ``"nelson-1,nelson-2"`` (a string with commas or an
    iterable). Unknown names raise :class:`AnalyticsError` listing the valid ones.
    """
    if spec is None:
        return ()
    items = (
        [s.strip().lower() for s in spec.split(",")]
        if isinstance(spec, str)
        else [str(s).strip().lower() for s in spec]
    )
    out: list[str] = []
    for item in items:
        if item in ("", "none"):
            continue
        expanded = {
            "nelson": NELSON,
            "we": WESTERN_ELECTRIC,
            "western-electric": WESTERN_ELECTRIC,
        }.get(item, (item,))
        for name in expanded:
            if name not in ALL_RULES:
                raise AnalyticsError(
                    f"unknown rule {item!r}: use nelson, we, none or names among {', '.join(ALL_RULES)}"
                )
            if name not in out:
                out.append(name)
    return tuple(out)


def _index_dtype(m: int) -> type[np.signedinteger[Any]]:
    # Narrow integers halve or quarter the memory traffic of the scans on (k, m) arrays.
    return np.int16 if m < 2**15 - 1 else np.int64


def _positions(m: int, ndim: int, axis: int) -> NDArray[np.signedinteger[Any]]:
    shape = [1] * ndim
    shape[axis] = m
    return np.arange(m, dtype=_index_dtype(m)).reshape(shape)


def run_length(condition: NDArray[np.bool_], axis: int = -1) -> NDArray[np.signedinteger[Any]]:
    """Length of the run of True values ending at each position (0 where False), along ``axis``."""
    idx = _positions(condition.shape[axis], condition.ndim, axis)
    breaks = np.where(condition, idx.dtype.type(-1), idx)
    last_break = np.maximum.accumulate(breaks, axis=axis)
    return np.where(condition, idx - last_break, idx.dtype.type(0))


def window_count(
    condition: NDArray[np.bool_], width: int, axis: int = -1
) -> NDArray[np.signedinteger[Any]]:
    """Number of True values among each position and the ``width − 1`` before it (along ``axis``).

    Positions with fewer than ``width`` points so far get −1 so that no window rule fires.
    """
    c = np.moveaxis(
        np.cumsum(condition, axis=axis, dtype=_index_dtype(condition.shape[axis])), axis, 0
    )
    out = np.full(c.shape, -1, dtype=c.dtype)
    if c.shape[0] >= width:
        out[width - 1 :] = c[width - 1 :]
        out[width:] -= c[:-width]
    return np.moveaxis(out, 0, axis)


def _window(
    condition: NDArray[np.bool_], width: int, combine: Any, powers: dict[int, NDArray[np.bool_]]
) -> NDArray[np.bool_]:
    """``combine`` (``np.logical_and``: all; ``np.logical_or``: any) over every window of
    ``width`` consecutive entries of ``condition`` along axis 0, in "valid" mode: entry j
    covers j … j + width − 1, so the result has ``len − width + 1`` entries (``width``
    must not exceed the length).

    Windows of 2, 4, 8 … are built by doubling (``W₂ₚ[j] = Wₚ[j] ∘ Wₚ[j + p]``) and kept
    in ``powers`` so that several rules on the same condition share them; any width is
    then two overlapping power-of-two windows. A handful of passes over small boolean
    arrays replaces the integer scans of :func:`run_length` and :func:`window_count`.
    """
    if 1 not in powers:
        powers[1] = condition
    p = 1
    while 2 * p <= width:
        if 2 * p not in powers:
            w = powers[p]
            powers[2 * p] = combine(w[:-p], w[p:])
        p *= 2
    w = powers[p]
    rest = width - p
    return w if rest == 0 else combine(w[: w.shape[0] - rest], w[rest:])


#: Points per block of series: the temporaries of one block (a few dozen boolean arrays
#: and two float arrays of this many entries) stay in the CPU cache, and the allocator
#: reuses them from block to block instead of mapping fresh pages for each one, which
#: on whole (k, m) arrays cost more than the arithmetic.
_BLOCK = 32_768

#: Rules that are others under another name: computed once, copied.
_SAME = {"we-1": "nelson-1", "we-2": "nelson-5", "we-3": "nelson-6"}


def rule_masks(
    points: ArrayLike,
    *,
    center: ArrayLike,
    se: ArrayLike,
    lcl: ArrayLike,
    ucl: ArrayLike,
    rules: Sequence[str],
) -> NDArray[np.bool_]:
    """Boolean flags of shape ``(..., len(rules), m)``: which points each rule flags.

    Parameters
    ----------
    points
        Plotted statistics, shape ``(..., m)``.
    center, se, lcl, ucl
        Centre line, standard error of the plotted statistic (zone width) and control
        limits, each broadcastable to ``points`` (scalars, ``(..., 1)`` or per point).
    rules
        Rule names (see :func:`parse_rules`), evaluated in this order.
    """
    x = np.asarray(points, dtype=float)
    if x.ndim == 0:
        raise AnalyticsError("points must have at least one dimension")
    for rule in rules:
        if rule not in ALL_RULES:
            raise AnalyticsError(f"unknown rule {rule!r}: use names among {', '.join(ALL_RULES)}")
    shape = x.shape
    m = shape[-1]
    series = int(np.prod(shape[:-1], dtype=np.int64))

    def rows(a: ArrayLike) -> NDArray[np.float64]:
        # (series, m); a view when the argument is given per series or per point.
        return np.broadcast_to(np.asarray(a, dtype=float), shape).reshape(series, m)

    se_ = np.asarray(se, dtype=float)
    # The zone edges ±se, ±2se on the arguments as given (usually one per series), so
    # that no per-point array is built for them. -(2·se) is exactly what -2·se was.
    args = (rows(x), rows(center), rows(se_), rows(-se_), rows(2 * se_), rows(-2 * se_))
    limits = (rows(lcl), rows(ucl))
    out = np.zeros((len(rules), m, series), dtype=bool)
    step = max(1, _BLOCK // max(m, 1))
    for r0 in range(0, series, step):
        block = slice(r0, r0 + step)
        _block_masks(*(a[block].T for a in args + limits), rules=rules, out=out[:, :, block])
    # (rules, m, series) → (..., rules, m), a view.
    return np.moveaxis(out.reshape((len(rules), m) + shape[:-1]), (0, 1), (-2, -1))


def _block_masks(
    x: NDArray[np.float64],
    center: NDArray[np.float64],
    se: NDArray[np.float64],
    neg_se: NDArray[np.float64],
    se2: NDArray[np.float64],
    neg_se2: NDArray[np.float64],
    lcl: NDArray[np.float64],
    ucl: NDArray[np.float64],
    *,
    rules: Sequence[str],
    out: NDArray[np.bool_],
) -> None:
    """The rules on one block of series laid out time first, (m, b), into ``out`` (rules, m, b)."""
    m = x.shape[0]
    # Windows run along axis 0 of a contiguous (m, b) copy: a shift by j points is then a
    # slice of whole rows, so every pass below is one contiguous vectorised operation.
    xt = np.ascontiguousarray(x)
    d = xt - center
    # Computed on first use and shared: conditions, their power-of-two windows, flags.
    conds: dict[str, NDArray[np.bool_]] = {}
    windows: dict[tuple[str, Any], dict[int, NDArray[np.bool_]]] = {}
    done: dict[str, NDArray[np.bool_]] = {}

    def cond(name: str) -> NDArray[np.bool_]:
        if name not in conds:
            if name == "above":
                conds[name] = d > 0
            elif name == "below":
                conds[name] = d < 0
            elif name == "up1":
                conds[name] = d > se
            elif name == "lo1":
                conds[name] = d < neg_se
            elif name == "up2":
                conds[name] = d > se2
            elif name == "lo2":
                conds[name] = d < neg_se2
            elif name == "within1":
                # |d| ≤ se without a float temporary (NaN fails both, as it fails |d| ≤ se).
                conds[name] = (d <= se) & (d >= neg_se)
            elif name == "beyond1":
                conds[name] = cond("up1") | cond("lo1")
            elif name == "rise":
                # Index j compares points j + 1 and j: xₖ₊₁ > xₖ exactly when xₖ₊₁ − xₖ > 0.
                conds[name] = xt[1:] > xt[:-1]
            elif name == "fall":
                conds[name] = xt[1:] < xt[:-1]
            else:  # "alternating": a rise then a fall, or a fall then a rise
                rise, fall = cond("rise"), cond("fall")
                conds[name] = (rise[1:] & fall[:-1]) | (fall[1:] & rise[:-1])
        return conds[name]

    def run(name: str, width: int) -> NDArray[np.bool_]:
        """All of ``width`` consecutive entries of a condition (valid mode)."""
        return _window(cond(name), width, np.logical_and, windows.setdefault((name, "all"), {}))

    def any_of(name: str, width: int) -> NDArray[np.bool_]:
        return _window(cond(name), width, np.logical_or, windows.setdefault((name, "any"), {}))

    for j, rule in enumerate(rules):
        key = _SAME.get(rule, rule)
        if key in done:
            out[j] = done[key]
            continue
        flag = out[j]
        if key == "nelson-1":
            np.logical_or(xt > ucl, xt < lcl, out=flag)
        elif key in ("nelson-2", "we-4"):
            # The point completing a run of `width` on one side, and every later one of it.
            width = 9 if key == "nelson-2" else 8
            if m >= width:
                np.logical_or(run("above", width), run("below", width), out=flag[width - 1 :])
        elif key == "nelson-3":
            # Rise j ends at point j + 1: five rises in a row complete a run at point j + 5.
            if m >= 6:
                np.logical_or(run("rise", 5), run("fall", 5), out=flag[5:])
        elif key == "nelson-4":
            # Alternation j compares rises/falls j and j + 1, ending at point j + 2.
            if m >= 14:
                flag[13:] = run("alternating", 12)
        elif key == "nelson-5":
            # 2 of 3 beyond 2σ: the point itself and at least one of the two before it.
            if m >= 3:
                for name in ("up2", "lo2"):
                    c = cond(name)
                    flag[2:] |= c[2:] & (c[1:-1] | c[:-2])
        elif key == "nelson-6":
            # 4 of 5 beyond 1σ: the point itself and at least 3 of the four before it.
            if m >= 5:
                for name in ("up1", "lo1"):
                    c = cond(name)
                    u = c.view(np.uint8)
                    pairs = u[1:] + u[:-1]  # pairs[j]: points j and j + 1
                    flag[4:] |= c[4:] & (pairs[: m - 4] + pairs[2 : m - 2] >= 3)
        elif key == "nelson-7":
            if m >= 15:
                flag[14:] = run("within1", 15)
        else:  # nelson-8: 8 in a row beyond 1σ, with both sides among them
            if m >= 8:
                np.logical_and(run("beyond1", 8), any_of("up1", 8), out=flag[7:])
                flag[7:] &= any_of("lo1", 8)
        done[key] = flag
