"""The quality credit rating: hand-worked scores at every class boundary, decay of a penalty and
its repair with dates, the explanation in both languages, and the bank's reads by consent."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from qualitas.analytics.credit import credit_scores
from qualitas.core.access import actor_for
from qualitas.core.partner_reads import partner_reads_for
from qualitas.core.services import consent_grant, consent_withdraw
from qualitas.core.tokens import token_create
from qualitas.credit import rating, services
from qualitas.credit.methodology import THRESHOLDS_V1
from tests.credit.factories import published_record, second_officer

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    ("a", "b", "score", "klass"),
    [
        (1.0, 1.0, 100.0, "AAA"),
        (0.9, 0.9, 90.0, "AAA"),
        (0.9, 0.8998, 89.99, "AA"),
        (0.8, 0.8, 80.0, "AA"),
        (0.8, 0.7998, 79.99, "A"),
        (0.7, 0.7, 70.0, "A"),
        (0.7, 0.6998, 69.99, "B"),
        (0.6, 0.6, 60.0, "B"),
        (0.6, 0.5998, 59.99, "C"),
        (0.0, 0.0, 0.0, "C"),
    ],
)
def test_class_boundaries_hand_worked(a, b, score, klass) -> None:
    # two factors of weight 0.5: score = 50·a + 50·b
    r = credit_scores(
        np.array([[a, b]]), weights=[0.5, 0.5], missing=[0, 0], thresholds=THRESHOLDS_V1
    )
    assert r.score[0] == pytest.approx(score, abs=1e-9)
    assert r.klass[0] == klass
    assert r.points[0].sum() == pytest.approx(score, abs=0.01)


def test_missing_values_and_the_serious_list_cap() -> None:
    r = credit_scores(
        np.array([[np.nan, 1.0], [1.0, 1.0]]),
        weights=[0.4, 0.6],
        missing=[0.5, 0.0],
        thresholds=THRESHOLDS_V1,
        cap=np.array([0, 4]),
    )
    assert list(r.score) == [80.0, 100.0]  # 40·0.5 + 60
    assert list(r.klass) == ["AA", "C"] and list(r.capped) == [False, True]


@pytest.mark.django_db
def test_enterprise_without_records_hand_worked(world) -> None:
    r = rating.rate_enterprise(world.ent_b.pk, reason="test")
    # capability 0 ·25, process capability 0 ·10, spot-checks none 0.7 ·15, recalls none 1 ·10,
    # penalties none 1 ·30, complaints (no source) 0.5 ·5, standards (no source) 0 ·5 = 53.00
    assert str(r.score) == "53.00" and r.klass == "C"
    f = {x["key"]: x for x in r.factors}
    assert f["penalties_lists"]["points"] == 30.0 and f["spot_checks"]["points"] == 10.5
    assert f["penalties_lists"]["explanation_zh"] and f["penalties_lists"]["explanation_en"]
    assert f["capability_level"]["raise_en"] and f["capability_level"]["raise_zh"]


@pytest.mark.django_db
def test_decay_and_repair_with_dates(world, django_capture_on_commit_callbacks) -> None:
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        rec = published_record(
            world, decided_on=today - timedelta(days=365), amount="500000"
        )  # a fine: severity 0.3, halved after the 365-day half-life → 0.15
    r = rating.rate_enterprise(world.ent_a.pk, reason="test", as_of=today)
    f = {x["key"]: x for x in r.factors}
    assert f["penalties_lists"]["value"] == 0.85 and str(r.score) == "48.50"
    assert rec.decision_no in f["penalties_lists"]["explanation_en"]
    # two years on, the same penalty weighs 0.075 (still in its three-year publicity)
    later = rating.rate_enterprise(world.ent_a.pk, reason="test", as_of=today + timedelta(days=365))
    assert {x["key"]: x for x in later.factors}["penalties_lists"]["value"] == 0.925

    ent = actor_for(world.users["enterprise"])
    app = services.repair_apply(actor=ent, record_pk=rec.pk, evidence="整改报告", commitment=True)
    assert app.due_on == today + timedelta(days=15)
    with django_capture_on_commit_callbacks(execute=True):
        services.repair_decide(
            actor=actor_for(second_officer(world)), pk=app.pk, grant=True, note="已整改到位"
        )
    rec.refresh_from_db()
    assert rec.publicity_ended_on == today
    now = rating.rating_current_for(world.ent_a.pk)
    assert str(now.score) == "53.00" and now.reason == "repair_grant"


@pytest.mark.django_db
def test_repair_refusals_name_the_field(world) -> None:
    today = timezone.localdate()
    rec = published_record(world, decided_on=today - timedelta(days=10), amount="500000")
    ent = actor_for(world.users["enterprise"])
    with pytest.raises(services.CreditError) as early:
        services.repair_apply(actor=ent, record_pk=rec.pk, evidence="x", commitment=True)
    assert early.value.field == "record"
    assert (today - timedelta(days=10) + timedelta(days=180)).isoformat() in str(early.value)
    draft = services.record_create(
        actor=actor_for(world.users["authority"]),
        credit_code=world.ent_a.credit_code,
        region="330100",
        decision_no="D-1",
        legal_basis="法",
        facts="事实",
        penalty_type="warning",
        authority_zh="杭州市市场监督管理局",
        decided_on=today,
    )
    with pytest.raises(services.CreditError) as unpublished:
        services.repair_apply(
            actor=ent,
            record_pk=draft.pk,
            evidence="x",
            commitment=True,
            today=today + timedelta(days=200),
        )
    assert unpublished.value.field == "record"


@pytest.mark.django_db
def test_bank_reads_the_report_only_with_consent(world, client) -> None:
    rating.rate_enterprise(world.ent_a.pk, reason="test")
    bank = actor_for(world.users["partner"])
    _tok, plain = token_create(actor=bank, name="bank", scopes=["credit:read", "credit:write"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {plain}", **EN}
    url = f"/api/credit/ratings/{world.ent_a.credit_code}/report"
    refused = client.get(url, **auth)
    assert refused.status_code == 404 and refused.json() == {"detail": "Not found"}
    public = client.get(f"/api/credit/ratings/{world.ent_a.credit_code}", **auth).json()
    assert public["klass"] == "C" and "score" not in public
    loan = {
        "credit_code": world.ent_a.credit_code,
        "outcome": "granted",
        "amount_band": "le_5m",
        "decided_on": timezone.localdate().isoformat(),
    }
    assert (
        client.post("/api/credit/loans", loan, content_type="application/json", **auth).status_code
        == 404
    )

    owner = actor_for(world.users["enterprise"])
    consent = consent_grant(
        actor=owner,
        enterprise_id=world.ent_a.pk,
        scope="credit_report",
        grantee_user=world.users["partner"],
    )
    report = client.get(url, **auth)
    assert report.status_code == 200
    body = report.json()
    assert body["score"] == 53.0 and {f["key"] for f in body["factors"]} >= {
        "penalties_lists",
        "capability_level",
    }
    # every read audited and shown to the enterprise
    assert any("credit_report" in str(e.changes) for e in partner_reads_for(actor=owner))
    no_band = client.post(
        "/api/credit/loans", {**loan, "amount_band": ""}, content_type="application/json", **auth
    )
    assert no_band.status_code == 422 and no_band.json()["detail"][0]["loc"][-1] == "amount_band"
    made = client.post("/api/credit/loans", loan, content_type="application/json", **auth)
    assert made.status_code == 201 and made.json()["rating_class"] == "C"
    officer = client
    officer.force_login(world.users["authority"])
    stats = officer.get("/api/credit/loans/statistics", **EN).json()
    assert stats == [
        {
            "province": "330000",
            "industry": world.ent_a.industry_id,
            "outcome": "granted",
            "klass": "C",
            "decisions": 1,
        }
    ]
    # the lending page names the province, the industry and the outcome
    page = officer.get("/credit/loans/", **EN).content.decode()
    assert "Zhejiang" in page and world.ent_a.industry.name_en in page and "Granted" in page
    officer.logout()

    consent_withdraw(actor=owner, consent=consent)
    assert client.get(url, **auth).status_code == 404
