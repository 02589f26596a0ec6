"""Batch X̄-R limits + the eight Nelson rules + normal capability, on one core.

10,000 characteristics × 25 subgroups × 5 (1.25 M values, seeded). Prints absolute
medians of several repetitions and the two ratios of issue 3:
  batch / one numpy pass (``values.mean(axis=-1)``) — target ≤ 100×;
  loop of the single form (200 characteristics, scaled to 10,000) / batch — target ≥ 50×.
Run: ``.venv/bin/python benchmarks/analytics.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: set before numpy is imported

import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from qualitas.analytics.spc import xbar_r_batch, xbar_r_chart  # noqa: E402

try:
    from qualitas.analytics.capability import capability, capability_batch
except ImportError:  # pragma: no cover - the capability helper's module not there yet
    capability = capability_batch = None  # type: ignore[assignment]

K, M, N = 10_000, 25, 5
SUBSET = 200
LSL, USL = -4.0, 4.0


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def batch(values: np.ndarray) -> None:
    xbar_r_batch(values, rules="nelson")
    if capability_batch is not None:
        capability_batch(values, lsl=LSL, usl=USL, normality=False, intervals=False)


def single(values: np.ndarray) -> None:
    for i in range(values.shape[0]):
        xbar_r_chart(values[i], rules="nelson")
        if capability is not None:
            capability(values[i], lsl=LSL, usl=USL, normality=False, intervals=False)


def main() -> None:
    rng = np.random.default_rng(20240601)
    values = rng.normal(size=(K, M, N))
    batch(values[:10])  # warm-up: constants cached, modules imported
    single(values[:2])
    floor = median_time(lambda: values.mean(axis=-1), 21)
    t_batch = median_time(lambda: batch(values), 7)
    t_single = median_time(lambda: single(values[:SUBSET]), 3) * K / SUBSET
    print(f"data: {K} characteristics x {M} subgroups x {N} = {values.size:,} values, one core")
    print(f"capability included: {capability_batch is not None}")
    print(f"batch X-bar/R limits + 8 Nelson rules (+ capability): {t_batch * 1e3:9.2f} ms")
    print(f"one numpy pass, values.mean(axis=-1):                   {floor * 1e3:9.2f} ms")
    print(
        f"ratio batch / numpy pass:                               {t_batch / floor:9.1f} x (target <= 100)"
    )
    print(f"single form looped ({SUBSET} chars, scaled to {K}):      {t_single:9.2f} s")
    print(
        f"speed-up batch vs loop:                                 {t_single / t_batch:9.1f} x (target >= 50)"
    )


if __name__ == "__main__":
    main()
