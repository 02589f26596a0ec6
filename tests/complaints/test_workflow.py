"""A complaint from filing to the complainant's answer: bot and flood refusals, bad input refused
naming the field, the contact sealed and masked for every role but the handler, the deadline in
working days, escalation, the audit chain, public statistics without any complaint, warnings
from a cluster through confirmation and publication into credit and the index."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.test import override_settings

from qualitas.complaints import selectors, services
from qualitas.complaints.choices import ComplaintStatus, WarningStatus
from qualitas.complaints.models import Complaint, ProblemWarning
from qualitas.core.access import actor_for
from qualitas.core.errors import DomainError
from qualitas.core.models import AuditEntry
from tests.complaints.factories import CONTACT, file

pytestmark = pytest.mark.django_db
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def _actor(world, role):
    return actor_for(world.users[role])


def _routed(world, on=date(2026, 12, 3)):
    c, token = file()
    services.complaint_route(
        actor=_actor(world, "authority"), complaint=c, enterprise_id=world.ent_a.pk, today=on
    )
    return c, token


# --- intake ---------------------------------------------------------------------------------


def _old_token():
    return services.form_issue_token(now=time.time() - 60)


def test_bots_are_refused_by_the_hidden_field_and_the_signed_time():
    with pytest.raises(DomainError) as e:
        services.intake_guard(ip="1.2.3.4", honeypot="http://spam", issued=_old_token())
    assert e.value.field == "website"
    with pytest.raises(DomainError) as e:  # sent back at once
        services.intake_guard(ip="1.2.3.4", honeypot="", issued=services.form_issue_token())
    assert e.value.field == "issued"
    with pytest.raises(DomainError) as e:  # forged
        services.intake_guard(ip="1.2.3.4", honeypot="", issued="x" + _old_token())
    assert e.value.field == "issued"
    with pytest.raises(DomainError) as e:  # stale: issued three hours ago
        services.intake_guard(
            ip="1.2.3.4", honeypot="", issued=services.form_issue_token(now=time.time() - 3 * 3600)
        )
    assert e.value.field == "issued"


@override_settings(CACHES=LOCMEM)
def test_one_address_may_file_five_an_hour():
    from django.core.cache import cache

    cache.clear()
    for _ in range(services.INTAKE_PER_HOUR):
        services.intake_guard(ip="10.0.0.9", honeypot="", issued=_old_token())
    with pytest.raises(DomainError) as e:
        services.intake_guard(ip="10.0.0.9", honeypot="", issued=_old_token())
    assert "Too many" in str(e.value) or "过多" in str(e.value) or e.value.field == "website"
    services.intake_guard(ip="10.0.0.10", honeypot="", issued=_old_token())  # another address


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("category", "rockets"),
        ("problem", "nothing"),
        ("region", "999999"),
        ("product", ""),
        ("description", "坏了"),
        ("purchased_on", "2026-02-30"),
        ("purchased_on", "2027-01-01"),
        ("credit_code", "91330100MA2XXXXXX1"),
        ("phone", "call me"),
        ("email", "nobody"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(world, client, field, value):
    payload = {
        "category": "battery",
        "problem": "safety",
        "region": "330100",
        "product": "移动电源",
        "description": "充电宝充电时外壳发烫鼓包冒烟",
        "issued": _old_token(),
        field: value,
    }
    r = client.post("/api/complaints/", payload, content_type="application/json")
    assert r.status_code == 422, r.content
    assert r.json()["detail"][0]["loc"] == ["body", field]
    assert Complaint.objects.count() == 0


def test_filing_through_the_api_gives_a_tracking_link(world, client):
    issued = _old_token()
    r = client.post(
        "/api/complaints/",
        {
            "category": "ebike",
            "problem": "safety",
            "region": "330200",
            "product": "电动自行车",
            "description": "刹车突然失灵，下坡停不住",
            "phone": "13900001111",
            "issued": issued,
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["tracking_url"].endswith(f"/complaints/track/{body['tracking_token']}/")
    page = client.get(f"/complaints/track/{body['tracking_token']}/")
    assert page.status_code == 200 and body["code"] in page.content.decode()
    assert client.get("/complaints/track/not-the-token/").status_code == 404


# --- personal data ------------------------------------------------------------------------


def test_contact_is_sealed_at_rest_and_never_in_the_audit_chain(world):
    c, _ = file()
    raw = Complaint.objects.values_list("contact_sealed", flat=True).get(pk=c.pk)
    for v in CONTACT.values():
        assert v not in raw
    for e in AuditEntry.objects.filter(model="complaints.complaint"):
        assert "13812345678" not in str(e.changes) and "张三" not in str(e.changes)


@pytest.mark.parametrize(
    ("role", "status", "phone"),
    [
        ("authority", 200, "13812345678"),  # the handler (Zhejiang's officer)
        ("admin", 200, "138****5678"),
        ("enterprise", 200, "138****5678"),  # the enterprise it was sent to
        ("other_enterprise", 404, None),
        ("evaluator", 404, None),
        ("partner", 404, None),
    ],
)
def test_contact_is_masked_for_every_role_but_the_handler(world, client_for, role, status, phone):
    c, _ = _routed(world)
    page = client_for(role).get(f"/complaints/desk/{c.pk}/")
    assert page.status_code == status
    api = client_for(role).get(f"/api/complaints/complaints/{c.pk}")
    assert api.status_code == status
    if phone:
        assert phone in page.content.decode()
        assert api.json()["contact"]["phone"] == phone
        if phone != CONTACT["phone"]:
            assert CONTACT["phone"] not in page.content.decode()
            assert "张三" not in page.content.decode() and api.json()["contact"]["name"] == "张*"
    assert client_for("public").get(f"/complaints/desk/{c.pk}/").status_code == 302


# --- handling -----------------------------------------------------------------------------


def test_routing_sets_the_deadline_in_working_days_and_is_for_the_regions_officer(world):
    c, _ = file(credit_code=world.ent_a.credit_code)
    assert selectors.enterprise_candidates(c) == [world.ent_a]
    from qualitas.core.access import NotFound

    with pytest.raises(NotFound):  # admins see it, the handler is the region's officer
        services.complaint_route(
            actor=_actor(world, "admin"), complaint=c, enterprise_id=world.ent_a.pk
        )
    services.complaint_route(
        actor=_actor(world, "authority"),
        complaint=c,
        enterprise_id=world.ent_a.pk,
        today=date(2026, 12, 3),
    )
    c.refresh_from_db()
    assert c.status == ComplaintStatus.ROUTED
    assert c.deadline == date(2026, 12, 17)  # 10 working days after Thursday 3 December


def test_enterprise_matched_by_name_when_no_code_is_given(world):
    c, _ = file(enterprise="恒信电池")
    assert selectors.enterprise_candidates(c) == [world.ent_a]
    c2, _ = file(enterprise="")
    assert selectors.enterprise_candidates(c2) == []


def test_overdue_escalates_then_response_then_complainant_confirms_every_step_audited(world):
    c, token = _routed(world)
    assert services.escalate_overdue(today=date(2026, 12, 17)) == 0  # due that day
    assert services.escalate_overdue(today=date(2026, 12, 18)) == 1
    c.refresh_from_db()
    assert c.status == ComplaintStatus.ESCALATED and c.escalated_on == date(2026, 12, 18)
    with pytest.raises(DomainError) as e:
        services.complaint_respond(actor=_actor(world, "enterprise"), complaint=c, response="ok")
    assert e.value.field == "response"
    services.complaint_respond(
        actor=_actor(world, "enterprise"),
        complaint=c,
        response="已召回该批次移动电源并为用户更换新品",
        today=date(2026, 12, 21),
    )
    with pytest.raises(DomainError) as e:
        services.complaint_conclude(token=token, verdict="dispute", note="")
    assert e.value.field == "note"
    services.complaint_conclude(token=token, verdict="confirm")
    c.refresh_from_db()
    assert c.status == ComplaintStatus.CONFIRMED
    actions = list(
        AuditEntry.objects.filter(model="complaints.complaint", object_pk=str(c.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaints.received",
        "complaints.routed",
        "complaints.escalated",
        "complaints.responded",
        "complaints.confirm",
    ]


def test_the_enterprise_answers_on_its_page_and_a_dispute_returns_to_the_officer(world, client_for):
    c, token = _routed(world)
    ent = client_for("enterprise")
    assert c.code in ent.get("/complaints/mine/").content.decode()
    r = ent.post(
        f"/complaints/desk/{c.pk}/",
        {"action": "respond", "response": "已更换新品并检查同批次产品"},
    )
    assert r.status_code == 302
    # another enterprise may not answer
    assert (
        client_for("other_enterprise")
        .post(f"/complaints/desk/{c.pk}/", {"action": "respond", "response": "x" * 20})
        .status_code
        == 404
    )
    services.complaint_conclude(token=token, verdict="dispute", note="新品同样发烫")
    c.refresh_from_db()
    assert c.status == ComplaintStatus.DISPUTED
    assert (
        c.code in client_for("authority").get("/complaints/desk/?status=disputed").content.decode()
    )


# --- public statistics and warnings -------------------------------------------------------


def _cluster(world, n=12, noise=60):
    """``n`` similar complaints in Hangzhou in November's last weeks, over ``noise`` unrelated
    ones in Zhejiang's other cities since the summer."""
    from datetime import timedelta

    import numpy as np

    from qualitas.complaints.corpus import noise_text, planted_text

    rng = np.random.default_rng(1)
    for i in range(noise):
        file(
            region=("330200", "330300", "330400")[i % 3],
            problem=("performance", "labelling", "after_sales")[i % 3],
            description=noise_text(rng),
            purchased_on="",
            today=date(2026, 11, 30) - timedelta(days=int(rng.integers(180))),
        )
    made = []
    for i in range(n):
        c, _ = file(description=planted_text(rng, 0), today=date(2026, 11, 20 + i % 8))
        made.append(c)
    return made


def test_public_statistics_show_counts_never_a_complaint(world, client):
    made = _cluster(world, n=4, noise=0)
    file(category="ebike", problem="performance", description="续航比标称短一半以上")
    page = client.get("/complaints/statistics/").content.decode()
    assert "鼓包冒烟" not in page and "续航" not in page
    assert not any(c.code in page for c in made)
    s = selectors.public_statistics(today=date(2026, 12, 3))
    assert s["total"] == 5
    rows = {r["code"]: r for r in s["table"]}
    assert rows["battery"]["cells"][0] == 4  # safety
    assert rows["ebike"]["cells"][1] is None  # one complaint: suppressed
    api = client.get("/api/complaints/statistics").json()
    assert "description" not in str(api) and made[0].code not in str(api)
    assert client.get("/api/complaints/complaints").status_code == 401


def test_a_cluster_becomes_a_warning_confirmed_published_and_counted_in_credit(world, client_for):
    from qualitas.core.providers import collect_credit, indicator_sources

    made = _cluster(world)
    for c in made:
        services.complaint_route(
            actor=_actor(world, "authority"),
            complaint=c,
            enterprise_id=world.ent_a.pk,
            today=date(2026, 11, 30),
        )
    assert services.warnings_detect(as_of=date(2026, 11, 30)) == 1
    assert services.warnings_detect(as_of=date(2026, 11, 30)) == 0  # once per cell and window
    w = ProblemWarning.objects.get()
    assert (w.category, w.region_id, w.problem, w.size) == ("battery", "330100", "safety", 12)
    assert set(w.evidence.values_list("pk", flat=True)) == {c.pk for c in made}
    # proposed: the region's officer and admins see it with its evidence; the public does not
    assert client_for("public").get(f"/complaints/warnings/{w.pk}/").status_code == 404
    assert (
        client_for("other_enterprise").get(f"/complaints/desk/warnings/{w.pk}/").status_code == 404
    )
    page = client_for("authority").get(f"/complaints/desk/warnings/{w.pk}/").content.decode()
    assert made[0].code in page
    officer = _actor(world, "authority")
    with pytest.raises(DomainError) as e:
        services.warning_decide(actor=officer, warning=w, action="publish", summary="x" * 20)
    assert e.value.field == "action"
    services.warning_decide(actor=officer, warning=w, action="confirm")
    with pytest.raises(DomainError) as e:
        services.warning_decide(actor=officer, warning=w, action="publish", summary="")
    assert e.value.field == "summary"
    services.warning_decide(
        actor=officer,
        warning=w,
        action="publish",
        summary="多起移动电源充电发烫鼓包投诉，请停止使用并联系经营者。",
    )
    assert w.status == WarningStatus.PUBLISHED
    public = client_for("public").get(f"/complaints/warnings/{w.pk}/").content.decode()
    assert "停止使用" in public and made[0].code not in public and "差点起火" not in public
    # credit: 12 complaints, none answered, all in a confirmed warning
    factor = next(
        f for f in collect_credit(world.ent_a.pk, date(2026, 12, 3)) if f.key == "complaints"
    )
    assert factor.value == 0.0 and "12" in str(factor.explanation)
    frame = indicator_sources()["complaint_problem_share"].source(["2026Q4"])
    row = frame[frame["enterprise"] == world.ent_a.pk].iloc[0]
    assert (row["num"], row["den"]) == (12.0, 12.0)
    assert "warning_publish" in " ".join(
        AuditEntry.objects.filter(model="complaints.problemwarning").values_list(
            "action", flat=True
        )
    )
