"""Demo complaints (idempotent): half a year of unrelated complaints across Zhejiang, a cluster of
power banks overheating in Hangzhou in the last fortnight (sent to the demo enterprise, or a
Hangzhou enterprise) detected as a warning and confirmed by the officer; complaints of the
demo enterprise through their states (one answered and confirmed, one overdue and escalated,
one waiting). Every complaint goes through the services, so the audit chain has each step."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qualitas.complaints import services
from qualitas.complaints.corpus import noise_text, planted_text
from qualitas.complaints.models import Complaint, ProblemWarning
from qualitas.core.access import actor_for
from qualitas.registry.models import Enterprise, Region

DEMO_PRODUCT = "移动电源（演示）"
CATEGORIES = ("battery", "ebike", "appliance", "children", "textile")
PROBLEMS = ("safety", "performance", "labelling", "durability", "after_sales")


def _file(today: Any, **data: Any) -> tuple[Complaint, str]:
    return services.complaint_submit(data=data, today=today)


def complaints_demo_load(*, seed: int = 20261122) -> None:
    if Complaint.objects.filter(product=DEMO_PRODUCT).exists():
        return
    User = get_user_model()
    officer = User.objects.filter(username="authority").first()
    ent_user = User.objects.filter(username="enterprise").select_related("profile").first()
    enterprise = (
        getattr(getattr(ent_user, "profile", None), "enterprise", None)
        or Enterprise.objects.filter(region_id="330100").order_by("pk").first()
    )
    cities = list(
        Region.objects.filter(parent_id="330000", level="prefecture").values_list("code", flat=True)
    )
    if officer is None or enterprise is None or not cities:
        return
    officer_actor = actor_for(officer)
    rng = np.random.default_rng(seed)
    today = timezone.localdate()
    region = enterprise.region_id if enterprise.region_id in cities else "330100"
    with transaction.atomic():
        for _ in range(300):
            _file(
                today - timedelta(days=int(rng.integers(1, 196))),
                category=CATEGORIES[rng.integers(len(CATEGORIES))],
                problem=PROBLEMS[rng.integers(len(PROBLEMS))],
                region=cities[rng.integers(len(cities))],
                product="产品",
                description=noise_text(rng),
            )
        cluster = []
        for i in range(14):
            c, _token = _file(
                today - timedelta(days=int(rng.integers(0, 14))),
                category="battery",
                problem="safety",
                region=region,
                product=DEMO_PRODUCT,
                brand=f"PB-{10 + i % 3}",
                description=planted_text(rng, 0),
                enterprise=enterprise.name_zh,
                credit_code=enterprise.credit_code,
                phone=f"138{int(rng.integers(10**7, 10**8))}",
            )
            cluster.append(c)
        # the handler sends them: one answered and confirmed, one overdue, the rest waiting
        for i, c in enumerate(cluster):
            routed_on = today - timedelta(days=20) if i == 1 else c.received_on
            services.complaint_route(
                actor=officer_actor, complaint=c, enterprise_id=enterprise.pk, today=routed_on
            )
        if ent_user is not None:
            services.complaint_respond(
                actor=actor_for(ent_user),
                complaint=cluster[0],
                response="已核查该批次移动电源，召回并为用户免费更换。",
                today=today,
            )
        services.escalate_overdue(today=today)
        services.warnings_detect(as_of=today)
        for w in ProblemWarning.objects.filter(status="proposed", region_id=region):
            services.warning_decide(actor=officer_actor, warning=w, action="confirm")
