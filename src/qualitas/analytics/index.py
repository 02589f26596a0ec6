"""The quality management level index: indicators per region × industry × period, normalised,
weighted, base period = 100, with small cells withheld and a bootstrap band per value.

Everything here works on plain data frames; the Django app (``qualitas.index``) extracts the
observations, stores the cells and draws the map. The methodology is described for readers in
``docs/methodology/index.md``; this docstring is the short version for programmers.

Input
-----
One row per (enterprise, quarter, indicator) with a numerator and a denominator: an
indicator's value in a cell is the *ratio of sums* ``Σ num / Σ den`` over the cell's
enterprises (a mean when every ``den`` is 1, a rate per monitored characteristic when ``den``
counts characteristics). A row with ``den == 0`` says "this enterprise does not contribute to
this indicator this quarter".

Cells
-----
* regions: the nation (``"100000"``), each province, each prefecture (a municipality has no
  separate prefecture cell: its enterprises are registered at the province code);
* industries: each manufacturing division (``"C13"`` …) and all of manufacturing (``"C"``);
* periods: each quarter (``"2025Q3"``) and each year whose four quarters are all present
  (``"2025"``). A year pools its quarters (the ratio of sums over the four quarter-ends).

Normalisation (per indicator, against the reference r = the national, all-manufacturing value of
the base period)
-----------------------------------------------------------------------------------------------
* ``ratio``: ``s = 100 · x / r`` when higher is better; ``s = 100 · (2 − x / r)`` (the reflected
  ratio) when lower is better — linear, defined at ``x = 0``;
* ``minmax_base``: ``s = 100 ± 100 · (x − r) / (max − min)`` with max and min over the
  published provinces (all manufacturing) in the base period;
* every sub-index is clipped to ``[clip_low, clip_high]`` (default 0–200).

So the nation in the base period scores exactly 100 on every indicator and on the index.

Index
-----
``I = Σ w_k s_k / Σ w_k`` over the indicators *published* in the cell (an indicator is published
when at least ``min_group_size`` enterprises contribute to it). A cell whose enterprises number
fewer than ``min_group_size``, or whose published indicators carry less than
``min_weight_coverage`` of the total weight, is *insufficient*: value and band are NaN, never a
number.

Uncertainty
-----------
A Poisson bootstrap over enterprises (each enterprise gets a Poisson(1) weight per replicate,
the same weight in every quarter and every cell it belongs to). The weights are a counter-based
hash of (methodology seed, enterprise id, replicate) — not a stateful generator — so a cell's
band depends only on the methodology version and the enterprises in the cell: it reproduces
whatever else is computed, in whatever order, and sums roll up from cities to provinces to the
nation exactly as the point estimate does (that is what keeps it vectorised). The reference
values are held fixed. The band is the percentile interval of the replicate indices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from qualitas.analytics.errors import AnalyticsError

NATION = "100000"
ALL_INDUSTRIES = "C"
OBSERVATION_COLUMNS = (
    "enterprise",
    "province",
    "city",
    "division",
    "quarter",
    "indicator",
    "num",
    "den",
)
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
# Poisson(1) cumulative distribution, for the inverse-CDF draw of bootstrap weights.
_POISSON1_CDF = np.cumsum([np.exp(-1.0) / float(np.prod(np.arange(1, k + 1))) for k in range(20)])


class Normalisation(StrEnum):
    """How an indicator's raw value becomes a sub-index (100 = national value of the base period)."""

    RATIO = "ratio"
    MINMAX_BASE = "minmax_base"


class Status(StrEnum):
    """Whether a cell's value is published."""

    OK = "ok"
    INSUFFICIENT = "insufficient"


@dataclass(frozen=True, kw_only=True)
class IndicatorSpec:
    """One indicator of the index.

    Attributes
    ----------
    key : str
        Identifier, also the ``indicator`` value of the observations.
    weight : float
        Weight in the index (> 0; weights are renormalised over the published indicators).
    normalisation : Normalisation
        ``ratio`` or ``minmax_base``.
    higher_is_better : bool
        Direction: False for e.g. open alerts per characteristic.
    """

    key: str
    weight: float
    normalisation: Normalisation = Normalisation.RATIO
    higher_is_better: bool = True


@dataclass(frozen=True, kw_only=True)
class Methodology:
    """A methodology version: everything that decides the numbers.

    Attributes
    ----------
    version : str
        The version label (e.g. ``"2025.1"``).
    indicators : tuple of IndicatorSpec
        The indicators with their weights and normalisation.
    base_period : str
        ``"2024"`` or ``"2024Q1"``; the nation scores 100 there.
    seed : int
        Seed of the bootstrap weights (fixed per version).
    min_group_size : int
        Cells and indicators with fewer contributing enterprises are withheld.
    replicates : int
        Bootstrap replicates.
    confidence : float
        Coverage of the band (0.95 → 2.5 % and 97.5 % percentiles).
    min_weight_coverage : float
        Share of the total weight the published indicators of a cell must carry.
    clip_low, clip_high : float
        Bounds of every sub-index.
    """

    version: str
    indicators: tuple[IndicatorSpec, ...]
    base_period: str
    seed: int
    min_group_size: int = 5
    replicates: int = 200
    confidence: float = 0.95
    min_weight_coverage: float = 0.5
    clip_low: float = 0.0
    clip_high: float = 200.0

    def __post_init__(self) -> None:
        if not self.indicators:
            raise AnalyticsError("a methodology needs at least one indicator")
        keys = [i.key for i in self.indicators]
        if len(set(keys)) != len(keys):
            raise AnalyticsError(f"indicator keys must be unique: {keys}")
        for spec in self.indicators:
            if not spec.weight > 0:
                raise AnalyticsError(
                    f"indicator {spec.key!r}: weight must be > 0, got {spec.weight}"
                )
        if not (_QUARTER.match(self.base_period) or _YEAR.match(self.base_period)):
            raise AnalyticsError(
                f"base_period must look like 2024 or 2024Q1, got {self.base_period!r}"
            )
        if self.min_group_size < 1:
            raise AnalyticsError("min_group_size must be at least 1")
        if self.replicates < 0:
            raise AnalyticsError("replicates must be >= 0")
        if not 0 < self.confidence < 1:
            raise AnalyticsError("confidence must lie strictly between 0 and 1")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.indicators)


@dataclass(frozen=True, kw_only=True)
class IndexResult:
    """The computed cells.

    Attributes
    ----------
    cells : DataFrame
        One row per (region, industry, period) with any contributing enterprise. Columns:
        ``region, level ("nation"|"province"|"city"), parent, industry, period,
        period_kind ("quarter"|"year"), n, value, lo, hi, status, rank, prev_value``,
        and per indicator ``<key>__value`` (raw), ``<key>__score`` (sub-index),
        ``<key>__n`` (contributing enterprises), ``<key>__num`` (numerator sum). Withheld
        values are NaN.
    references : dict
        Per indicator, the national base-period value ``r``.
    spreads : dict
        Per ``minmax_base`` indicator, ``(min, max)`` over provinces in the base period.
    methodology : Methodology
        What produced the numbers.
    """

    cells: pd.DataFrame
    references: dict[str, float]
    spreads: dict[str, tuple[float, float]] = field(default_factory=dict)
    methodology: Methodology | None = None


# ------------------------------------------------------------------------------------------
# periods


def quarter_number(labels: Sequence[str] | pd.Series) -> NDArray[np.int64]:
    """``"2025Q3"`` → 2025·4 + 2 (a running quarter number); parsed once per distinct label."""
    codes, uniques = pd.factorize(np.asarray(labels, dtype=object))
    numbers = np.empty(len(uniques), dtype=np.int64)
    for i, label in enumerate(uniques):
        match = _QUARTER.match(str(label))
        if not match:
            raise AnalyticsError(f"quarter must look like 2025Q3, got {label!r}")
        numbers[i] = int(match.group(1)) * 4 + int(match.group(2)) - 1
    return numbers[codes]


def quarter_label(number: int) -> str:
    return f"{number // 4}Q{number % 4 + 1}"


def previous_period(label: str, *, years_back: int = 0) -> str:
    """The period before ``label`` (``years_back=1``: the same period a year earlier)."""
    m = _QUARTER.match(label)
    if m:
        n = int(m.group(1)) * 4 + int(m.group(2)) - 1
        return quarter_label(n - 4 if years_back else n - 1)
    return str(int(label) - 1)


# ------------------------------------------------------------------------------------------
# counter-based bootstrap weights


def _splitmix64(x: NDArray[np.uint64]) -> NDArray[np.uint64]:
    with np.errstate(over="ignore"):
        z = x + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def bootstrap_weights(
    enterprises: NDArray[np.int64], replicates: NDArray[np.int64], *, seed: int
) -> NDArray[np.float64]:
    """Poisson(1) weights, shape ``(len(enterprises), len(replicates))``, a pure function of
    (seed, enterprise id, replicate number)."""
    e = np.asarray(enterprises).astype(np.uint64)[:, None]
    b = np.asarray(replicates).astype(np.uint64)[None, :]
    with np.errstate(over="ignore"):
        key = _splitmix64(
            np.uint64(seed & 0xFFFFFFFFFFFFFFFF) ^ _splitmix64(e * np.uint64(0x100000001B3) + b)
        )
    u = (key >> np.uint64(11)).astype(np.float64) * (1.0 / 9007199254740992.0)
    return np.searchsorted(_POISSON1_CDF, u, side="right").astype(np.float64)


# ------------------------------------------------------------------------------------------
# the computation


def _validate(obs: pd.DataFrame, m: Methodology) -> pd.DataFrame:
    missing = [c for c in OBSERVATION_COLUMNS if c not in obs.columns]
    if missing:
        raise AnalyticsError(f"observations lack column(s): {', '.join(missing)}")
    unknown = sorted(set(obs["indicator"].astype(str)) - set(m.keys))
    if unknown:
        raise AnalyticsError(
            f"observations name indicator(s) the methodology does not have: {', '.join(unknown)}"
        )
    num = pd.to_numeric(obs["num"], errors="coerce").to_numpy(np.float64)
    den = pd.to_numeric(obs["den"], errors="coerce").to_numpy(np.float64)
    bad = np.flatnonzero(~np.isfinite(num) | ~np.isfinite(den) | (den < 0))
    if bad.size:
        raise AnalyticsError(
            f"observation row {int(bad[0]) + 1}: num and den must be finite numbers and den >= 0"
        )
    return obs


def _wide(
    obs: pd.DataFrame, m: Methodology
) -> tuple[pd.DataFrame, NDArray[np.float64], NDArray[np.float64]]:
    """One row per (enterprise, quarter): attributes, and (rows × K) numerators/denominators."""
    q = quarter_number(obs["quarter"])
    ent = obs["enterprise"].to_numpy(np.int64)
    q0 = int(q.min())
    # an integer key per (enterprise, quarter): much faster to factorise than a MultiIndex
    codes, _ = pd.factorize(ent * np.int64(1 << 16) + (q - q0))
    ind_codes, ind_uniques = pd.factorize(obs["indicator"].to_numpy())
    k_index = {k: i for i, k in enumerate(m.keys)}
    kk = np.array([k_index[str(u)] for u in ind_uniques], dtype=np.int64)[ind_codes]
    rows, nk = int(codes.max()) + 1, len(m.keys)
    flat = codes * nk + kk
    num = np.bincount(flat, weights=obs["num"].to_numpy(np.float64), minlength=rows * nk).reshape(
        rows, nk
    )
    den = np.bincount(flat, weights=obs["den"].to_numpy(np.float64), minlength=rows * nk).reshape(
        rows, nk
    )
    first = np.full(rows, len(obs), dtype=np.int64)
    np.minimum.at(first, codes, np.arange(len(obs)))
    attrs = pd.DataFrame(
        {
            "enterprise": ent[first],
            "quarter": q[first],
            "province": np.asarray(obs["province"].to_numpy()[first], dtype=str),
            "city": np.asarray(obs["city"].to_numpy()[first], dtype=str),
            "division": np.asarray(obs["division"].to_numpy()[first], dtype=str),
        }
    )
    return attrs, num.astype(np.float64), den.astype(np.float64)


@dataclass(frozen=True)
class _Layout:
    """How rows (enterprise × quarter) sum into cells, as sparse matrices.

    ``A`` maps rows to the finest quarter groups (city, division, quarter); ``R`` rolls the
    finest quarter groups up into every cell (quarter cells directly; a year cell sums the
    finest groups of its four quarters). Counting distinct enterprises in a year needs its
    own path (``year_group`` of each row, ``R_year``), since an enterprise sits in four
    quarter groups of one year.
    """

    ent_code: NDArray[np.int64]
    ent_ids: NDArray[np.int64]
    finest: NDArray[np.int64]
    n_finest: int
    R: Any
    R_quarter: Any
    R_year: Any
    year_group: NDArray[np.int64]
    n_year_groups: int
    cells: pd.DataFrame


def _memberships(
    region_city: NDArray[Any],
    province: NDArray[Any],
    division: NDArray[Any],
    pnum: NDArray[np.int64],
) -> pd.DataFrame:
    """Each finest group belongs to up to six cells: (city | province | nation) × (division | all)."""
    n = len(region_city)
    parts = []
    for level, region, parent, keep in (
        ("city", region_city, province, region_city != province),
        ("province", province, np.full(n, NATION), np.ones(n, dtype=bool)),
        ("nation", np.full(n, NATION), np.full(n, ""), np.ones(n, dtype=bool)),
    ):
        idx = np.flatnonzero(keep)
        for industry in (division, np.full(n, ALL_INDUSTRIES)):
            parts.append(
                pd.DataFrame(
                    {
                        "group": idx,
                        "region": region[idx],
                        "level": level,
                        "parent": parent[idx],
                        "industry": industry[idx],
                        "pnum": pnum[idx],
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)


def _layout(attrs: pd.DataFrame) -> _Layout:
    from scipy import sparse

    quarters = attrs["quarter"].to_numpy(np.int64)
    present = set(np.unique(quarters).tolist())
    full_years = [
        y for y in sorted({q // 4 for q in present}) if all(y * 4 + i in present for i in range(4))
    ]
    ent_code, ent_uniques = pd.factorize(attrs["enterprise"])
    city = attrs["city"].to_numpy().astype(str)
    prov = attrs["province"].to_numpy().astype(str)
    div = attrs["division"].to_numpy().astype(str)

    city_c, _ = pd.factorize(city)
    div_c, _ = pd.factorize(div)
    qmin = int(quarters.min())
    f_codes, _ = pd.factorize((city_c.astype(np.int64) * 64 + div_c) * 4096 + (quarters - qmin))
    n_f = int(f_codes.max()) + 1
    first = np.full(n_f, len(attrs), dtype=np.int64)
    np.minimum.at(first, f_codes, np.arange(len(attrs)))
    f_city, f_prov, f_div, f_q = city[first], prov[first], div[first], quarters[first]

    in_year = np.isin(f_q // 4, full_years)
    y_src = np.flatnonzero(in_year)
    f_cc, f_dc = city_c[first].astype(np.int64), div_c[first].astype(np.int64)
    y_codes, y_uniques = pd.factorize(
        (f_cc[y_src] * 64 + f_dc[y_src]) * 4096 + (f_q[y_src] // 4 - qmin // 4)
    )
    n_y = len(y_uniques)
    y_first = np.full(n_y, n_f, dtype=np.int64)
    np.minimum.at(y_first, y_codes, y_src)
    Y = sparse.csr_matrix((np.ones(len(y_src)), (y_codes, y_src)), shape=(n_y, n_f))

    mem_q = _memberships(f_city, f_prov, f_div, f_q)
    yf = y_first
    mem_y = _memberships(f_city[yf], f_prov[yf], f_div[yf], -(f_q[yf] // 4))
    mem = pd.concat([mem_q.assign(kind=0), mem_y.assign(kind=1)], ignore_index=True)
    c_codes, _ = pd.factorize(
        pd.MultiIndex.from_arrays([mem["region"], mem["industry"], mem["pnum"]])
    )
    n_c = int(c_codes.max()) + 1
    head = np.full(n_c, len(mem), dtype=np.int64)
    np.minimum.at(head, c_codes, np.arange(len(mem)))
    cells = mem.iloc[head][["region", "level", "parent", "industry", "pnum"]].reset_index(drop=True)
    cells["period_kind"] = np.where(cells["pnum"] >= 0, "quarter", "year")
    labels = {
        p: (quarter_label(p) if p >= 0 else str(-p)) for p in np.unique(cells["pnum"]).tolist()
    }
    cells["period"] = cells["pnum"].map(labels)

    is_q = (mem["kind"] == 0).to_numpy()
    g = mem["group"].to_numpy()
    R_quarter = sparse.csr_matrix(
        (np.ones(int(is_q.sum())), (c_codes[is_q], g[is_q])), shape=(n_c, n_f)
    )
    R_year = sparse.csr_matrix(
        (np.ones(int((~is_q).sum())), (c_codes[~is_q], g[~is_q])), shape=(n_c, n_y)
    )
    R = (R_quarter + R_year @ Y).tocsr()
    year_group = np.full(len(attrs), -1, dtype=np.int64)
    f_to_y = np.full(n_f, -1, dtype=np.int64)
    f_to_y[y_src] = y_codes
    year_group = f_to_y[f_codes]
    return _Layout(
        ent_code=ent_code.astype(np.int64),
        ent_ids=np.asarray(ent_uniques, dtype=np.int64),
        finest=f_codes.astype(np.int64),
        n_finest=n_f,
        R=R,
        R_quarter=R_quarter,
        R_year=R_year,
        year_group=year_group,
        n_year_groups=n_y,
        cells=cells,
    )


def _row_matrix(layout: _Layout, data: NDArray[np.float64]) -> Any:
    """(finest groups × enterprises) sparse matrix holding one value per row."""
    from scipy import sparse

    return sparse.csr_matrix(
        (data, (layout.finest, layout.ent_code)), shape=(layout.n_finest, len(layout.ent_ids))
    )


def _distinct_counts(layout: _Layout, flags: NDArray[np.float64]) -> NDArray[np.float64]:
    """Distinct contributing enterprises per cell (columns of ``flags``: 0/1 per row). A quarter
    counts rows; a year counts each enterprise once whichever of its quarters contribute."""
    from scipy import sparse

    n_e = len(layout.ent_ids)
    out = np.zeros((layout.R.shape[0], flags.shape[1]))
    fin = np.stack(
        [
            np.bincount(layout.finest, weights=flags[:, j], minlength=layout.n_finest)
            for j in range(flags.shape[1])
        ],
        axis=1,
    )
    out += layout.R_quarter @ fin
    yr = layout.year_group >= 0
    if yr.any() and layout.n_year_groups:
        cols = []
        for j in range(flags.shape[1]):
            mat = sparse.csr_matrix(
                (flags[yr, j], (layout.year_group[yr], layout.ent_code[yr])),
                shape=(layout.n_year_groups, n_e),
            )
            mat.data = np.minimum(mat.data, 1.0)
            cols.append(np.asarray(mat.sum(axis=1)).ravel())
        out += layout.R_year @ np.stack(cols, axis=1)
    return out


def _scores(
    x: NDArray[np.float64],
    m: Methodology,
    refs: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Sub-indices from raw values; ``x`` is (cells × K) or (cells × K × B)."""
    out = np.empty_like(x)
    for k, spec in enumerate(m.indicators):
        xk = x[:, k]
        sign = 1.0 if spec.higher_is_better else -1.0
        with np.errstate(divide="ignore", invalid="ignore"):
            if spec.normalisation == Normalisation.RATIO:
                s = 100.0 * xk / refs[k] if spec.higher_is_better else 100.0 * (2.0 - xk / refs[k])
            else:
                s = 100.0 + sign * 100.0 * (xk - refs[k]) / (hi[k] - lo[k])
        out[:, k] = np.clip(s, m.clip_low, m.clip_high)
    return out


def _composite(
    scores: NDArray[np.float64], published: NDArray[np.bool_], weights: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Weighted mean over published indicators; scores (cells × K [× B]), published (cells × K)."""
    w = np.where(published, weights[None, :], 0.0)
    if scores.ndim == 3:
        w = w[:, :, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.where(w > 0, scores * w, 0.0).sum(axis=1)
        bad = (np.isnan(scores) & (w > 0)).any(axis=1)
        res = total / w.sum(axis=1)
    return np.where(bad, np.nan, res)


def _quantiles(
    rep: NDArray[np.float64], qs: tuple[float, float]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Row-wise percentiles ignoring NaN, without a Python loop (sort, then interpolate)."""
    srt = np.sort(rep, axis=1)  # NaN sort last
    m = (~np.isnan(rep)).sum(axis=1)
    outs = []
    for q in qs:
        pos = q * np.maximum(m - 1, 0)
        i0 = np.floor(pos).astype(np.int64)
        i1 = np.minimum(i0 + 1, np.maximum(m - 1, 0))
        frac = pos - i0
        a = np.take_along_axis(srt, i0[:, None], axis=1)[:, 0]
        b = np.take_along_axis(srt, i1[:, None], axis=1)[:, 0]
        outs.append(np.where(m > 0, a + frac * (b - a), np.nan))
    return outs[0], outs[1]


def compute_index(
    observations: pd.DataFrame, methodology: Methodology, *, chunk: int = 50
) -> IndexResult:
    """Compute every cell of the index from per-enterprise observations.

    Parameters
    ----------
    observations : DataFrame
        Columns ``enterprise`` (int id), ``province``, ``city`` (GB/T 2260 codes; a
        municipality's enterprises have ``city == province``), ``division`` (``"C38"``),
        ``quarter`` (``"2025Q3"``), ``indicator``, ``num``, ``den``.
    methodology : Methodology
        Indicators, weights, normalisation, base period, small-cell rule, bootstrap.
    chunk : int
        Bootstrap replicates processed at once (memory ∝ enterprises × chunk).

    Returns
    -------
    IndexResult
    """
    m = methodology
    _validate(observations, m)
    if observations.empty:
        raise AnalyticsError("no observations: nothing to compute")
    attrs, num, den = _wide(observations, m)
    layout = _layout(attrs)
    cells = layout.cells
    kk = len(m.keys)
    weights = np.array([i.weight for i in m.indicators])

    # point estimates: finest sums by bincount, then the sparse roll-up
    fin = np.stack(
        [
            np.bincount(layout.finest, weights=col, minlength=layout.n_finest)
            for col in np.hstack([num, den]).T
        ],
        axis=1,
    )
    sums = np.asarray(layout.R @ fin)
    s_num, s_den = sums[:, :kk], sums[:, kk:]
    contrib = (den > 0).astype(np.float64)
    n_k = _distinct_counts(layout, np.hstack([contrib, contrib.max(axis=1, keepdims=True)]))
    n_ind, n_any = n_k[:, :kk], n_k[:, kk]
    with np.errstate(invalid="ignore", divide="ignore"):
        x = np.where(s_den > 0, s_num / np.where(s_den > 0, s_den, 1.0), np.nan)
    published_k = (n_ind >= m.min_group_size) & ~np.isnan(x)

    # references: national, all manufacturing, base period
    base = (
        (cells["region"] == NATION)
        & (cells["industry"] == ALL_INDUSTRIES)
        & (cells["period"] == m.base_period)
    ).to_numpy()
    if not base.any():
        raise AnalyticsError(
            f"the base period {m.base_period} has no observations (a year needs all four quarters)"
        )
    bi = int(np.flatnonzero(base)[0])
    refs = x[bi].copy()
    for k, spec in enumerate(m.indicators):
        if not published_k[bi, k] or (refs[k] == 0 and spec.normalisation == Normalisation.RATIO):
            raise AnalyticsError(
                f"indicator {spec.key!r} has no usable national value in the base period {m.base_period}"
            )
    lo = np.full(kk, np.nan)
    hi = np.full(kk, np.nan)
    spreads: dict[str, tuple[float, float]] = {}
    prov_base = (
        (cells["level"] == "province")
        & (cells["industry"] == ALL_INDUSTRIES)
        & (cells["period"] == m.base_period)
    ).to_numpy()
    for k, spec in enumerate(m.indicators):
        if spec.normalisation == Normalisation.MINMAX_BASE:
            vals = x[prov_base & published_k[:, k], k]
            if vals.size < 2 or np.ptp(vals) == 0:
                raise AnalyticsError(
                    f"indicator {spec.key!r}: min-max normalisation needs two provinces with different values in the base period"
                )
            lo[k], hi[k] = float(vals.min()), float(vals.max())
            spreads[spec.key] = (lo[k], hi[k])

    scores = _scores(x, m, refs, lo, hi)
    coverage = np.where(published_k, weights[None, :], 0.0).sum(axis=1) / weights.sum()
    ok = (n_any >= m.min_group_size) & (coverage >= m.min_weight_coverage - 1e-12)
    value = np.where(ok, _composite(scores, published_k, weights), np.nan)

    # bootstrap band: (finest × enterprises) @ weights, then roll up the published cells only
    lo_b = np.full(len(cells), np.nan)
    hi_b = np.full(len(cells), np.nan)
    if m.replicates > 0 and ok.any():
        ok_idx = np.flatnonzero(ok)
        R_ok = layout.R[ok_idx]
        mats = [_row_matrix(layout, num[:, k]) for k in range(kk)] + [
            _row_matrix(layout, den[:, k]) for k in range(kk)
        ]
        reps = np.empty((ok_idx.size, m.replicates))
        for start in range(0, m.replicates, chunk):
            b = np.arange(start, min(start + chunk, m.replicates))
            w = bootstrap_weights(layout.ent_ids, b, seed=m.seed)  # enterprises × c
            per = np.stack([np.asarray(R_ok @ (mat @ w)) for mat in mats], axis=1)  # ok × 2K × c
            bn, bd = per[:, :kk], per[:, kk:]
            with np.errstate(invalid="ignore", divide="ignore"):
                bx = np.where(bd > 0, bn / np.where(bd > 0, bd, 1.0), np.nan)
            reps[:, start : start + len(b)] = _composite(
                _scores(bx, m, refs, lo, hi), published_k[ok_idx], weights
            )
        alpha = (1.0 - m.confidence) / 2.0
        lo_b[ok_idx], hi_b[ok_idx] = _quantiles(reps, (alpha, 1.0 - alpha))

    out = cells.drop(columns=["pnum"]).copy()
    out["n"] = np.rint(n_any).astype(np.int64)
    out["value"] = value
    out["lo"] = lo_b
    out["hi"] = hi_b
    out["status"] = np.where(ok, Status.OK.value, Status.INSUFFICIENT.value)
    for k, key in enumerate(m.keys):
        out[f"{key}__value"] = np.where(published_k[:, k], x[:, k], np.nan)
        out[f"{key}__score"] = np.where(published_k[:, k], scores[:, k], np.nan)
        out[f"{key}__n"] = np.rint(n_ind[:, k]).astype(np.int64)
        out[f"{key}__num"] = np.where(published_k[:, k], s_num[:, k], np.nan)
    out = _add_rank_and_trend(out)
    return IndexResult(
        cells=out,
        references=dict(zip(m.keys, map(float, refs), strict=True)),
        spreads=spreads,
        methodology=m,
    )


def _add_rank_and_trend(out: pd.DataFrame) -> pd.DataFrame:
    """Rank among siblings (same level, parent, industry, period; 1 = highest) and the previous
    period's value of the same cell."""
    out["rank"] = out.groupby(["level", "parent", "industry", "period"])["value"].rank(
        ascending=False, method="min"
    )
    prev_label = pd.Series(
        [previous_period(p) for p in out["period"].unique()], index=out["period"].unique()
    )
    prev = out[["region", "industry", "period", "value"]].rename(
        columns={"period": "prev_period", "value": "prev_value"}
    )
    out["prev_period"] = out["period"].map(prev_label)
    out = out.merge(prev, on=["region", "industry", "prev_period"], how="left")
    return out.drop(columns=["prev_period"])


# ------------------------------------------------------------------------------------------
# early-warning rules (pure: cells in, fired rows out)


def rule_fall(
    cells: pd.DataFrame, *, column: str = "value", amount: float, compare: str = "previous"
) -> pd.DataFrame:
    """Cells whose ``column`` fell by more than ``amount`` against the previous period
    (``compare="previous"``) or the same period a year earlier (``"year_ago"``).

    Returns the fired cells with ``current``, ``reference`` (the earlier value), ``change``.
    Only published values on both sides count.
    """
    if compare not in ("previous", "year_ago"):
        raise AnalyticsError("compare must be 'previous' or 'year_ago'")
    c = cells[["region", "level", "industry", "period", "period_kind", column]].dropna(
        subset=[column]
    )
    labels = c["period"].unique()
    back = pd.Series(
        [previous_period(p, years_back=1 if compare == "year_ago" else 0) for p in labels],
        index=labels,
        dtype=object,
    )
    c = c.assign(ref_period=c["period"].map(back))
    ref = c[["region", "industry", "period", column]].rename(
        columns={"period": "ref_period", column: "reference"}
    )
    j = c.merge(ref, on=["region", "industry", "ref_period"], how="inner")
    j = j.rename(columns={column: "current"})
    j["change"] = j["current"] - j["reference"]
    return j[j["change"] < -amount].reset_index(drop=True)


def rule_threshold(
    cells: pd.DataFrame, *, column: str, threshold: float, below: bool = True
) -> pd.DataFrame:
    """Cells whose ``column`` crossed ``threshold`` this period: previous on the good side, now on
    the bad side (``below=True``: bad = below the threshold)."""
    c = cells[["region", "level", "industry", "period", "period_kind", column]].dropna(
        subset=[column]
    )
    labels = c["period"].unique()
    c = c.assign(
        ref_period=c["period"].map(pd.Series([previous_period(p) for p in labels], index=labels))
    )
    ref = c[["region", "industry", "period", column]].rename(
        columns={"period": "ref_period", column: "reference"}
    )
    j = c.merge(ref, on=["region", "industry", "ref_period"], how="inner").rename(
        columns={column: "current"}
    )
    j["change"] = j["current"] - j["reference"]
    fired = (
        (j["current"] < threshold) & (j["reference"] >= threshold)
        if below
        else (j["current"] > threshold) & (j["reference"] <= threshold)
    )
    return j[fired].reset_index(drop=True).assign(threshold=threshold)


def rule_surge(
    counts: pd.DataFrame, *, window: int = 4, k: float = 2.0, min_sd: float = 1.0
) -> pd.DataFrame:
    """Cells whose count (e.g. open alerts) this quarter exceeds the mean of the previous
    ``window`` quarters by more than ``k`` standard deviations (SD floored at ``min_sd``, so a
    flat history of zeros does not fire on a single alert).

    ``counts``: columns ``region, industry, period`` (quarters), ``count``. A quarter missing
    for a cell counts 0. Needs ``window`` earlier quarters. Vectorised over cells with
    cumulative sums on a (cells × quarters) matrix.
    """
    if window < 2:
        raise AnalyticsError("window must be at least 2 quarters")
    if counts.empty:
        return counts.assign(mean=[], sd=[], limit=[])
    q = quarter_number(counts["period"])
    t0 = int(q.min())
    t = q - t0
    cell_codes, cell_uniques = pd.factorize(
        pd.MultiIndex.from_arrays([counts["region"], counts["industry"]])
    )
    mat = np.zeros((len(cell_uniques), int(t.max()) + 1))
    np.add.at(mat, (cell_codes, t), counts["count"].to_numpy(np.float64))
    cs = np.concatenate([np.zeros((mat.shape[0], 1)), np.cumsum(mat, axis=1)], axis=1)
    cs2 = np.concatenate([np.zeros((mat.shape[0], 1)), np.cumsum(mat**2, axis=1)], axis=1)
    tt = np.arange(window, mat.shape[1])
    if tt.size == 0:
        return counts.iloc[0:0].assign(mean=[], sd=[], limit=[])
    s = cs[:, tt] - cs[:, tt - window]
    s2 = cs2[:, tt] - cs2[:, tt - window]
    mean = s / window
    var = np.maximum((s2 - window * mean**2) / (window - 1), 0.0)
    sd = np.maximum(np.sqrt(var), min_sd)
    limit = mean + k * sd
    cur = mat[:, tt]
    ci, ti = np.nonzero(cur > limit)
    return pd.DataFrame(
        {
            "region": cell_uniques.get_level_values(0).to_numpy()[ci],
            "industry": cell_uniques.get_level_values(1).to_numpy()[ci],
            "period": [quarter_label(int(x) + t0) for x in tt[ti]],
            "count": cur[ci, ti],
            "mean": mean[ci, ti],
            "sd": sd[ci, ti],
            "limit": limit[ci, ti],
        }
    )


def plain_groupby_baseline(observations: pd.DataFrame) -> pd.DataFrame:
    """The benchmark baseline: one pandas group-by of Σnum/Σden per (city, division, quarter,
    indicator) — what a spreadsheet user would do, without roll-ups, small cells or bands."""
    g = observations.groupby(["city", "division", "quarter", "indicator"], sort=False)[
        ["num", "den"]
    ].sum()
    return g.assign(value=g["num"] / g["den"])
