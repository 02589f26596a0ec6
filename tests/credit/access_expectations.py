"""What every role gets from each credit page and API endpoint (read by
tests/core/test_access_matrix.py). The world gets one published fine of ent_a (Hangzhou), a
repair application for it, a rating of ent_a and its appeal, and a draft methodology version;
the partner holds no consent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.registry.access_expectations import only

OFFICERS = ("authority", "admin")
# ent_a's private credit: its own users, Zhejiang's officer, admins
ENT_A = ("enterprise", "authority", "admin")


def kwargs(world: Any) -> dict[str, Any]:
    from django.utils import timezone

    from qualitas.core.access import actor_for
    from qualitas.credit import rating, services
    from qualitas.credit.models import CreditRecord, ListEntry, RepairRequest
    from tests.credit.factories import published_record

    rec = CreditRecord.objects.filter(decision_no="ACC-CR-1").first() or published_record(
        world, decision_no="ACC-CR-1"
    )
    repair = RepairRequest.objects.filter(record=rec).first() or services.repair_apply(
        actor=actor_for(world.users["enterprise"]),
        record_pk=rec.pk,
        evidence="已整改",
        commitment=True,
        today=timezone.localdate() + timedelta(days=200),
    )
    entry = ListEntry.objects.filter(enterprise=world.ent_a).first() or services.listing_create(
        actor=actor_for(world.users["authority"]),
        credit_code=world.ent_a.credit_code,
        region="330100",
        kind="red",
        grounds="省政府质量奖",
        authority_zh="浙江省市场监督管理局",
        entered_on=timezone.localdate(),
    )
    rating.rate_enterprise(world.ent_a.pk, reason="test")
    from qualitas.credit.models import Methodology, RatingAppeal

    appeal = RatingAppeal.objects.filter(enterprise=world.ent_a).first() or services.appeal_submit(
        actor=actor_for(world.users["enterprise"]),
        enterprise_id=world.ent_a.pk,
        grounds="抽查结果已复检合格",
    )
    current = rating.methodology_current()
    draft = Methodology.objects.filter(code="ACC-draft").first() or services.methodology_draft(
        actor=actor_for(world.users["admin"]),
        code="ACC-draft",
        weights=current.weights,
        thresholds=current.thresholds,
        half_life_days=current.half_life_days,
    )
    return {
        "appeal_pk": appeal.pk,
        "code": draft.code,
        # the API's version is the published one: the matrix POSTs to every endpoint (an officer
        # would publish a draft), so drafts' 404 for others is tested in test_appeals_methodology
        "version": current.code,
        "record_pk": rec.pk,
        "repair_pk": repair.pk,
        "listing_pk": entry.pk,
        "enterprise_pk": world.ent_a.pk,
        "credit_code": world.ent_a.credit_code,
        "table": "penalties",
        "fmt": "csv",
    }


PAGES = {
    "credit:penalties": 200,
    "credit:penalty": 200,
    "credit:lists": 200,
    "credit:methodology": 200,
    "credit:methodology_new": only(OFFICERS, other=404, public=302),
    # a draft version: only those who may edit methodology versions
    "credit:methodology_edit": only(OFFICERS, other=404, public=302),
    "credit:appeal": only(ENT_A, other=404, public=302),
    "credit:rating": 200,
    "credit:desk": only(OFFICERS, other=404, public=302),
    "credit:record_new": only(OFFICERS, other=404, public=302),
    "credit:record": only(ENT_A, other=404, public=302),
    "credit:listing_new": only(OFFICERS, other=404, public=302),
    # POST only
    "credit:listing_publish": only({}, other=405, public=302),
    "credit:repair": only(ENT_A, other=404, public=302),
    "credit:loans": only(OFFICERS, other=404, public=302),
    "credit:export": 200,
}

API = {
    "GET /api/credit/penalties": 200,
    "GET /api/credit/penalties/{record_pk}": 200,
    "GET /api/credit/ratings/{credit_code}": 200,
    "GET /api/credit/ratings/{credit_code}/report": only(ENT_A, other=404, public=401),
    "GET /api/credit/loans/statistics": only(OFFICERS, other=404, public=401),
    # public: the purpose and credit code come in the query (none: 422 for everyone)
    "GET /api/credit/eligibility": 422,
    "GET /api/credit/signing-key": 200,
    "GET /api/credit/methodologies": 200,
    "GET /api/credit/methodologies/{version}": 200,
    "GET /api/credit/appeals": only(ENT_A, other=200, public=401),
}
