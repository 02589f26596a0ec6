"""Spot-check selection and campaign summary (issue 17's targets), one core, ratios in the same run.

* Stratified selection of 1,000 from 1,000,000 enterprises (31 provinces × 4 size classes,
  risk-weighted) under 1 s; the reference is ``numpy.sort`` of the same keys (the draw must order
  the frame once, so a sort is its floor).
* A campaign summary over 5,000 samples (by product, province, industry, failing items) under 2 s;
  the reference is a plain Python pass counting the same rows.

Every time is the median of 5 runs. Exit status 1 when a target is missed.
Run: ``.venv/bin/python benchmarks/supervision.py`` (the summary part needs Django settings:
``DJANGO_SETTINGS_MODULE=qualitas.config.settings.test``; it touches no database).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitas.config.settings.test")

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from qualitas.analytics.selection import stratified_draw  # noqa: E402


def median_time(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    import django

    django.setup()
    from qualitas.supervision.selectors import summarise

    rng = np.random.default_rng(17)
    n = 1_000_000
    keys = [f"91{i:016d}" for i in rng.permutation(n)]  # as the service passes them: a list
    provinces = np.array([f"{11 + i:02d}0000" for i in range(31)])
    sizes = np.array(["large", "medium", "small", "micro"])
    strata = np.char.add(
        np.char.add(provinces[rng.integers(31, size=n)], "/"), sizes[rng.integers(4, size=n)]
    ).tolist()
    weights = rng.choice([2.9, 7.0, 12.0, 12.0], size=n)
    t_draw = median_time(lambda: stratified_draw(keys, strata, 1000, seed=1, weights=weights))
    t_sort = median_time(lambda: np.sort(np.asarray(keys)))

    products = ["移动电源", "光伏组件", "无线电发射设备"]
    rows = [
        {
            "enterprise": int(i // 2),
            "product": products[i % 3],
            "province": str(provinces[i % 31]),
            "industry": f"C3{i % 10}",
            "verdict": "fail" if i % 9 == 0 else "pass",
            "refused": i % 97 == 0,
            "failing": ["常温下的有效输出容量"] if i % 9 == 0 else [],
        }
        for i in range(5000)
    ]
    t_sum = median_time(lambda: summarise(rows))
    t_ref = median_time(lambda: sum(1 for r in rows if r["verdict"] == "fail"))
    print(
        f"draw 1,000 of 1,000,000 (124 strata, weighted): {t_draw:.3f} s  (sort of the keys {t_sort:.3f} s, ratio {t_draw / t_sort:.1f})"
    )
    print(
        f"summary of 5,000 samples: {t_sum:.4f} s  (one counting pass {t_ref:.4f} s, ratio {t_sum / t_ref:.1f})"
    )
    ok = t_draw < 1.0 and t_sum < 2.0
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
