"""Forerunner ranking and product grading (issue 19's targets), one core, ratios in the same run.

* Forerunner ranking of 100,000 declared values under 10 s; the reference is Python's ``sorted``
  of the same (key, value) pairs (the ranking must order them once, so a sort is its floor).
* Grading 100,000 test reports (one gate, two graded indicators, five grades) under 10 s; the
  reference is a plain Python pass reading the same values.

This measures the computation (``standards.ranking``), not the database reads around it. Every
time is the median of 3 runs. Exit status 1 when a target is missed.
Run: ``.venv/bin/python benchmarks/standards.py``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import numpy as np

from qualitas.standards.ranking import Gate, Graded, grade, rank_forerunners


def median_time(fn: Callable[[], Any], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    rng = np.random.default_rng(19)
    n = 100_000
    values = [Decimal(int(v)) for v in rng.integers(3000, 7000, n)]  # many ties
    entries = list(enumerate(values))
    t_rank = median_time(lambda: rank_forerunners(entries, lower_is_better=False))
    t_sort = median_time(lambda: sorted(entries, key=lambda e: (-e[1], str(e[0]))))

    grades = ["AAAAA", "AAAA", "AAA", "AA", "A"]
    gates = [Gate(key="gate", comparison="gt", limit=Decimal(50))]
    graded = [
        Graded(
            key="a",
            comparison="gt",
            thresholds=dict(zip(grades, map(Decimal, (20, 18, 16, 14, 12)), strict=True)),
        ),
        Graded(
            key="b",
            comparison="le",
            thresholds=dict(zip(grades, map(Decimal, (4, 5, 6, 7, 8)), strict=True)),
        ),
    ]
    reports = [
        {"gate": Decimal(int(g)), "a": Decimal(str(round(a, 1))), "b": Decimal(str(round(b, 1)))}
        for g, a, b in zip(
            rng.integers(40, 100, n), rng.uniform(10, 22, n), rng.uniform(3, 9, n), strict=True
        )
    ]
    t_grade = median_time(
        lambda: [grade(r, grades=grades, gates=gates, graded=graded) for r in reports]
    )
    t_pass = median_time(lambda: [(r["gate"], r["a"], r["b"]) for r in reports])

    ok = t_rank < 10 and t_grade < 10
    print(
        f"forerunner ranking, {n:,} values: {t_rank:.3f} s (target < 10 s); sort {t_sort:.3f} s; ratio {t_rank / t_sort:.1f}"
    )
    print(
        f"grading, {n:,} reports: {t_grade:.3f} s (target < 10 s); plain pass {t_pass:.3f} s; ratio {t_grade / t_pass:.1f}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
