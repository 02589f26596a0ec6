"""Applications for an on-site evaluation (issue 13's performance target).

* the institution manager's applications page with 10,000 applications: < 300 ms

Figures are medians of 30 requests through the Django test client, printed with their ratio to
a baseline measured in the same run: the render of a trivial page (``/verify/``, the base layout
and a form). Also the page filtered to the applications awaiting a decision and the authority's
page over its regions. Database: ``DATABASE_URL`` when set, otherwise a fresh SQLite file in a
temporary directory. Exit status 1 when the target is missed.
Run: ``.venv/bin/python benchmarks/applications.py [--applications 10000] [--enterprises 2000]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from typing import Any


def median_ms(fn: Any, rounds: int = 30) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return 1000 * statistics.median(samples), 1000 * statistics.quantiles(samples, n=20)[18]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--applications", type=int, default=10000)
    ap.add_argument("--enterprises", type=int, default=2000)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="qualitas-bench-appl-")
    os.makedirs(os.path.join(tmp, "static"), exist_ok=True)
    os.environ.setdefault("QUALITAS_VAR_DIR", tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "qualitas.config.settings.local"
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from qualitas.evaluation import services
    from qualitas.evaluation.models import Application, Assessment
    from qualitas.registry.demo import demo_registry_load
    from qualitas.registry.models import Enterprise

    print(f"database: {connection.vendor}")
    call_command("migrate", "--no-input", "-v", "0")
    if Enterprise.objects.count() < args.enterprises:
        demo_registry_load(enterprises=args.enterprises, seed=20261122)
    fw = services.framework_active()
    User = get_user_model()
    manager = User.objects.get(username="manager")
    inst_id = manager.profile.institution_id
    ents = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[: args.enterprises])
    now = timezone.now()
    if not Assessment.objects.filter(status="submitted").exists():
        Assessment.objects.bulk_create(
            [
                Assessment(
                    enterprise_id=e, framework=fw, status="submitted", submitted_at=now, level=2
                )
                for e in ents
            ],
            batch_size=5000,
        )
    by_ent = dict(Assessment.objects.values_list("enterprise_id", "pk"))
    statuses = ("submitted", "accepted", "declined", "withdrawn")
    Application.objects.all().delete()
    Application.objects.bulk_create(
        [
            Application(
                enterprise_id=ents[k % len(ents)],
                institution_id=inst_id,
                assessment_id=by_ent[ents[k % len(ents)]],
                status=statuses[k % 4],
                message="希望尽快安排",
                reply_by=(now + timedelta(days=10)).date(),
                quote=20000 if k % 4 == 1 else None,
                planned_on=(now + timedelta(days=30)).date() if k % 4 == 1 else None,
                decline_reason="排期已满" if k % 4 == 2 else "",
            )
            for k in range(args.applications)
        ],
        batch_size=5000,
    )
    print(f"applications stored: {Application.objects.count():,}")

    client = Client()
    client.get("/verify/")
    base, _ = median_ms(lambda: client.get("/verify/"))
    print(f"baseline: trivial page {base:.1f} ms")

    mc = Client()
    mc.force_login(manager)
    results = {}
    for label, url in (
        ("manager, all applications", "/evaluation/applications/"),
        ("manager, awaiting decision", "/evaluation/applications/?status=submitted"),
        ("manager, page 100", "/evaluation/applications/?page=100"),
    ):
        r = mc.get(url)
        assert r.status_code == 200, (url, r.status_code)
        assert b'data-testid="application-' in r.content, url
        for _ in range(5):  # warm the database's page cache as a running server would have it
            mc.get(url)
        results[label] = median_ms(lambda url=url: mc.get(url))
    ac = Client()
    ac.force_login(User.objects.get(username="authority"))
    assert ac.get("/evaluation/applications/").status_code == 200
    results["authority, its regions"] = median_ms(lambda: ac.get("/evaluation/applications/"))
    for label, (p50, p95) in results.items():
        print(
            f"applications page ({label}): median {p50:.0f} ms, p95 {p95:.0f} ms  "
            f"(target < 300 ms; {p50 / base:.1f}× trivial page)"
        )
    ok = all(p95 < 300 for p50, p95 in results.values())
    print("all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
