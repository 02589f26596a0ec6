"""Reproducible stratified random selection ("double random" spot-check draws).

The method is published with every draw so that anyone holding the frame and the seed can
re-draw the same list (``qualitas supervision redraw``; ``docs/methodology/spot_checks.md``):

1. The frame is a list of units, each with a key (the unified social credit code), a stratum
   label and a weight (1 for a simple random draw; a risk weight otherwise).
2. Allocation: ``n`` is split over the strata in proportion to their sizes; each stratum gets
   ``floor(n * N_h / N)`` and the units left over go, one each, to the strata with the largest
   fractional parts (ties: stratum label order). No stratum gets more than it holds.
3. Draw: the frame is ordered by (stratum, key); NumPy's PCG64 generator seeded with ``seed``
   (``numpy.random.default_rng(seed)``) gives one uniform ``u`` per unit in that order; a unit's
   priority is ``u ** (1 / w)`` (Efraimidis and Spirakis, 2006: weighted sampling without
   replacement; with every ``w = 1`` it is simple random sampling); each stratum takes its
   ``n_h`` units of highest priority.
4. The answer is the chosen keys in (stratum, key) order.

Pure computation: no Django, no files, no settings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualitas.analytics.errors import AnalyticsError

METHOD = "stratified-proportional/largest-remainder; PCG64(seed) uniform per unit in (stratum, key) order; priority u**(1/w); top n_h per stratum"


@dataclass(frozen=True, kw_only=True)
class Draw:
    """The result of :func:`stratified_draw`.

    Attributes
    ----------
    chosen : numpy.ndarray
        Indices into the frame as given (not sorted input order), in (stratum, key) order.
    allocation : dict[str, int]
        Units drawn per stratum.
    sizes : dict[str, int]
        Units in the frame per stratum.
    seed : int
    method : str
    """

    chosen: np.ndarray
    allocation: dict[str, int]
    sizes: dict[str, int]
    seed: int
    method: str = METHOD


def _key_order(k: np.ndarray) -> np.ndarray:
    """Indices that sort the keys (byte order, stable). ASCII keys of up to 24 characters (credit
    codes) are compared as three big-endian 64-bit integers: a numeric sort, many times faster
    than sorting strings; other keys fall back to NumPy's string sort."""
    if len(k) and k.dtype.itemsize // 4 <= 24:
        try:
            raw = k.astype("S24")
        except UnicodeEncodeError:
            raw = None
        if raw is not None:
            words = np.frombuffer(raw.tobytes(), dtype=">u8").reshape(-1, 3)
            return np.lexsort((words[:, 2], words[:, 1], words[:, 0]))
    return np.argsort(k, kind="stable")


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Proportional allocation with largest remainders (see the module's step 2)."""
    total = sum(sizes.values())
    if n < 0:
        raise AnalyticsError("the number to draw must not be negative")
    if total == 0 or n == 0:
        return dict.fromkeys(sizes, 0)
    if n >= total:
        return dict(sizes)
    labels = sorted(sizes)
    exact = {h: n * sizes[h] / total for h in labels}
    out = {h: min(sizes[h], int(np.floor(exact[h]))) for h in labels}
    left = n - sum(out.values())
    order = sorted(labels, key=lambda h: (-(exact[h] - np.floor(exact[h])), h))
    while left > 0:
        progressed = False
        for h in order:
            if left == 0:
                break
            if out[h] < sizes[h]:
                out[h] += 1
                left -= 1
                progressed = True
        if not progressed:
            break
    return out


def stratified_draw(
    keys: Sequence[str],
    strata: Sequence[str],
    n: int,
    *,
    seed: int,
    weights: Sequence[float] | None = None,
) -> Draw:
    """Draw ``n`` units from the frame (``keys``, ``strata``, optional ``weights``) reproducibly."""
    k = np.asarray(keys).astype(str)
    s = np.asarray(strata).astype(str)
    if k.ndim != 1 or k.shape != s.shape:
        raise AnalyticsError("keys and strata must have the same length")
    w = np.ones(len(k)) if weights is None else np.asarray(weights, dtype=float)
    if w.shape != k.shape:
        raise AnalyticsError("weights must have one value per unit")
    if len(w) and (not np.all(np.isfinite(w)) or w.min() <= 0):
        raise AnalyticsError("weights must be positive numbers")
    if seed < 0:
        raise AnalyticsError("the seed must not be negative")
    codes_raw, uniques = pd.factorize(s, sort=True)  # hashing, not a sort of 1e6 strings
    labels = np.asarray(uniques).astype(str)
    codes = np.asarray(codes_raw, dtype=np.int64)
    counts = np.bincount(codes, minlength=len(labels))
    by_key = _key_order(k)
    if len(k) > 1 and np.any(k[by_key][1:] == k[by_key][:-1]):
        raise AnalyticsError("keys must be unique")
    order = by_key[np.argsort(codes[by_key], kind="stable")]  # by stratum, then key
    first = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    sizes = {str(h): int(c) for h, c in zip(labels, counts, strict=True)}
    alloc = allocate(sizes, n)
    rng = np.random.default_rng(seed)
    u = rng.random(len(order))
    with np.errstate(divide="ignore"):
        priority = np.power(u, 1.0 / w[order])
    stratum_idx = np.repeat(np.arange(len(labels)), counts)
    # within each stratum, rank by priority (highest first); stable for equal priorities
    rank_order = np.lexsort((-priority, stratum_idx))
    pos_in_stratum = np.empty(len(order), dtype=np.int64)
    pos_in_stratum[rank_order] = np.arange(len(order)) - np.repeat(first, counts)
    take = np.array([alloc[str(h)] for h in labels], dtype=np.int64)
    chosen_sorted = np.nonzero(pos_in_stratum < take[stratum_idx])[0]
    return Draw(chosen=order[chosen_sorted], allocation=alloc, sizes=sizes, seed=int(seed))


def frame_digest(keys: Sequence[str], strata: Sequence[str], weights: Sequence[float]) -> str:
    """SHA-256 of the frame as published (``key,stratum,weight`` lines sorted by key), so that a
    re-draw can show it used the same frame."""
    lines = sorted(f"{k},{s},{float(w):g}" for k, s, w in zip(keys, strata, weights, strict=True))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
