"""Common-problem detection: complaints clustered by product category × region × problem over
rolling windows, with text similarity on the descriptions (no Django; the methodology is in
``docs/methodology/complaint-warnings.md``).

1. Every complaint falls in a window counted back from ``as_of``: window 0 is the last
   ``window_days`` days, windows 1…``baseline_windows`` the ones before it (the baseline).
2. Per cell (category, region, problem) the baseline is the mean count per baseline window; the
   cell's threshold is ``max(min_size, baseline + z·√max(baseline, 1))`` (a Poisson-style upper
   bound). Only cells whose current count reaches the threshold are read further.
3. In such a cell the current window's descriptions are vectorised as TF-IDF over character
   2–3-grams (the IDF learnt from the period's descriptions) (scikit-learn's ``TfidfVectorizer``: works on Chinese without segmentation, and on
   English); two complaints are neighbours when their cosine similarity is at least
   ``similarity``; DBSCAN (scikit-learn) groups the complaints with at least
   ``core_neighbours`` neighbours and those next to them; a group is a cluster when it alone
   is as large as the significant excess, ``max(min_size, z·√max(baseline, 1))``. A busy cell of unrelated descriptions therefore gives none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class ClusterParams:
    window_days: int = 28
    baseline_windows: int = 6
    min_size: int = 5
    z: float = 3.0
    similarity: float = 0.4
    #: a complaint is at the core of a cluster with this many similar ones (itself included)
    core_neighbours: int = 4
    #: larger candidate cells are compared on their most recent complaints only
    max_pairwise: int = 4000
    #: descriptions of the period the IDF is learnt from, besides the candidate cells'
    idf_sample: int = 20000


@dataclass
class Cluster:
    category: str
    region: str
    problem: str
    window_start: date
    window_end: date
    members: list[Any]
    cell_count: int
    baseline: float
    threshold: float
    terms: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def ratio(self) -> float:
        """The cluster's size over the cell's baseline per window (baseline below 1 taken as 1)."""
        return self.size / max(self.baseline, 1.0)


def find_clusters(
    *,
    ids: Sequence[Any],
    categories: Sequence[str],
    regions: Sequence[str],
    problems: Sequence[str],
    days: Sequence[date] | np.ndarray,
    texts: Sequence[str],
    as_of: date,
    params: ClusterParams | None = None,
) -> list[Cluster]:
    """Clusters of similar complaints above their cell's baseline, largest ratio first."""
    p = params or ClusterParams()
    n = len(ids)
    if n == 0:
        return []
    cat_codes, cat_names = pd.factorize(np.asarray(categories, dtype=object))
    reg_codes, reg_names = pd.factorize(np.asarray(regions, dtype=object))
    pro_codes, pro_names = pd.factorize(np.asarray(problems, dtype=object))
    nr, npr = len(reg_names), len(pro_names)
    key = (cat_codes.astype(np.int64) * nr + reg_codes) * npr + pro_codes
    day_arr = np.asarray(days, dtype="datetime64[D]")
    age = (np.datetime64(as_of, "D") - day_arr).astype(np.int64)
    window = np.where(age >= 0, age // p.window_days, -1)
    cells = len(cat_names) * nr * npr
    current = window == 0
    cur_count = np.bincount(key[current], minlength=cells)
    in_base = (window >= 1) & (window <= p.baseline_windows)
    baseline = np.bincount(key[in_base], minlength=cells) / p.baseline_windows
    threshold = np.maximum(p.min_size, baseline + p.z * np.sqrt(np.maximum(baseline, 1.0)))
    candidates = np.flatnonzero(cur_count >= threshold)
    if candidates.size == 0:
        return []
    start = as_of - pd.Timedelta(days=p.window_days - 1).to_pytimedelta()
    idx_current = np.flatnonzero(current)
    cand_set = np.isin(key[idx_current], candidates)
    rows = idx_current[cand_set]
    order = np.argsort(key[rows], kind="stable")
    rows = rows[order]
    bounds = np.flatnonzero(np.diff(key[rows])) + 1
    text_arr = texts if isinstance(texts, np.ndarray) else np.asarray(texts, dtype=object)
    id_arr = ids if isinstance(ids, np.ndarray) else np.asarray(ids, dtype=object)
    groups = []
    for group in np.split(rows, bounds):
        if group.size > p.max_pairwise:
            group = group[np.argsort(age[group], kind="stable")[: p.max_pairwise]]
        groups.append(group)
    from sklearn.feature_extraction.text import TfidfVectorizer

    # one vocabulary and IDF over the period's descriptions (every candidate cell's and a
    # seeded sample of the others): a problem shared by most of one cell keeps its weight
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True)
    all_rows = np.concatenate(groups)
    period = np.flatnonzero((window >= 0) & (window <= p.baseline_windows))
    if period.size > p.idf_sample:
        period = np.random.default_rng(0).choice(period, p.idf_sample, replace=False)
    idf_rows = np.union1d(all_rows, period)
    try:
        vectoriser.fit([str(t) for t in text_arr[idf_rows]])
        x_all = vectoriser.transform([str(t) for t in text_arr[all_rows]])
    except ValueError:  # every description empty
        return []
    vocab = vectoriser.get_feature_names_out()
    out: list[Cluster] = []
    offset = 0
    for group in groups:
        k = int(key[group[0]])
        x = x_all[offset : offset + group.size]
        offset += group.size
        need = max(p.min_size, p.z * np.sqrt(max(baseline[k], 1.0)))
        for members, terms in _similar_groups(x, vocab, p, need):
            out.append(
                Cluster(
                    category=str(cat_names[cat_codes[group[0]]]),
                    region=str(reg_names[reg_codes[group[0]]]),
                    problem=str(pro_names[pro_codes[group[0]]]),
                    window_start=start,
                    window_end=as_of,
                    members=[id_arr[group[i]] for i in members],
                    cell_count=int(cur_count[k]),
                    baseline=float(baseline[k]),
                    threshold=float(threshold[k]),
                    terms=terms,
                )
            )
    out.sort(key=lambda c: (-c.ratio, c.category, c.region, c.problem))
    return out


def _similar_groups(
    x: Any, vocab: np.ndarray, p: ClusterParams, threshold: float
) -> list[tuple[list[int], list[str]]]:
    """Dense groups among the TF-IDF rows ``x`` (DBSCAN over cosine distance: a neighbour at
    similarity ≥ ``p.similarity``, a core point with ``p.core_neighbours`` neighbours) with at
    least ``threshold`` members, each with its five heaviest character n-grams."""
    from sklearn.cluster import DBSCAN

    sim = (x @ x.T).tocsr()
    sim.data[sim.data < p.similarity] = 0.0
    sim.eliminate_zeros()
    # distances of the neighbours only (a missing entry is "too far"); 1e-9 keeps duplicates
    sim.data = np.clip(1.0 - sim.data, 0.0, None) + 1e-9
    labels = DBSCAN(
        eps=1.0 - p.similarity + 1e-6, min_samples=p.core_neighbours, metric="precomputed"
    ).fit_predict(sim)
    found = []
    for label in np.unique(labels[labels >= 0]):
        members = np.flatnonzero(labels == label)
        if members.size < threshold:
            continue
        weight = np.asarray(x[members].mean(axis=0)).ravel()
        top = [str(vocab[i]).strip() for i in np.argsort(-weight)[:20]]
        terms = [t for t in top if len(t) >= 3][:5]
        found.append((members.tolist(), terms))
    return found
