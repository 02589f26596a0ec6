"""Common-problem clustering of 1,000,000 complaints (issue 17's target: under 60 s), one core,
ratio to a reference measured in the same run.

The corpus: 1,000,000 unrelated complaints over 196 days (7 windows of 28 days), 9 product
categories × 341 regions × 6 problem types, each description drawn from the generator in
``qualitas.complaints.corpus``, plus 20 planted clusters (15–30 similar descriptions in one cell
in the last fortnight). The reference is one pandas ``groupby`` counting the same rows per cell
and window — the floor of any method that compares cells with their baseline. The clustering
must also find every planted cluster and nothing else.

Every time is the median of 3 runs. Exit status 1 when a target is missed.
Run: ``.venv/bin/python benchmarks/complaints.py`` (no database).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from qualitas.complaints import corpus  # noqa: E402
from qualitas.complaints.clustering import find_clusters  # noqa: E402

AS_OF = date(2026, 11, 30)
CATEGORIES = np.array(
    ["battery", "ebike", "appliance", "pv", "radio", "children", "textile", "building", "other"]
)
PROBLEMS = np.array(["safety", "performance", "labelling", "durability", "after_sales", "other"])
REGIONS = np.array([f"{11 + p:02d}{c + 1:02d}00" for p in range(31) for c in range(11)])


def median_time(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def noise_texts(rng: np.random.Generator, n: int) -> np.ndarray:
    """The generator's noise descriptions, drawn with numpy (same fragments, same form)."""
    parts = [np.array(x, dtype=object) for x in (corpus._CONTEXT, corpus._PARTS, corpus._FAULTS)]
    detail = np.array(corpus._DETAIL, dtype=object)
    ctx, part, fault = (a[rng.integers(len(a), size=n)] for a in parts)
    det = detail[rng.integers(len(detail), size=n)]
    days = rng.integers(2, 90, size=n).astype(str).astype(object)
    return ctx + "，" + part + fault + "，" + det + "，前后" + days + "天"


def main() -> int:
    rng = np.random.default_rng(17)
    n = 1_000_000
    cats = CATEGORIES[rng.integers(len(CATEGORIES), size=n)].astype(object)
    regs = REGIONS[rng.integers(len(REGIONS), size=n)].astype(object)
    probs = PROBLEMS[rng.integers(len(PROBLEMS), size=n)].astype(object)
    days = np.datetime64(AS_OF, "D") - rng.integers(0, 196, size=n).astype("timedelta64[D]")
    texts = noise_texts(rng, n)
    planted_cells = set()
    extra: list[tuple[str, str, str, np.datetime64, str]] = []
    for k in range(20):
        which = k % len(corpus.PLANTED)
        cat, problem = corpus.PLANTED[which][0], corpus.PLANTED[which][1]
        region = str(REGIONS[(k * 17) % len(REGIONS)])
        planted_cells.add((cat, region, problem))
        for _ in range(int(rng.integers(15, 31))):
            day = np.datetime64(AS_OF - timedelta(days=int(rng.integers(14))), "D")
            extra.append((cat, region, problem, day, corpus.planted_text(rng, which)))
    cats = np.concatenate([cats, np.array([e[0] for e in extra], dtype=object)])
    regs = np.concatenate([regs, np.array([e[1] for e in extra], dtype=object)])
    probs = np.concatenate([probs, np.array([e[2] for e in extra], dtype=object)])
    days = np.concatenate([days, np.array([e[3] for e in extra], dtype="datetime64[D]")])
    texts = np.concatenate([texts, np.array([e[4] for e in extra], dtype=object)])
    ids = np.arange(len(texts))
    total = len(texts)

    def cluster() -> list[Any]:
        return find_clusters(
            ids=ids,
            categories=cats,
            regions=regs,
            problems=probs,
            days=days,
            texts=texts,
            as_of=AS_OF,
        )

    def reference() -> Any:
        age = (np.datetime64(AS_OF, "D") - days).astype(np.int64) // 28
        frame = pd.DataFrame({"c": cats, "r": regs, "p": probs, "w": age})
        return frame.groupby(["c", "r", "p", "w"]).size()

    t_cluster, found = median_time(cluster)
    t_ref, _ = median_time(reference)
    got = {(c.category, c.region, c.problem) for c in found}
    hit = len(got & planted_cells)
    false = len(got - planted_cells)
    load = os.getloadavg()[0]
    print(
        f"clustering {total:,} complaints: {t_cluster:.2f} s  (pandas groupby count of the same "
        f"cells {t_ref:.2f} s, ratio {t_cluster / t_ref:.1f}); load average {load:.1f}"
    )
    print(f"planted clusters found {hit} of {len(planted_cells)}, others found {false}")
    ok = t_cluster < 60.0 and hit == len(planted_cells) and false == 0
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
