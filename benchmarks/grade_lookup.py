"""The public grade lookup on PostgreSQL (issue 19's target: p95 under 100 ms).

Loads 100,000 grade assessments (default) over 1,000 demo enterprises with one product each,
then times full requests through Django's test client — ``GET /api/standards/grades/{number}``
(by number), ``GET /api/standards/grades?q=<credit code>`` and the public page
``/grades/?q=<number>`` — beside the floor measured in the same run: a one-row primary-key read
of the same table. Prints p50/p95 and the ratios; exit status 1 when the API p95 misses 100 ms.

Database: ``DATABASE_URL`` when set, otherwise the pgserver wheel in ``var/bench-pg-grades``
(kept; a second run reuses the rows). Run: ``.venv/bin/python benchmarks/grade_lookup.py``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100)[q - 1] * 1000


def load(n: int) -> list[str]:
    from django.db import transaction

    from qualitas.registry.demo import demo_enterprises
    from qualitas.registry.models import Enterprise, Product
    from qualitas.standards.models import GradeAssessment, GradingScheme

    if GradeAssessment.objects.count() >= n:
        return list(GradeAssessment.objects.values_list("number", flat=True)[:n])
    with transaction.atomic():
        ents = demo_enterprises(n=1000, seed=19)
        for e in ents:
            e.province_id = e.region_id[:2] + "0000"
        Enterprise.objects.bulk_create(ents, ignore_conflicts=True)
        ents = list(Enterprise.objects.order_by("pk")[:1000])
        Product.objects.bulk_create(
            [
                Product(enterprise=e, name_zh=f"羽绒服{i}", category="服装")
                for i, e in enumerate(ents)
            ]
        )
        products = list(Product.objects.filter(category="服装").order_by("pk")[:1000])
        scheme = GradingScheme.objects.create(
            code="bench", category="服装", title_zh="羽绒服装质量分级", grades=["AA", "A"]
        )
        today = date.today()
        rows = []
        for i in range(n):
            p = products[i % len(products)]
            tested = today - timedelta(days=i % 300)
            rows.append(
                GradeAssessment(
                    scheme=scheme,
                    enterprise_id=p.enterprise_id,
                    product=p,
                    number=f"QG{tested.year}{i + 1:07d}",
                    source="laboratory",
                    laboratory="bench lab",
                    accreditation="CNAS L0001",
                    report_no=f"B-{i}",
                    tested_on=tested,
                    values={"fill-power": "16.0"},
                    qualified=True,
                    grade="AA" if i % 3 else "A",
                    valid_until=tested + timedelta(days=730),
                )
            )
        GradeAssessment.objects.bulk_create(rows, batch_size=5000)
    return [r.number for r in rows]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grades", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=300)
    args = ap.parse_args()
    if not os.environ.get("DATABASE_URL"):
        import pgserver

        data = ROOT / "var" / "bench-pg-grades"
        data.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data, cleanup_mode=None)
        os.environ["DATABASE_URL"] = server.get_uri()
    os.environ["DJANGO_SETTINGS_MODULE"] = "qualitas.config.settings.local"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from qualitas.standards.models import GradeAssessment

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", "--no-input", "-v", "0")
    print(
        f"database: {connection.vendor}; machine: {os.cpu_count()} cores, shared; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    t = time.perf_counter()
    numbers = load(args.grades)
    print(f"{GradeAssessment.objects.count():,} grades (loaded in {time.perf_counter() - t:.0f} s)")
    codes = list(
        GradeAssessment.objects.values_list("enterprise__credit_code", flat=True).distinct()[:200]
    )
    pks = list(GradeAssessment.objects.values_list("pk", flat=True)[:5000])
    rng = random.Random(19)
    client = Client()
    floor, by_number, by_code, page = [], [], [], []
    for _ in range(args.requests):
        pk = rng.choice(pks)
        t = time.perf_counter()
        GradeAssessment.objects.filter(pk=pk).first()
        floor.append(time.perf_counter() - t)
        number = rng.choice(numbers)
        t = time.perf_counter()
        r = client.get(f"/api/standards/grades/{number}")
        by_number.append(time.perf_counter() - t)
        assert r.status_code == 200, r.status_code
        t = time.perf_counter()
        r = client.get("/api/standards/grades", {"q": rng.choice(codes)})
        by_code.append(time.perf_counter() - t)
        assert r.status_code == 200, r.status_code
    for _ in range(max(20, args.requests // 5)):
        t = time.perf_counter()
        r = client.get("/grades/", {"q": rng.choice(numbers)})
        page.append(time.perf_counter() - t)
    f95 = pct(floor, 95)
    failed = False
    for name, samples in (
        ("API by number", by_number),
        ("API by credit code (≤ 100 rows)", by_code),
        ("public page by number", page),
    ):
        p95 = pct(samples, 95)
        print(
            f"{name}: p50 {pct(samples, 50):.1f} ms, p95 {p95:.1f} ms "
            f"(ratio to the one-row read's p95 {f95:.2f} ms: {p95 / f95:.0f}×); "
            f"target p95 < 100 ms: {'met' if p95 < 100 else 'MISSED'}"
        )
        failed |= name.startswith("API") and p95 >= 100
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
