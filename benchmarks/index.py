"""Index benchmarks (issue 7's performance targets), measured in one run.

1. Recomputing the index for 100,000 enterprises × 8 quarters × 4 indicators (3.2 M observation
   rows; every cell of nation/province/city × division/all × quarter/year, 200 bootstrap
   replicates): target < 30 s. Baseline: one plain pandas group-by of Σnum/Σden over the same
   rows per (city, division, quarter, indicator) — what a spreadsheet user would do, without
   roll-ups, small cells, normalisation or bands. Prints both and the ratio.
2. The map on PostgreSQL with those cells stored: the map page plus its data call for all
   provinces (``/index/map/`` + ``/api/index/map``): target < 1 s.

Database: ``DATABASE_URL`` when set, otherwise the pgserver wheel in ``var/bench-index-pg``.
Run: ``.venv/bin/python benchmarks/index.py [--enterprises 100000]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def synthetic(n_ent: int, *, quarters: int = 8, seed: int = 1) -> pd.DataFrame:
    """Observations shaped like the platform's: enterprises over the real prefectures and divisions."""
    import csv

    rng = np.random.default_rng(seed)
    regions = list(
        csv.DictReader((ROOT / "src" / "qualitas" / "data" / "regions.csv").open(encoding="utf-8"))
    )
    prefs = [r["code"] for r in regions if r["level"] == "prefecture"]
    munis = [r["code"] for r in regions if r["level"] == "province" and r["type"] == "municipality"]
    cities = np.array(prefs + munis)
    city = cities[rng.integers(0, len(cities), n_ent)]
    prov = np.array([c[:2] + "0000" for c in city])
    div = np.array([f"C{d}" for d in rng.integers(13, 44, n_ent)])
    latent = rng.normal(0, 1, n_ent)
    ent = np.arange(1, n_ent + 1)
    frames = []
    for t in range(quarters):
        q = f"{2024 + t // 4}Q{t % 4 + 1}"
        lat = latent + 0.03 * t + rng.normal(0, 0.3, n_ent)
        evaluated = (rng.random(n_ent) < 0.6).astype(float)
        score = np.clip(3 + 0.8 * lat, 1, 5)
        chars = rng.integers(0, 25, n_ent).astype(float)
        capable = rng.binomial(chars.astype(int), 1 / (1 + np.exp(-(0.9 + 0.8 * lat)))).astype(
            float
        )
        alerts = rng.poisson(chars * 0.1 * np.exp(-0.5 * lat)).astype(float)
        for key, num, den in (
            ("level_share", (np.floor(score) >= 3) * evaluated, evaluated),
            ("level_score", score * evaluated, evaluated),
            ("capability", capable, chars),
            ("open_alerts", alerts, chars),
        ):
            frames.append(
                pd.DataFrame(
                    {
                        "enterprise": ent,
                        "province": prov,
                        "city": city,
                        "division": div,
                        "quarter": q,
                        "indicator": key,
                        "num": num,
                        "den": den,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def best(fn, repeat: int) -> tuple[float, object]:  # noqa: ANN001
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=100_000)
    ap.add_argument("--skip-db", action="store_true")
    args = ap.parse_args()

    from qualitas.analytics.index import (
        IndicatorSpec,
        Methodology,
        Normalisation,
        compute_index,
        plain_groupby_baseline,
    )

    obs = synthetic(args.enterprises)
    m = Methodology(
        version="bench",
        base_period="2024",
        seed=20250101,
        replicates=200,
        indicators=(
            IndicatorSpec(key="level_share", weight=0.3),
            IndicatorSpec(key="level_score", weight=0.3),
            IndicatorSpec(key="capability", weight=0.2, normalisation=Normalisation.RATIO),
            IndicatorSpec(key="open_alerts", weight=0.2, higher_is_better=False),
        ),
    )
    print(
        f"observations: {len(obs):,} rows ({args.enterprises:,} enterprises × 8 quarters × 4 indicators)"
    )
    t_base, _ = best(lambda: plain_groupby_baseline(obs), 3)
    t_point, _ = best(lambda: compute_index(obs, Methodology(**{**m.__dict__, "replicates": 0})), 1)
    t_full, result = best(lambda: compute_index(obs, m), 1)
    cells = result.cells  # type: ignore[attr-defined]
    print(f"plain pandas group-by (baseline):         {t_base:8.2f} s")
    print(
        f"index, point estimates only:              {t_point:8.2f} s   ratio {t_point / t_base:6.1f}×"
    )
    print(
        f"index with 200-replicate bootstrap bands: {t_full:8.2f} s   ratio {t_full / t_base:6.1f}×   target < 30 s: {'OK' if t_full < 30 else 'MISSED'}"
    )
    print(f"cells: {len(cells):,} ({int((cells['status'] == 'ok').sum()):,} published)")
    if args.skip_db:
        return 0
    result_obs.append(obs)
    return map_page_on_postgres(result, m)


result_obs: list[pd.DataFrame] = []


def db_recompute(version, *, obs_frame: pd.DataFrame) -> None:  # noqa: ANN001
    """3. The whole recomputation through the database: observations read with COPY from
    PostgreSQL, computed, cells written with COPY, warning rules applied."""
    from django.db import connection
    from django.utils import timezone

    from qualitas.index.demo import DEFAULT_RULES
    from qualitas.index.models import IndexRun, IndicatorObservation, WarningRule
    from qualitas.index.services import index_compute
    from qualitas.registry.demo import demo_registry_load
    from qualitas.registry.models import Enterprise

    n_ent = int(obs_frame["enterprise"].max())
    have = Enterprise.objects.count()
    if have < n_ent:
        t = time.perf_counter()
        demo_registry_load(enterprises=n_ent, seed=20261122)
        print(
            f"registry: {Enterprise.objects.count():,} enterprises loaded in {time.perf_counter() - t:.0f} s (once)"
        )
    pks = np.array(sorted(Enterprise.objects.values_list("pk", flat=True)))[:n_ent]
    IndicatorObservation.objects.all().delete()
    t = time.perf_counter()
    table = IndicatorObservation._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} (enterprise_id, quarter, indicator, num, den, source, extracted_at) FROM STDIN"
        ) as copy,
    ):
        now = timezone.now()
        for e, q, k, nu, de in obs_frame[
            ["enterprise", "quarter", "indicator", "num", "den"]
        ].itertuples(index=False):
            copy.write_row((int(pks[e - 1]), q, k, float(nu), float(de), "bench", now))
    print(
        f"observations: {len(obs_frame):,} rows loaded with COPY in {time.perf_counter() - t:.0f} s (set-up)"
    )
    for spec in DEFAULT_RULES:
        WarningRule.objects.get_or_create(
            name=spec["name"], defaults={k: v for k, v in spec.items() if k != "name"}
        )
    marks: list[tuple[str, float]] = []
    t = time.perf_counter()
    run = index_compute(
        version=version,
        progress=lambda phase, done, total: marks.append((phase, time.perf_counter())),
    )
    dt = time.perf_counter() - t
    steps = [(a[0], b[1] - a[1]) for a, b in zip(marks, marks[1:], strict=False)]
    print("  phases: " + ", ".join(f"{name} {sec:.1f} s" for name, sec in steps))
    print(
        f"recompute through PostgreSQL (read, compute with bands, write {run.values.count():,} cells, {run.warnings.count()} warnings): {dt:.1f} s   target < 30 s: {'OK' if dt < 30 else 'MISSED'}"
    )
    IndexRun.objects.filter(pk=run.pk).delete()
    IndicatorObservation.objects.all().delete()


def map_page_on_postgres(result, m) -> int:  # noqa: ANN001
    server = None
    if not os.environ.get("DATABASE_URL"):
        import pgserver

        data = ROOT / "var" / "bench-index-pg"
        data.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data, cleanup_mode="stop")
        os.environ["DATABASE_URL"] = server.get_uri()
    os.environ["DJANGO_SETTINGS_MODULE"] = "qualitas.config.settings.local"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from qualitas.index.models import IndexRun, IndexValue, MethodologyVersion
    from qualitas.index.services.runs import _cell_indicators

    try:
        call_command("migrate", verbosity=0)
        print(f"database: {connection.vendor} {connection.pg_version}")
        IndexRun.objects.filter(version__code="bench").delete()
        MethodologyVersion.objects.filter(code="bench").delete()
        version = MethodologyVersion.objects.create(
            code="bench",
            title="bench",
            base_period="2024",
            seed=m.seed,
            indicators=[
                {
                    "key": i.key,
                    "weight": i.weight,
                    "normalisation": str(i.normalisation),
                    "higher_is_better": i.higher_is_better,
                }
                for i in m.indicators
            ],
        )
        MethodologyVersion.objects.filter(pk=version.pk).update(
            status="published", published_at=django.utils.timezone.now()
        )
        cells = result.cells
        run = IndexRun.objects.create(
            version=version,
            status="succeeded",
            periods=sorted(cells["period"].unique().tolist(), key=lambda p: ("Q" not in p, p)),
        )
        ind = _cell_indicators(cells, m.keys)
        t = time.perf_counter()

        def num(v):  # noqa: ANN001, ANN202
            return None if pd.isna(v) else float(v)

        objs = [
            IndexValue(
                run=run,
                region=r.region,
                level=r.level,
                parent=r.parent,
                industry=r.industry,
                period=r.period,
                period_kind=r.period_kind,
                n=int(r.n),
                value=num(r.value),
                lo=num(r.lo),
                hi=num(r.hi),
                status=r.status,
                rank=None if pd.isna(r.rank) else int(r.rank),
                prev_value=num(r.prev_value),
                indicators=ind[i],
            )
            for i, r in enumerate(
                cells[
                    [
                        "region",
                        "level",
                        "parent",
                        "industry",
                        "period",
                        "period_kind",
                        "n",
                        "value",
                        "lo",
                        "hi",
                        "status",
                        "rank",
                        "prev_value",
                    ]
                ].itertuples(index=False)
            )
        ]
        IndexValue.objects.bulk_create(objs, batch_size=5000)
        print(f"stored {len(objs):,} cells in {time.perf_counter() - t:.1f} s")
        with connection.cursor() as cur:
            cur.execute("ANALYZE index_indexvalue")
        c = Client()
        c.get("/index/map/")
        c.get("/api/index/map")  # warm-up
        t_page, r1 = best(lambda: c.get("/index/map/"), 5)
        t_api, r2 = best(lambda: c.get("/api/index/map"), 5)
        t_city, r3 = best(lambda: c.get("/api/index/map", {"province": "330000"}), 5)
        assert r1.status_code == 200 and r2.status_code == 200 and r3.status_code == 200  # type: ignore[attr-defined]
        n = len(r2.json()["cells"])  # type: ignore[attr-defined]
        total = t_page + t_api
        print(f"map page /index/map/:                     {t_page * 1000:8.1f} ms")
        print(f"map data, all provinces ({n}):             {t_api * 1000:8.1f} ms")
        print(
            f"map page + data:                          {total * 1000:8.1f} ms   target < 1 s: {'OK' if total < 1 else 'MISSED'}"
        )
        print(f"map data, cities of Zhejiang:             {t_city * 1000:8.1f} ms")
        IndexRun.objects.filter(pk=run.pk).delete()
        db_recompute(version, obs_frame=result_obs[0])
        version.delete()
    finally:
        if server is not None:
            server.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
