"""Run rules (Western Electric and Nelson), vectorised along the last axis.

Every rule works on arrays of shape ``(..., m)`` — one characteristic ``(m,)`` or
many ``(k, m)`` — with the centre, the standard error of the plotted statistic and
the control limits broadcast against them, so per-point limits (p and u charts with
varying subgroup sizes, stages, EWMA) give per-point zones. There is no Python loop
over points or characteristics: runs are counted with a running maximum of the last
breaking index, windows with cumulative sums.

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


def _shifted_run(condition: NDArray[np.bool_], run: int, shift: int, m: int) -> NDArray[np.bool_]:
    """Flag point ``i + shift`` when a run of ``run`` True values in ``condition`` ends at ``i`` (axis 0)."""
    lead = np.zeros((shift,) + condition.shape[1:], dtype=bool)
    # With fewer points than the shift, the padded result is longer than the series: trim it.
    return np.concatenate([lead, run_length(condition, axis=0) >= run], axis=0)[:m]


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
    shape = x.shape
    m = shape[-1]

    def time_first(a: ArrayLike) -> NDArray[np.float64]:
        # Scans run along axis 0 on a contiguous (m, ...) copy: numpy's accumulate is far
        # faster over a long contiguous inner axis than over many rows of 25 points.
        b = np.broadcast_to(np.asarray(a, dtype=float), shape)
        return np.ascontiguousarray(np.moveaxis(b, -1, 0))

    xt = time_first(x)
    s = time_first(se)
    d = xt - time_first(center)
    above, below = d > 0, d < 0
    cache: dict[int, tuple[NDArray[np.bool_], NDArray[np.bool_]]] = {}

    def beyond(k: int) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """Points beyond centre ± k·se (above, below), computed once per k."""
        if k not in cache:
            cache[k] = (d > k * s, d < -k * s)
        return cache[k]

    def m_of_w(k: int, m_: int, w: int) -> NDArray[np.bool_]:
        up, lo_ = beyond(k)
        return (up & (window_count(up, w, 0) >= m_)) | (lo_ & (window_count(lo_, w, 0) >= m_))

    side_runs: list[NDArray[np.signedinteger[Any]]] = []

    def same_side(run: int) -> NDArray[np.bool_]:
        if not side_runs:  # shared by nelson-2 and we-4
            side_runs.extend((run_length(above, 0), run_length(below, 0)))
        return (side_runs[0] >= run) | (side_runs[1] >= run)

    out = np.zeros((len(rules),) + xt.shape, dtype=bool)
    for j, rule in enumerate(rules):
        if rule in ("nelson-1", "we-1"):
            flag = (xt > time_first(ucl)) | (xt < time_first(lcl))
        elif rule == "nelson-2":
            flag = same_side(9)
        elif rule == "we-4":
            flag = same_side(8)
        elif rule == "nelson-3":
            diff = np.diff(xt, axis=0)
            flag = _shifted_run(diff > 0, 5, 1, m) | _shifted_run(diff < 0, 5, 1, m)
        elif rule == "nelson-4":
            diff = np.diff(xt, axis=0)
            alternating = diff[1:] * diff[:-1] < 0
            flag = _shifted_run(alternating, 12, 2, m)
        elif rule in ("nelson-5", "we-2"):
            flag = m_of_w(2, 2, 3)
        elif rule in ("nelson-6", "we-3"):
            flag = m_of_w(1, 4, 5)
        elif rule == "nelson-7":
            flag = run_length(np.abs(d) <= s, 0) >= 15
        elif rule == "nelson-8":
            up, lo_ = beyond(1)
            flag = (
                (run_length(up | lo_, 0) >= 8)
                & (window_count(up, 8, 0) > 0)
                & (window_count(lo_, 8, 0) > 0)
            )
        else:
            raise AnalyticsError(f"unknown rule {rule!r}: use names among {', '.join(ALL_RULES)}")
        out[j] = flag
    # (rules, m, ...) → (..., rules, m)
    return np.moveaxis(np.moveaxis(out, 1, -1), 0, -2)
