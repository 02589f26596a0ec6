"""Supplier scorecards and the incoming-inspection page (issue 20's targets), PostgreSQL.

* Scorecards of 10,000 suppliers over 1,000,000 inspected lots under 10 s
  (``suppliers.selectors.scorecards``: the customer's suppliers, one aggregate over their lots,
  audits and 8Ds). The reference, measured in the same run, is one bare SQL ``GROUP BY`` over
  the same lots — the floor any scorecard must pay to read them once.
* The incoming-inspection page of a lot under 200 ms (p95 of 50 lots through Django's test
  client, logged in as the customer); the reference is ``/healthz`` on the same stack.

Database: ``DATABASE_URL`` when set, otherwise the pgserver wheel in ``var/bench-pg`` (kept: a
second run reuses the lots). Run: ``.venv/bin/python benchmarks/suppliers.py
[--suppliers N] [--lots-per-supplier M]``. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_NAME = "Supplier benchmark Co."


def median_time(fn: Callable[[], Any], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def load(customer: Any, suppliers: int, per_supplier: int) -> None:
    """``suppliers`` suppliers of ``customer``, one part each, ``per_supplier`` decided lots each
    over 2025 (about 2 % rejected)."""
    import numpy as np
    from django.db import transaction

    from qualitas.suppliers.models import IncomingLot, SuppliedPart, Supplier

    rng = np.random.default_rng(20)
    with transaction.atomic():
        Supplier.objects.filter(customer=customer).delete()
        Supplier.objects.bulk_create(
            Supplier(customer=customer, code=f"S{i:05d}", name=f"基准供应商 {i:05d}")
            for i in range(suppliers)
        )
        sup = list(Supplier.objects.filter(customer=customer).values_list("pk", flat=True))
        SuppliedPart.objects.bulk_create(
            SuppliedPart(supplier_id=s, part_number="P-1", name="基准零件", aql="1.0", level="II")
            for s in sup
        )
    parts = list(
        SuppliedPart.objects.filter(supplier__customer=customer).values_list("pk", flat=True)
    )
    day0 = date(2025, 1, 1)
    batch: list[IncomingLot] = []
    for k, part in enumerate(parts):
        nc = rng.poisson(0.3, per_supplier)
        days = rng.integers(0, 365, per_supplier)
        late = rng.integers(-2, 6, per_supplier)  # promised up to 2 days before, 5 after
        for j in range(per_supplier):
            rejected = bool(nc[j] >= 2)
            batch.append(
                IncomingLot(
                    part_id=part,
                    lot_number=f"L{j:05d}",
                    lot_size=1000,
                    received_on=day0 + timedelta(days=int(days[j])),
                    due_on=day0 + timedelta(days=int(days[j]) + int(late[j])),
                    severity="normal",
                    aql="1.0",
                    level="II",
                    code_letter="J",
                    code_letter_used="J",
                    sample_size=80,
                    accept_number=2,
                    reject_number=3,
                    nonconforming=int(nc[j]),
                    decision="rejected" if rejected else "accepted",
                )
            )
        if len(batch) >= 50_000 or k == len(parts) - 1:
            IncomingLot.objects.bulk_create(batch, batch_size=10_000)
            batch = []
            print(f"  lots of {k + 1:,} / {len(parts):,} suppliers loaded", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--suppliers", type=int, default=10_000)
    ap.add_argument("--lots-per-supplier", type=int, default=100)
    args = ap.parse_args()

    if not os.environ.get("DATABASE_URL"):
        import pgserver

        data = ROOT / "var" / "bench-pg"
        data.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(data, cleanup_mode=None)
        os.environ["DATABASE_URL"] = server.get_uri()
    os.environ["DJANGO_SETTINGS_MODULE"] = "qualitas.config.settings.local"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from qualitas.core.access import actor_for
    from qualitas.core.models import Profile
    from qualitas.registry.models import Enterprise
    from qualitas.suppliers.models import IncomingLot
    from qualitas.suppliers.selectors import scorecards

    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    call_command("migrate", "--no-input", "-v", "0")
    customer = Enterprise.objects.filter(name_en=BENCH_NAME).first()
    if customer is None:
        sys.path.insert(0, str(ROOT))  # the tests' enterprise factory
        from tests.factories import credit_code, make_enterprise

        customer = make_enterprise(
            name_zh="供应链基准测试有限公司", name_en=BENCH_NAME, credit_code=credit_code()
        )
    user, made = get_user_model().objects.get_or_create(username="bench-suppliers")
    if made:
        Profile.objects.create(user=user, role="enterprise", enterprise=customer)
    actor = actor_for(user)
    lots = IncomingLot.objects.filter(part__supplier__customer=customer)
    want = args.suppliers * args.lots_per_supplier
    if lots.count() != want:
        t = time.perf_counter()
        load(customer, args.suppliers, args.lots_per_supplier)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE suppliers_incominglot")
            cur.execute("VACUUM ANALYZE suppliers_supplier")
            cur.execute("VACUUM ANALYZE suppliers_suppliedpart")
        print(f"loaded {want:,} lots in {time.perf_counter() - t:.0f} s")

    start, end = date(2025, 1, 1), date(2025, 12, 31)
    cards = scorecards(actor=actor, customer_id=customer.pk, start=start, end=end)
    assert len(cards) == args.suppliers and sum(c.lots for c in cards) == want, "data mismatch"
    t_cards = median_time(
        lambda: scorecards(actor=actor, customer_id=customer.pk, start=start, end=end)
    )

    def bare_group_by() -> list[Any]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT l.part_id, count(*), sum(l.sample_size), sum(l.nonconforming)"
                " FROM suppliers_incominglot l JOIN suppliers_suppliedpart p ON p.id = l.part_id"
                " JOIN suppliers_supplier s ON s.id = p.supplier_id"
                " WHERE s.customer_id = %s AND l.received_on BETWEEN %s AND %s GROUP BY 1",
                [customer.pk, start, end],
            )
            return cur.fetchall()

    t_floor = median_time(bare_group_by)

    client = Client()
    client.force_login(user)
    pks = list(lots.order_by("?").values_list("pk", flat=True)[:50])
    client.get(f"/suppliers/lots/{pks[0]}/")  # warm up
    page: list[float] = []
    for pk in pks:
        t = time.perf_counter()
        r = client.get(f"/suppliers/lots/{pk}/")
        page.append(time.perf_counter() - t)
        assert r.status_code == 200, r.status_code
    health: list[float] = []
    for _ in pks:
        t = time.perf_counter()
        client.get("/healthz")
        health.append(time.perf_counter() - t)

    t_page, t_health = p95(page), p95(health)
    print(
        f"scorecards, {args.suppliers:,} suppliers over {want:,} lots: {t_cards:.2f} s "
        f"(target < 10 s, {t_cards / 10:.2f} of it); bare GROUP BY {t_floor:.2f} s; "
        f"ratio {t_cards / t_floor:.1f}"
    )
    print(
        f"incoming-inspection page p95: {t_page * 1000:.0f} ms (target < 200 ms, "
        f"{t_page / 0.2:.2f} of it); /healthz p95 {t_health * 1000:.1f} ms; "
        f"ratio {t_page / t_health:.1f}"
    )
    return 0 if t_cards < 10 and t_page < 0.2 else 1


if __name__ == "__main__":
    sys.exit(main())
