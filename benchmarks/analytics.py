"""Batch X̄-R limits + the eight Nelson rules + normal capability, on one core.

10,000 characteristics × 25 subgroups × 5 (1.25 M values, seeded). Issue 3's targets:

* batch ≤ 100 × one numpy pass over the same data. The floor is ``values.sum()`` (one
  memory-bound pass); ``values.mean(axis=-1)`` (a reduction along the short last axis,
  several times slower) is printed as a second reference.
* looping the single form (200 characteristics, scaled to 10,000) ≥ 50 × the batch.

Every time is the median of ≥ 7 runs; the floor, the reference and the batch are run in
turn in each round, so a change in machine load affects them alike. Exit status 1 when a target is
missed. Run: ``.venv/bin/python benchmarks/analytics.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: set before numpy is imported

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from qualitas.analytics.capability import capability, capability_batch  # noqa: E402
from qualitas.analytics.spc import xbar_r_batch, xbar_r_chart  # noqa: E402

K, M, N = 10_000, 25, 5
SUBSET = 200
LSL, USL = -4.0, 4.0
REPEAT = 15  # rounds; every median is over ≥ 7 runs
MAX_RATIO = 100.0  # batch / values.sum()
MIN_SPEEDUP = 50.0  # single-form loop / batch


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def interleaved_medians(fns: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Median time of each function over ``rounds`` rounds, each round running every
    function once in turn, so that a change in machine load (other processes on the
    two cores) hits the floor and the batch alike instead of skewing their ratio."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(rounds):
        for name, fn in fns.items():
            times[name].append(timed(fn))
    return {name: statistics.median(ts) for name, ts in times.items()}


def spc(values: np.ndarray) -> None:
    xbar_r_batch(values, rules="nelson")


def cap(values: np.ndarray) -> None:
    capability_batch(values, lsl=LSL, usl=USL, normality=False, intervals=False)


def batch(values: np.ndarray) -> None:
    spc(values)
    cap(values)


def single(values: np.ndarray) -> None:
    for i in range(values.shape[0]):
        xbar_r_chart(values[i], rules="nelson")
        capability(values[i], lsl=LSL, usl=USL, normality=False, intervals=False)


def main() -> int:
    rng = np.random.default_rng(20240601)
    values = rng.normal(size=(K, M, N))
    batch(values[:10])  # warm-up: constants cached, modules imported
    single(values[:2])
    t = interleaved_medians(
        {
            "sum": values.sum,
            "mean": lambda: values.mean(axis=-1),
            "spc": lambda: spc(values),
            "cap": lambda: cap(values),
            "batch": lambda: batch(values),
        },
        REPEAT,
    )
    t_sum, t_mean, t_spc, t_cap, t_batch = (t[k] for k in ("sum", "mean", "spc", "cap", "batch"))
    t_single = (
        statistics.median(timed(lambda: single(values[:SUBSET])) for _ in range(7)) * K / SUBSET
    )
    ratio = t_batch / t_sum
    speedup = t_single / t_batch
    ok_ratio, ok_speedup = ratio <= MAX_RATIO, speedup >= MIN_SPEEDUP

    def ms(t: float) -> str:
        return f"{t * 1e3:9.2f} ms"

    print(f"data: {K} characteristics x {M} subgroups x {N} = {values.size:,} values, one core")
    print(f"medians of {REPEAT} interleaved runs (single-form loop: 7)")
    print(f"floor: one numpy pass, values.sum()            {ms(t_sum)}")
    print(f"reference: values.mean(axis=-1)                {ms(t_mean)}")
    print(f"  X-bar/R limits + 8 Nelson rules (X-bar, R)   {ms(t_spc)}")
    print(f"  normal capability (no AD test, no intervals) {ms(t_cap)}")
    print(f"batch, both                                    {ms(t_batch)}")
    print(
        f"ratio batch / values.sum()                     {ratio:9.1f} x   "
        f"target <= {MAX_RATIO:g} x: {'PASS' if ok_ratio else 'FAIL'}"
    )
    print(
        f"ratio batch / values.mean(axis=-1)             {t_batch / t_mean:9.1f} x   (information)"
    )
    print(f"single form looped ({SUBSET} chars, scaled to {K}) {t_single:9.2f} s")
    print(
        f"speed-up batch vs single-form loop             {speedup:9.1f} x   "
        f"target >= {MIN_SPEEDUP:g} x: {'PASS' if ok_speedup else 'FAIL'}"
    )
    return 0 if ok_ratio and ok_speedup else 1


if __name__ == "__main__":
    sys.exit(main())
