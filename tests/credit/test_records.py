"""Penalty and misconduct records: entry, two-person publication, the public notice while in
publicity, corrections as versions, and the refusals naming their field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from qualitas.core.access import Forbidden, actor_for
from qualitas.core.models import AuditEntry
from qualitas.credit import selectors, services
from qualitas.credit.services import CreditError
from tests.credit.factories import published_record, second_officer

pytestmark = pytest.mark.django_db


def _entry(world, **kw):
    base = {
        "credit_code": world.ent_a.credit_code,
        "region": "330100",
        "decision_no": "杭市监处罚〔2026〕9号",
        "legal_basis": "《产品质量法》第四十九条",
        "facts": "事实",
        "penalty_type": "fine",
        "amount": "20000",
        "authority_zh": "杭州市市场监督管理局",
        "decided_on": timezone.localdate() - timedelta(days=3),
    }
    base.update(kw)
    return services.record_create(actor=actor_for(world.users["authority"]), **base)


def test_published_notice_is_public_with_its_facts(world, client) -> None:
    rec = published_record(world)
    page = client.get(f"/credit/penalties/{rec.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "杭市监处罚〔2026〕1号" in text and "500000.00" in text
    listing = client.get("/credit/penalties/", {"q": world.ent_a.credit_code}).content.decode()
    assert "杭市监处罚〔2026〕1号" in listing
    # the default publicity period of a fine over the lower-fine limit: three years (terms.csv)
    assert (rec.publicity_until - rec.publicity_from).days == 1095
    actions = list(
        AuditEntry.objects.filter(model="credit.creditrecord", object_pk=str(rec.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["credit.record_create", "credit.record_approve", "credit.record_publish"]


def test_draft_is_not_public_and_the_one_who_entered_may_not_approve(world, client) -> None:
    rec = _entry(world)
    assert client.get(f"/credit/penalties/{rec.pk}/").status_code == 404
    with pytest.raises(Forbidden):
        services.record_approve(actor=actor_for(world.users["authority"]), pk=rec.pk)


def test_publicity_ended_hides_the_notice(world, client) -> None:
    rec = published_record(
        world,
        decided_on=timezone.localdate() - timedelta(days=40),
        publicity_until=timezone.localdate() - timedelta(days=1),
    )
    assert client.get(f"/credit/penalties/{rec.pk}/").status_code == 404
    assert not selectors.public_records().filter(pk=rec.pk).exists()


def test_bad_input_refused_with_the_field_named(world) -> None:
    _entry(world)
    with pytest.raises(CreditError) as twice:
        _entry(world)
    assert twice.value.field == "decision_no"
    day = timezone.localdate() - timedelta(days=5)
    with pytest.raises(CreditError) as ends_early:
        _entry(
            world,
            decision_no="X-2",
            decided_on=day,
            publicity_from=day,
            publicity_until=day - timedelta(days=1),
        )
    assert ends_early.value.field == "publicity_until"
    with pytest.raises(CreditError) as no_amount:
        _entry(world, decision_no="X-3", amount="")
    assert no_amount.value.field == "amount"


def test_correction_is_a_new_version_and_supersedes_on_publication(world, client) -> None:
    rec = published_record(world)
    officer = actor_for(world.users["authority"])
    second = actor_for(second_officer(world))
    fixed = services.record_correct(
        actor=officer, pk=rec.pk, revision_note="金额更正", amount="450000"
    )
    assert fixed.version == 2 and fixed.decision_no == rec.decision_no
    # until the correction is published, the first version stays public, unchanged
    assert "500000.00" in client.get(f"/credit/penalties/{rec.pk}/").content.decode()
    services.record_approve(actor=second, pk=fixed.pk)
    services.record_publish(actor=second, pk=fixed.pk)
    assert client.get(f"/credit/penalties/{rec.pk}/").status_code == 404
    assert "450000.00" in client.get(f"/credit/penalties/{fixed.pk}/").content.decode()


def test_public_notices_export_as_csv(world, client) -> None:
    published_record(world)
    csv = b"".join(client.get("/credit/exports/penalties.csv").streaming_content).decode(
        "utf-8-sig"
    )
    head, first = csv.splitlines()[:2]
    assert head.startswith("decision_no,version,enterprise,credit_code")
    assert "杭市监处罚〔2026〕1号" in first and world.ent_a.credit_code in first
    assert client.get("/credit/exports/other.csv").status_code == 404
