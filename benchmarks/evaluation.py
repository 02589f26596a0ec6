"""Capability evaluation benchmarks (issue 6's performance targets).

* creating a 1,000-enterprise campaign with its assignments (and one audit entry each): < 10 s
* consolidating 1,000 submitted on-site evaluations (127 scores each) into results: < 10 s
* the self-assessment page with all 127 requirements (answered, with notes): < 300 ms

Each figure is the median of several runs and is printed with its ratio to a baseline measured
in the same run: the render of a trivial page (``/verify/``, the base layout and a form) through
the same Django test client, and for the two bulk operations also the time to insert 1,000 bare
rows with ``bulk_create``. Database: ``DATABASE_URL`` when set, otherwise a fresh SQLite file in
a temporary directory. Exit status 1 when a target is missed.
Run: ``.venv/bin/python benchmarks/evaluation.py [--enterprises 3000] [--rounds 5]``.
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


def median_time(fn: Any, rounds: int, setup: Any = None) -> float:
    times = []
    for _ in range(rounds):
        if setup is not None:
            setup()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="qualitas-bench-eval-")
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

    from qualitas.core.access import Actor
    from qualitas.core.models import Profile
    from qualitas.evaluation import services
    from qualitas.evaluation.models import (
        AnswerRow,
        Assessment,
        Assignment,
        Campaign,
        Evaluation,
        Requirement,
        Result,
        Score,
    )
    from qualitas.registry.demo import demo_registry_load
    from qualitas.registry.models import Enterprise, Institution

    print(f"database: {connection.vendor}")
    call_command("migrate", "--no-input", "-v", "0")
    if Enterprise.objects.count() < args.enterprises:
        demo_registry_load(enterprises=args.enterprises, seed=20261122)
    admin_user = get_user_model().objects.get(username="admin")
    admin = Actor(user=admin_user, role="admin")
    insts = list(Institution.objects.filter(kind="evaluation").values_list("pk", flat=True))
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:1000])
    fw = services.framework_active()
    reqs = list(Requirement.objects.filter(framework=fw).values_list("pk", flat=True))
    client = Client()
    client.get("/verify/")
    baseline_page = median_time(lambda: client.get("/verify/"), 30)

    def bare_rows() -> None:
        c = Campaign.objects.create(
            name="bare", framework=fw, deadline=timezone.localdate() + timedelta(days=30)
        )
        Assignment.objects.bulk_create(
            [Assignment(campaign=c, enterprise_id=i, deadline=c.deadline) for i in ids]
        )
        Campaign.objects.filter(pk=c.pk).delete()

    baseline_bulk = median_time(bare_rows, args.rounds)
    print(
        f"baselines: trivial page {1000 * baseline_page:.1f} ms; bulk_create of 1,000 bare rows {1000 * baseline_bulk:.1f} ms"
    )

    # ---------------------------------------------------------------- 1. campaign creation
    n = [0]

    def create() -> None:
        n[0] += 1
        services.campaign_create(
            actor=admin,
            name=f"bench {n[0]}",
            region=None,
            deadline=timezone.localdate() + timedelta(days=30),
            enterprise_ids=ids,
            institution_ids=insts,
        )

    t_campaign = median_time(create, args.rounds)
    print(
        f"campaign of {len(ids):,} enterprises with assignments: {t_campaign:.2f} s  (target < 10 s; {t_campaign / baseline_bulk:.0f}× bare bulk_create, {t_campaign / baseline_page:.0f}× trivial page)"
    )

    # ---------------------------------------------------------------- 2. consolidation
    campaign = Campaign.objects.filter(name="bench 1").get()
    assignments = list(Assignment.objects.filter(campaign=campaign).order_by("pk"))
    evals = Evaluation.objects.bulk_create(
        [
            Evaluation(
                assignment=a, framework=fw, status="submitted", visited_on=timezone.localdate()
            )
            for a in assignments
        ]
    )
    values = ("full", "mostly", "partly", "none")
    Score.objects.bulk_create(
        [
            Score(evaluation=e, requirement_id=r, value=values[(e.pk + k) % 4])
            for e in evals
            for k, r in enumerate(reqs)
        ],
        batch_size=20000,
    )
    print(f"scores stored: {Score.objects.count():,}")

    def reset() -> None:
        Result.objects.filter(assignment__campaign=campaign).delete()
        Assignment.objects.filter(campaign=campaign).update(status="submitted")

    def consolidate() -> None:
        fresh = list(Assignment.objects.filter(campaign=campaign))
        out = services.evaluations_consolidate(actor=admin, assignments=fresh)
        assert len(out) == len(fresh)

    t_cons = median_time(consolidate, args.rounds, setup=reset)
    print(
        f"consolidation of {len(assignments):,} evaluations: {t_cons:.2f} s  (target < 10 s; {t_cons / baseline_bulk:.0f}× bare bulk_create, {t_cons / baseline_page:.0f}× trivial page)"
    )

    # ---------------------------------------------------------------- 3. self-assessment page
    ent_user = get_user_model().objects.get(username="enterprise")
    ent_id = Profile.objects.get(user=ent_user).enterprise_id
    Assessment.objects.filter(enterprise_id=ent_id).delete()
    a = Assessment.objects.create(enterprise_id=ent_id, framework=fw, started_by=ent_user)
    AnswerRow.objects.bulk_create(
        [
            AnswerRow(
                assessment=a,
                requirement_id=r,
                value=values[k % 4],
                note="记录见质量手册第 4 章" if k % 3 == 0 else "",
            )
            for k, r in enumerate(reqs)
        ]
    )
    ec = Client()
    ec.force_login(ent_user)
    url = f"/evaluation/self/{a.pk}/?dim=all"
    r = ec.get(url)
    assert r.status_code == 200 and r.content.count(b'class="req"') == len(reqs), r.status_code
    samples = []
    for _ in range(30):
        t = time.perf_counter()
        ec.get(url)
        samples.append(time.perf_counter() - t)
    p50, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[18]
    tab = median_time(lambda: ec.get(f"/evaluation/self/{a.pk}/"), 30)
    print(
        f"self-assessment page, all {len(reqs)} requirements: median {1000 * p50:.0f} ms, p95 {1000 * p95:.0f} ms  (target < 300 ms; {p50 / baseline_page:.1f}× trivial page)"
    )
    print(
        f"self-assessment page, one dimension tab: median {1000 * tab:.0f} ms  ({tab / baseline_page:.1f}× trivial page)"
    )
    ok = t_campaign < 10 and t_cons < 10 and p95 < 0.3
    print("all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
