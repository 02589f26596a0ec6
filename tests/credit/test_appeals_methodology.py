"""Appeals of a rating (grounds, deadline, upheld or recomputed, audited, in the history), the
methodology editor (draft, validation naming the field, two-person publication, immutable
versions cited by ratings), the terms with their sources, and the history's reasons in the
reader's language."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from django.utils import timezone

from qualitas.core.access import actor_for
from qualitas.core.models import AuditEntry
from qualitas.credit import rating, services
from qualitas.credit.models import Methodology, Rating, RatingAppeal
from qualitas.credit.services import CreditError
from qualitas.credit.terms import TERMS_CSV, record_term
from tests.credit.factories import published_record, second_officer
from tests.factories import make_user

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _actions(model: str, pk: int) -> list[str]:
    return list(
        AuditEntry.objects.filter(model=model, object_pk=str(pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- appeals ---------------------------------------------------------------------------------


def test_appeal_upheld_then_recomputed_audited_and_in_the_history(world, client_for) -> None:
    first = rating.rate_enterprise(world.ent_a.pk, reason="batch")
    assert str(first.score) == "53.00"
    owner = client_for("enterprise")
    url = f"/credit/ratings/{world.ent_a.pk}/"
    empty = owner.post(url, {"action": "appeal", "grounds": " "}, follow=True, **EN)
    assert "Give the grounds of the appeal." in empty.content.decode()
    made = owner.post(url, {"action": "appeal", "grounds": "抽查不合格已复检合格"}, **EN)
    appeal = RatingAppeal.objects.get(enterprise=world.ent_a)
    assert made.status_code == 302 and made["Location"] == f"/credit/appeals/{appeal.pk}/"
    assert appeal.rating_id == first.pk
    assert appeal.due_on == timezone.localdate() + timedelta(days=15)  # terms.csv, row appeal
    with pytest.raises(CreditError) as twice:
        services.appeal_submit(
            actor=actor_for(world.users["enterprise"]), enterprise_id=world.ent_a.pk, grounds="x"
        )
    assert twice.value.field == "rating"

    # Guangdong's officer does not see it; Zhejiang's officer upholds with reasons
    gd = make_user("auth_gd", "authority", regions=["440000"])
    assert client_for("public").get(f"/credit/appeals/{appeal.pk}/").status_code == 302
    from django.test import Client

    other = Client()
    other.force_login(gd)
    assert other.get(f"/credit/appeals/{appeal.pk}/").status_code == 404
    officer = client_for("authority")
    no_note = officer.post(f"/credit/appeals/{appeal.pk}/", {"revise": "0", "note": ""}, **EN)
    assert no_note.status_code == 200 and "This field is required." in no_note.content.decode()
    upheld = officer.post(f"/credit/appeals/{appeal.pk}/", {"revise": "0", "note": "依据充分"})
    assert upheld.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "upheld" and appeal.result_id == first.pk
    assert Rating.objects.filter(enterprise=world.ent_a).count() == 1  # upheld: no new rating
    assert _actions("credit.ratingappeal", appeal.pk) == [
        "credit.appeal_submit",
        "credit.appeal_decide",
    ]

    # a penalty published meanwhile (its on-commit re-rating not run here); the second appeal is
    # recomputed: a new rating with the reason "appeal", shown in the history
    published_record(world, decided_on=timezone.localdate() - timedelta(days=10))
    api = client_for("enterprise").post(
        "/api/credit/appeals",
        {"credit_code": world.ent_a.credit_code, "grounds": "处罚已履行"},
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()["status"] == "submitted"
    decided = client_for("authority").post(
        f"/api/credit/appeals/{api.json()['id']}/decision",
        {"revise": True, "note": "按最新记录重新计算"},
        content_type="application/json",
    )
    body = decided.json()
    assert decided.status_code == 200 and body["status"] == "revised"
    # the fine weighs 0.3 after 10 days of a 365-day half-life: 30 × (1 − 0.3 × 0.5^(10/365))
    assert body["result_class"] == "C" and body["result_score"] == pytest.approx(44.17, abs=0.01)
    now = rating.rating_current_for(world.ent_a.pk)
    assert now.reason == "appeal" and now.pk != first.pk
    page = client_for("enterprise").get(url, **EN).content.decode()
    assert "Recomputed on appeal" in page and "Rating recomputed" in page
    zh = client_for("enterprise").get(url, **ZH).content.decode()
    assert "申诉后重新计算" in zh and ">appeal<" not in zh


def test_only_the_enterprise_appeals_and_only_a_rated_one(world, client_for) -> None:
    with pytest.raises(CreditError) as unrated:
        services.appeal_submit(
            actor=actor_for(world.users["enterprise"]), enterprise_id=world.ent_a.pk, grounds="x"
        )
    assert unrated.value.field == "rating"
    rating.rate_enterprise(world.ent_a.pk, reason="batch")
    refused = client_for("partner").post(
        "/api/credit/appeals",
        {"credit_code": world.ent_a.credit_code, "grounds": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 404


# --- history reasons -------------------------------------------------------------------------


def test_history_shows_each_reason_in_the_readers_language(world, client_for) -> None:
    rating.rate_enterprise(world.ent_a.pk, reason="batch")
    rating.rate_enterprises([world.ent_a.pk], reason="repair_grant", force=True)
    c = client_for("enterprise")
    en = c.get(f"/credit/ratings/{world.ent_a.pk}/", **EN).content.decode()
    assert "Batch rating of every enterprise" in en and "A credit repair was granted" in en
    zh = c.get(f"/credit/ratings/{world.ent_a.pk}/", **ZH).content.decode()
    assert "批量评定全部企业" in zh and "信用修复获准" in zh
    report = c.get(f"/api/credit/ratings/{world.ent_a.credit_code}/report?lang=en").json()
    assert report["reason"] == "repair_grant"
    assert report["reason_label"] == "A credit repair was granted"


# --- methodology versions --------------------------------------------------------------------


def _version(**kw):
    current = rating.methodology_current()
    body = {
        "code": "2027.1",
        "weights": {
            **{
                k: {"weight": v["weight"], "missing": v["missing"]}
                for k, v in current.weights.items()
            },
        },
        "thresholds": [list(t) for t in current.thresholds],
        "half_life_days": 730,
        "note": "",
    }
    body.update(kw)
    return body


def test_methodology_validation_names_the_field(world, client_for) -> None:
    admin = client_for("admin")

    def refused(body):
        r = admin.post("/api/credit/methodologies", body, content_type="application/json", **EN)
        assert r.status_code == 422, r.content
        return r.json()["detail"][0]["loc"][-1], r.json()["detail"][0]["msg"]

    w = _version()["weights"]
    field, msg = refused(_version(weights={**w, "capability_level": {"weight": 0.2}}))
    assert field == "weights" and "0.95" in msg and "sum to 1" in msg
    field, _msg = refused(_version(weights={**w, "luck": {"weight": 0.0}}))
    assert field == "weights.luck"
    field, _msg = refused(_version(weights={**w, "complaints": {"weight": 1.5}}))
    assert field == "weights.complaints"
    field, _msg = refused(
        _version(thresholds=[["AAA", 90], ["AA", 80], ["A", 85], ["B", 60], ["C", 0]])
    )
    assert field == "thresholds.A"
    field, _msg = refused(
        _version(thresholds=[["AAA", 90], ["AA", 80], ["A", 70], ["B", 60], ["C", 5]])
    )
    assert field == "thresholds.C"
    field, _msg = refused(_version(half_life_days=0))
    assert field == "half_life_days"
    field, _msg = refused(_version(code=rating.methodology_current().code))
    assert field == "code"
    assert not Methodology.objects.filter(code="2027.1").exists()
    # not for enterprises or banks
    assert (
        client_for("enterprise")
        .post("/api/credit/methodologies", _version(), content_type="application/json")
        .status_code
        == 404
    )


def test_draft_publish_immutable_and_cited_by_ratings(world, client_for) -> None:
    old = rating.methodology_current()
    first = rating.rate_enterprise(world.ent_b.pk, reason="batch")
    assert first.methodology_id == old.pk
    admin = client_for("admin")
    # products grades enter, standards and brands leave
    w = _version()["weights"]
    w.pop("standards_brands")
    w["product_grades"] = {"weight": 0.05, "missing": 0.5}
    made = admin.post(
        "/api/credit/methodologies", _version(weights=w), content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["status"] == "draft"
    assert client_for("public").get("/api/credit/methodologies/2027.1").status_code == 404
    changed = admin.put(
        "/api/credit/methodologies/2027.1",
        _version(weights=w, half_life_days=365),
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["half_life_days"] == 365
    # the one who drafted may not publish
    own = admin.post("/api/credit/methodologies/2027.1/publish", **EN)
    assert own.status_code == 422 and own.json()["detail"][0]["loc"][-1] == "status"
    published = client_for("authority").post("/api/credit/methodologies/2027.1/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    # immutable once published
    again = admin.put(
        "/api/credit/methodologies/2027.1", _version(weights=w), content_type="application/json"
    )
    assert again.status_code == 422 and again.json()["detail"][0]["loc"][-1] == "status"
    assert _actions("credit.methodology", Methodology.objects.get(code="2027.1").pk) == [
        "credit.methodology_draft",
        "credit.methodology_update",
        "credit.methodology_publish",
    ]
    # ratings from now on cite the new version; the old rating keeps citing its own
    new = rating.rate_enterprise(world.ent_b.pk, reason="methodology")
    assert new.methodology.code == "2027.1" and first.methodology.code == old.code
    # without standards_brands (0 · 5) and with product grades missing (0.5 · 5): 53 + 2.5
    assert str(new.score) == "55.50"
    assert {f["key"] for f in new.factors} >= {"product_grades"}
    page = client_for("enterprise").get(f"/credit/ratings/{world.ent_b.pk}/", **EN)
    assert page.status_code == 200
    public = client_for("public").get(f"/credit/methodology/?v={old.code}", **EN).content.decode()
    assert old.code in public and "Superseded" in public and "2027.1" in public


def test_methodology_page_form_refuses_with_the_field(world, client_for) -> None:
    officer = client_for("authority")
    form = officer.get("/credit/methodology/new/", **EN)
    assert form.status_code == 200 and 'name="w_capability_level"' in form.content.decode()
    current = rating.methodology_current()
    data = {"code": "2027.2", "half_life_days": "365", "note": ""}
    for k, spec in current.weights.items():
        data[f"w_{k}"] = str(spec["weight"])
        data[f"m_{k}"] = str(spec["missing"])
    for c, t in current.thresholds:
        data[f"t_{c}"] = str(t)
    bad = officer.post("/credit/methodology/new/", {**data, "t_AA": "95"}, **EN)
    assert bad.status_code == 200
    assert "Class AA must start below the class above it" in bad.content.decode()
    ok = officer.post("/credit/methodology/new/", data, **EN)
    assert ok.status_code == 302 and ok["Location"] == "/credit/methodology/2027.2/edit/"
    assert client_for("enterprise").get("/credit/methodology/new/").status_code == 404
    publish = client_for("admin").post(
        "/credit/methodology/2027.2/edit/", {**data, "action": "publish"}
    )
    assert publish.status_code == 302
    assert Methodology.objects.get(code="2027.2").status == "published"
    assert rating.methodology_current().code == "2027.2"


# --- terms and their sources ------------------------------------------------------------------


def test_terms_cite_their_source_and_the_repair_waits(world) -> None:
    with TERMS_CSV.open(encoding="utf-8") as fh:
        rows = {r["item"]: r for r in csv.DictReader(fh)}
    assert set(rows) >= {"penalty_light", "penalty", "serious", "abnormal", "red", "appeal"}
    for r in rows.values():
        assert r["source"].strip() and r["verification"].strip()
        assert "NOT verified" not in r["verification"]
    # circulated criticism or a lower fine: 3 months of publicity, not repaired by application
    assert record_term("fine", "20000").publicity_days == 90
    # other penalties: 3 years, repair from 6 months
    heavy = record_term("fine", "500000")
    assert (heavy.publicity_days, heavy.earliest_repair_days) == (1095, 180)
    today = timezone.localdate()
    light = published_record(
        world, decision_no="L-1", amount="20000", decided_on=today - timedelta(days=30)
    )
    assert (light.publicity_until - light.publicity_from).days == 90
    with pytest.raises(CreditError) as refused:
        services.repair_apply(
            actor=actor_for(world.users["enterprise"]),
            record_pk=light.pk,
            evidence="x",
            commitment=True,
        )
    assert refused.value.field == "record"
    assert light.publicity_end.isoformat() in str(refused.value)


# --- corrections from the record page ---------------------------------------------------------


def test_correction_from_the_record_page_is_a_new_version(world, client_for) -> None:
    rec = published_record(world)
    officer = client_for("authority")
    page = officer.get(f"/credit/desk/records/{rec.pk}/", **EN).content.decode()
    assert 'data-testid="correction-form"' in page
    r = officer.post(
        f"/credit/desk/records/{rec.pk}/",
        {
            "action": "correct",
            "revision_note": "金额更正",
            "facts": rec.facts,
            "amount": "450000",
            "publicity_until": rec.publicity_until.isoformat(),
        },
    )
    rec.refresh_from_db()
    new = type(rec).objects.get(previous=rec)
    assert r.status_code == 302 and r["Location"] == f"/credit/desk/records/{new.pk}/"
    assert new.version == 2 and str(new.amount) == "450000.00" and new.status == "draft"
    # the published version stays public until the correction is published
    second = actor_for(second_officer(world))
    services.record_approve(actor=second, pk=new.pk)
    services.record_publish(actor=second, pk=new.pk)
    rec.refresh_from_db()
    assert rec.status == "superseded"
    assert client_for("public").get(f"/credit/penalties/{rec.pk}/").status_code == 404
    assert client_for("public").get(f"/credit/penalties/{new.pk}/").status_code == 200


# --- deadlines --------------------------------------------------------------------------------


def test_officers_hear_of_appeals_and_repairs_due(world) -> None:
    from django.utils import translation

    from qualitas.core.models import Notification
    from qualitas.core.notifications import deliver_deadlines

    rating.rate_enterprise(world.ent_a.pk, reason="batch")
    appeal = services.appeal_submit(
        actor=actor_for(world.users["enterprise"]), enterprise_id=world.ent_a.pk, grounds="x"
    )
    RatingAppeal.objects.filter(pk=appeal.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    deliver_deadlines(world.users["authority"])
    n = Notification.objects.get(user=world.users["authority"], url=f"/credit/appeals/{appeal.pk}/")
    with translation.override("en"):
        assert "was to be decided by" in n.text
    assert deliver_deadlines(world.users["authority"]) == 0  # once per deadline
    # the enterprise is not told to decide its own appeal
    deliver_deadlines(world.users["enterprise"])
    assert not Notification.objects.filter(
        user=world.users["enterprise"], url__startswith="/credit/appeals/"
    ).exists()


def test_no_data_note_is_in_each_language(world) -> None:
    from django.utils import translation

    with translation.override("zh-hans"):  # the language of the request that re-rates
        r = rating.rate_enterprise(world.ent_b.pk, reason="batch")
    f = {x["key"]: x for x in r.factors}["capability_level"]
    assert "No data: counted as 0.0." in f["explanation_en"]
    assert "无数据" in f["explanation_zh"] and "No data" not in f["explanation_zh"]
    # the credit app's own factor text too (rendered when read, not when the provider ran)
    p = {x["key"]: x for x in r.factors}["penalties_lists"]
    assert p["explanation_en"] == "No published penalty in publicity and on no list."
    assert p["explanation_zh"] != p["explanation_en"]


def test_a_warning_alone_is_not_publicised(world) -> None:
    draft = services.record_create(
        actor=actor_for(world.users["authority"]),
        credit_code=world.ent_a.credit_code,
        region="330100",
        decision_no="W-1",
        legal_basis="《产品质量法》第二十七条",
        facts="标识不全",
        penalty_type="warning",
        authority_zh="杭州市市场监督管理局",
        decided_on=timezone.localdate() - timedelta(days=2),
    )
    second = actor_for(second_officer(world))
    services.record_approve(actor=second, pk=draft.pk)
    with pytest.raises(CreditError) as refused:
        services.record_publish(actor=second, pk=draft.pk)
    assert refused.value.field == "penalty_type"


# --- lists: exit by repair; the profile sections ---------------------------------------------


def test_serious_listing_repaired_after_a_year_ends_early_and_is_audited(world, client) -> None:
    from qualitas.credit.models import ListEntry
    from qualitas.credit.procurement import eligibility
    from qualitas.credit.selectors import public_listings

    today = timezone.localdate()
    rec = published_record(
        world,
        decision_no="S-1",
        penalty_type="licence",
        amount="",
        major=True,
        decided_on=today - timedelta(days=400),
    )
    officer, second = actor_for(world.users["authority"]), actor_for(second_officer(world))
    entry = services.listing_create(
        actor=officer,
        credit_code=world.ent_a.credit_code,
        region="330100",
        kind="serious",
        grounds="吊销许可证，情节严重",
        authority_zh="浙江省市场监督管理局",
        entered_on=today - timedelta(days=300),
        record_pk=rec.pk,
    )
    services.listing_publish(actor=second, pk=entry.pk)
    entry.refresh_from_db()
    assert entry.term_until == entry.entered_on + timedelta(days=1095)  # three years
    assert not eligibility(credit_code=world.ent_a.credit_code, purpose="procurement")["eligible"]
    owner = actor_for(world.users["enterprise"])
    with pytest.raises(CreditError) as early:
        services.repair_apply(actor=owner, listing_pk=entry.pk, evidence="x", commitment=True)
    assert early.value.field == "listing"
    assert (entry.entered_on + timedelta(days=365)).isoformat() in str(early.value)
    later = today + timedelta(days=70)
    app = services.repair_apply(
        actor=owner, listing_pk=entry.pk, evidence="整改完成", commitment=True, today=later
    )
    services.repair_decide(actor=second, pk=app.pk, grant=True, note="准予提前移出", today=later)
    entry.refresh_from_db()
    assert entry.exited_on == later and entry.end == later
    assert ListEntry.objects.filter(pk=entry.pk).exists()
    assert entry not in list(public_listings(day=later + timedelta(days=1)))
    assert _actions("credit.repairrequest", app.pk) == [
        "credit.repair_apply",
        "credit.repair_decide",
    ]


def test_profile_sections_public_class_and_private_explanation(world) -> None:
    from qualitas.core.providers import collect_profile

    rating.rate_enterprise(world.ent_a.pk, reason="batch")
    published_record(world, decision_no="P-1")
    public = {s.key: s for s in collect_profile(enterprise_id=world.ent_a.pk, public=True)}
    assert "credit.report" not in public
    facts = [(str(f.label), str(f.value)) for f in public["credit.public"].facts]
    assert any(label == "P-1" for label, _v in facts)  # the record in publicity
    assert any(value == "C" for _l, value in facts)
    private = {s.key: s for s in collect_profile(enterprise_id=world.ent_a.pk, public=False)}
    report = private["credit.report"]
    assert report.scope == "credit_report" and not report.public
    assert len(report.facts) == 1 + len(rating.rating_current_for(world.ent_a.pk).factors)
