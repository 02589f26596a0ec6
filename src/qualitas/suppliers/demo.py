"""Demo data of supplier quality: the demo enterprise user's enterprise as a leading customer with
a dozen suppliers (registry enterprises), one part each, a year of incoming lots inspected by
GB/T 2828.1 with the switching rules running, 8Ds opened from rejected lots (some closed, some
open, one overdue) and two completed process audits.

Everything goes through the services (so the audit chain records it); values are seeded; dates
are in the past. Idempotent: a customer that already has suppliers is left alone.
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.registry.models import Enterprise
from qualitas.suppliers import services
from qualitas.suppliers.models import Supplier

PARTS = [
    ("电芯壳体", "1.0"), ("极耳", "0.65"), ("隔膜", "0.40"), ("电解液", "0.65"), ("保护板", "0.25"),
    ("连接器", "1.0"), ("绝缘胶带", "1.5"), ("铝排", "1.0"), ("紧固件", "2.5"), ("线束", "0.65"),
    ("包装箱", "4.0"), ("标签", "2.5"),
]  # fmt: skip
#: Share of nonconforming items per supplier (a few weak ones drive rejections and 8Ds).
DEFECT = [0.001, 0.002, 0.004, 0.02, 0.001, 0.003, 0.03, 0.002, 0.005, 0.001, 0.01, 0.002]


def suppliers_demo_load(*, seed: int = 20261122) -> None:
    user = get_user_model().objects.filter(username="enterprise").first()
    actor = actor_for(user) if user is not None else None
    if actor is None or not actor.enterprise_id:
        return
    customer = Enterprise.objects.get(pk=actor.enterprise_id)
    if Supplier.objects.filter(customer=customer).exists():
        return
    others = list(
        Enterprise.objects.exclude(pk=customer.pk)
        .filter(province_id=customer.province_id)
        .order_by("pk")[: len(PARTS)]
    )
    rng = np.random.default_rng(seed)
    today = timezone.localdate()
    with transaction.atomic():
        for i, ent in enumerate(others):
            name, aql = PARTS[i]
            s = services.supplier_create(
                actor=actor, customer=customer, code=f"S-{i + 1:03d}", enterprise=ent,
                contact_name=f"质量经理{i + 1}",
            )  # fmt: skip
            part = services.part_create(
                actor=actor, supplier=s, part_number=f"P-{100 + i}", name=name, aql=aql
            )
            services.part_set_reduced_approval(actor=actor, part=part, approved=True)
            rejected = []
            for k in range(24):  # two lots a month over the past year
                day = today - timedelta(days=365 - 15 * k)
                part.refresh_from_db()
                if part.severity == "discontinued":
                    services.part_resume(actor=actor, part=part, note="8D 已验证有效")
                # promised a few days ahead; the weaker suppliers deliver late more often
                late = rng.random() < min(0.4, 0.03 + 12 * DEFECT[i])
                due = day + timedelta(
                    days=-int(rng.integers(1, 6)) if late else int(rng.integers(0, 3))
                )
                lot = services.lot_receive(
                    actor=actor, part=part, lot_number=f"{day:%Y%m%d}-{i + 1:02d}",
                    lot_size=int(rng.integers(300, 5000)), received_on=day, due_on=due,
                )  # fmt: skip
                d = int(rng.binomial(lot.sample_size, DEFECT[i]))
                lot = services.lot_record_result(actor=actor, lot=lot, nonconforming=d)
                if lot.decision == "rejected":
                    rejected.append(lot)
            for n, lot in enumerate(rejected[:3]):
                ca = services.action_open_from_lot(
                    actor=actor, lot=lot, opened_on=lot.received_on + timedelta(days=1)
                )
                if n == 2:
                    continue  # the third stays open (overdue once its 30 days have passed)
                for step in range(1, 8):
                    four = step == 4
                    ca = services.action_submit(
                        actor=actor, action=ca, discipline=step, owner=f"质量经理{i + 1}",
                        text=f"D{step}（示例）",
                        whys=["尺寸超差", "模具磨损", "点检周期过长"] if four else None,
                        cause_category="machine" if four else "",
                    )  # fmt: skip
                ca = services.action_verify(
                    actor=actor, action=ca, effective=True, note="后续批次合格"
                )
                services.action_close(actor=actor, action=ca, note="关闭", closed_on=today)
            if i in (3, 6):
                a = services.audit_plan(
                    actor=actor, supplier=s, planned_on=today - timedelta(days=90),
                    lead_auditor="李审核",
                )  # fmt: skip
                numbers = a.answers.values_list("question__number", flat=True)
                answers = {q: {"scores": str(int(rng.choice([8, 10, 10])))} for q in numbers}
                answers["6.2.4"] = {"scores": "4", "finding": "可疑品未隔离"}
                services.audit_record(actor=actor, audit_obj=a, answers=answers)
                services.audit_complete(
                    actor=actor, audit_obj=a, performed_on=today - timedelta(days=88)
                )
