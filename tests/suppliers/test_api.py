"""The supplier-quality API (/api/suppliers/): suppliers, parts, lots with results, audits, 8D and
scorecards; bad input refused with the field named (the services' rules, as on the pages); each
role sees what it may (customer, supplier, authority, another enterprise, the public); token
scopes."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from qualitas.core.access import actor_for
from qualitas.core.tokens import token_create
from qualitas.suppliers import services
from qualitas.suppliers.models import CorrectiveAction, IncomingLot, Supplier
from tests.factories import make_user
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def post(c, url, body):
    return c.post(url, data=json.dumps(body), content_type="application/json", **EN)


def refusal(r) -> tuple[int, str]:
    detail = r.json()["detail"]
    return r.status_code, (detail[0]["loc"][-1] if isinstance(detail, list) else "")


def test_customer_enters_a_lot_and_its_result_and_opens_an_8d(world, client_for):
    c = client_for("enterprise")
    r = post(c, "/api/suppliers/suppliers", {"code": "S-9", "credit_code": world.ent_b.credit_code})
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    assert r.json()["enterprise_id"] == world.ent_b.pk
    r = post(
        c,
        f"/api/suppliers/suppliers/{sid}/parts",
        {"part_number": "P-1", "name": "壳体", "aql": "1.0", "level": "II"},
    )
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    r = post(
        c,
        f"/api/suppliers/parts/{pid}/lots",
        {
            "lot_number": "L-1",
            "lot_size": "1000",
            "received_on": "2026-03-02",
            "due_on": "2026-03-01",
        },
    )
    assert r.status_code == 201, r.content
    lot = r.json()
    # GB/T 2828.1: N 1000, level II → J; AQL 1.0 normal → n 80, Ac 2, Re 3
    assert (lot["code_letter"], lot["sample_size"], lot["accept_number"], lot["reject_number"]) == (
        "J", 80, 2, 3,
    )  # fmt: skip
    assert lot["due_on"] == "2026-03-01" and lot["decision"] == "pending"
    r = post(c, f"/api/suppliers/lots/{lot['id']}/result", {"nonconforming": "3"})
    assert r.status_code == 200 and r.json()["decision"] == "rejected"
    r = post(
        c,
        f"/api/suppliers/suppliers/{sid}/actions",
        {"source": "rejected_lot", "lot_id": lot["id"]},
    )
    assert r.status_code == 201, r.content
    assert r.json()["title"] == "P-1 L-1: 3/80" and r.json()["status"] == "open"
    assert [x["id"] for x in c.get("/api/suppliers/lots?decision=rejected").json()] == [lot["id"]]


@pytest.mark.parametrize(
    ("what", "field"),
    [
        ("lot size 0", "lot_size"),
        ("AQL not in the table", "aql"),
        ("result above n", "nonconforming"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(world, client_for, what, field):
    c = client_for("enterprise")
    part = supplier_with_part(world, aql="1.0")
    if what == "lot size 0":
        r = post(c, f"/api/suppliers/parts/{part.pk}/lots", {"lot_number": "L0", "lot_size": "0"})
        assert not IncomingLot.objects.exists()
    elif what == "AQL not in the table":
        r = post(
            c,
            f"/api/suppliers/suppliers/{part.supplier_id}/parts",
            {"part_number": "P-2", "name": "x", "aql": "0.7"},
        )
    else:
        lot = services.lot_receive(
            actor=customer_actor(world), part=part, lot_number="L1", lot_size=1000
        )
        r = post(c, f"/api/suppliers/lots/{lot.pk}/result", {"nonconforming": "81"})
        lot.refresh_from_db()
        assert lot.decision == "pending"
    assert refusal(r) == (422, field), r.content
    assert r.json()["detail"][0]["msg"]


def _lot_rejected_with_8d(world):
    actor = customer_actor(world)
    part = supplier_with_part(world)
    lot = services.lot_receive(actor=actor, part=part, lot_number="L1", lot_size=1000)
    lot = services.lot_record_result(actor=actor, lot=lot, nonconforming=5)
    return lot, services.action_open_from_lot(actor=actor, lot=lot)


def test_8d_through_the_api_closed_only_after_verification(world, client_for):
    lot, ca = _lot_rejected_with_8d(world)
    make_user("sup_b", "enterprise", enterprise=world.ent_b)
    from django.test import Client

    sup = Client()
    sup.force_login(make_user("sup_b2", "enterprise", enterprise=world.ent_b))
    cust = client_for("enterprise")
    url = f"/api/suppliers/actions/{ca.pk}"
    # closing before verification: refused, the field named
    assert refusal(post(cust, f"{url}/close", {"note": "done"})) == (422, "verification")
    # the supplier works D1–D7 (D4 needs the whys and the category)
    r = post(sup, f"{url}/disciplines", {"discipline": 4, "owner": "张工", "text": "x"})
    assert refusal(r) == (422, "discipline")
    for d in range(1, 8):
        body = {"discipline": d, "owner": "张工", "text": f"D{d}"}
        if d == 4:
            body |= {"whys": ["毛刺", "刀具磨损"], "cause_category": "machine"}
        r = post(sup, f"{url}/disciplines", body)
        assert r.status_code == 200, r.content
    assert r.json()["status"] == "verification"
    # the supplier cannot verify nor close its own 8D
    assert post(sup, f"{url}/verify", {"effective": True, "note": "x"}).status_code == 403
    assert refusal(post(cust, f"{url}/close", {"note": "done"})) == (422, "verification")
    r = post(cust, f"{url}/verify", {"effective": True, "note": "三批复检无毛刺"})
    assert r.status_code == 200 and r.json()["effective"] is True
    r = post(cust, f"{url}/close", {"note": "done"})
    assert r.status_code == 200 and r.json()["status"] == "closed" and r.json()["step"] == 8


def test_audit_planned_answered_and_completed_through_the_api(world, client_for):
    part = supplier_with_part(world)
    c = client_for("enterprise")
    r = post(
        c,
        f"/api/suppliers/suppliers/{part.supplier_id}/audits",
        {"planned_on": "2026-01-10", "lead_auditor": "李审核"},
    )
    assert r.status_code == 201, r.content
    audit = r.json()
    numbers = [a["number"] for a in audit["answers"]]
    r = post(
        c,
        f"/api/suppliers/audits/{audit['id']}/answers",
        {"answers": {numbers[0]: {"scores": "7"}}},
    )
    assert refusal(r) == (422, f"q-{numbers[0]}")
    answers = {n: {"scores": "10"} for n in numbers}
    answers[numbers[0]] = {"scores": "8", "finding": "记录不全", "evidence": "照片 12"}
    r = post(
        c,
        f"/api/suppliers/audits/{audit['id']}/answers",
        {"answers": answers, "complete": True, "performed_on": "2026-01-10"},
    )
    assert r.status_code == 200, r.content
    done = r.json()
    assert done["status"] == "completed" and done["final_class"] == "A"
    assert done["answers"][0]["finding"] == "记录不全"


def test_each_role_sees_what_it_may(world, client_for):
    """Customer (ent_a) reads and writes; the supplier (ent_b) reads its own records — its lot,
    its audits, its 8D — and nothing of another supplier of the same customer; another enterprise
    (ent_c) sees nothing; Zhejiang's officer reads; the public is asked to authenticate."""
    lot, ca = _lot_rejected_with_8d(world)
    actor = customer_actor(world)
    services.audit_plan(
        actor=actor, supplier=lot.part.supplier, planned_on=lot.received_on, lead_auditor="李"
    )
    other = services.supplier_create(actor=actor, customer=world.ent_a, code="EXT", name="外部供方")
    other_part = services.part_create(
        actor=actor, supplier=other, part_number="X-1", name="x", aql="1.0"
    )
    services.lot_receive(actor=actor, part=other_part, lot_number="X-L1", lot_size=50)
    services.audit_plan(actor=actor, supplier=other, planned_on=lot.received_on, lead_auditor="李")
    from django.test import Client

    sup = Client()
    sup.force_login(make_user("sup_b", "enterprise", enterprise=world.ent_b))

    def ids(c, path):
        r = c.get(f"/api/suppliers/{path}")
        return r.status_code, sorted(x["id"] for x in r.json()) if r.status_code == 200 else None

    mine = lot.part.supplier
    everything = sorted([mine.pk, other.pk])
    assert ids(client_for("enterprise"), "suppliers") == (200, everything)
    assert ids(sup, "suppliers") == (200, [mine.pk])
    assert ids(sup, "lots") == (200, [lot.pk])
    assert ids(sup, "audits") == (200, sorted(mine.audits.values_list("pk", flat=True)))
    assert ids(sup, "actions") == (200, [ca.pk])
    assert sup.get(f"/api/suppliers/suppliers/{other.pk}").status_code == 404
    assert sup.get(f"/api/suppliers/parts/{other_part.pk}").status_code == 404
    # the supplier reads, but does not enter results nor add parts at its customer
    assert post(
        sup, f"/api/suppliers/lots/{lot.pk}/result", {"nonconforming": "0"}
    ).status_code in (403, 404, 422)
    assert (
        post(
            sup,
            f"/api/suppliers/suppliers/{mine.pk}/parts",
            {"part_number": "Z", "name": "z", "aql": "1.0"},
        ).status_code
        == 403
    )
    assert ids(client_for("other_enterprise"), "suppliers") == (200, [])
    assert ids(client_for("other_enterprise"), "lots") == (200, [])
    assert client_for("other_enterprise").get(f"/api/suppliers/lots/{lot.pk}").status_code == 404
    assert ids(client_for("authority"), "suppliers") == (200, everything)
    officer = client_for("authority")
    assert (
        post(
            officer, f"/api/suppliers/actions/{ca.pk}/verify", {"effective": True, "note": "x"}
        ).status_code
        == 403
    )
    assert client_for("public").get("/api/suppliers/suppliers").status_code == 401
    # scorecards are the customer's own
    assert client_for("authority").get("/api/suppliers/scorecards").status_code == 404
    assert [c["supplier_id"] for c in sup.get("/api/suppliers/scorecards").json()] == []


def test_token_needs_the_suppliers_scope(world, client):
    supplier_with_part(world)
    actor = actor_for(world.users["enterprise"])
    _, read = token_create(actor=actor, name="r", scopes=["suppliers:read"])
    _, other = token_create(actor=actor, name="o", scopes=["registry:read"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {read}", **EN}
    assert client.get("/api/suppliers/suppliers", **auth).status_code == 200
    r = client.get("/api/suppliers/suppliers", HTTP_AUTHORIZATION=f"Bearer {other}", **EN)
    assert r.status_code == 403 and "suppliers:read" in r.json()["detail"]
    r = client.post("/api/suppliers/suppliers", data="{}", content_type="application/json", **auth)
    assert r.status_code == 403 and "suppliers:write" in r.json()["detail"]


def test_scorecards_and_classes_through_the_api(world, client_for):
    actor = customer_actor(world)
    part = supplier_with_part(world, aql="1.0")
    from datetime import date

    for i, d in enumerate([0, 5, 5]):
        lot = services.lot_receive(
            actor=actor, part=part, lot_number=f"L{i}", lot_size=1000, received_on=date(2026, 2, 1)
        )
        services.lot_record_result(actor=actor, lot=lot, nonconforming=d)
    c = client_for("enterprise")
    q = "start=2026-01-01&end=2026-12-31"
    (card,) = c.get(f"/api/suppliers/scorecards?{q}").json()
    assert (card["lots"], card["rejected"], card["score_class"]) == (3, 2, "C")
    r = c.get(f"/api/suppliers/scorecards?{q}&w_ppm=-1")
    assert refusal(r) == (422, "w_ppm")
    r = c.get(f"/api/suppliers/scorecards?{q}&a=60&b=70")
    assert refusal(r) == (422, "b")
    r = post(
        c,
        "/api/suppliers/scorecards/apply-classes",
        {"start": "2026-01-01", "end": "2026-12-31", "classes": {"A": "blocked"}},
    )
    assert refusal(r) == (422, "classes")
    r = post(
        c,
        "/api/suppliers/scorecards/apply-classes",
        {"start": "2026-01-01", "end": "2026-12-31", "classes": {"C": "blocked"}},
    )
    assert r.status_code == 200 and r.json() == [
        {"supplier_id": part.supplier_id, "code": "S-001", "before": "approved", "after": "blocked"}
    ]
    assert Supplier.objects.get(pk=part.supplier_id).status == "blocked"
    assert not CorrectiveAction.objects.exists()


def _sheet(rows) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_results_imported_from_xlsx_all_or_nothing(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    actor = customer_actor(world)
    part = supplier_with_part(world, aql="1.0")
    for n in ("L1", "L2"):
        services.lot_receive(actor=actor, part=part, lot_number=n, lot_size=1000)
    c = client_for("enterprise")

    def upload(rows):
        f = SimpleUploadedFile("r.xlsx", _sheet(rows))
        return c.post("/api/suppliers/lots/results", {"file": f}, **EN)

    header = ["供应商代码", "零件号", "批号", "不合格品数"]
    # row 3 above the sample size (n 80): the whole file refused, its row and field named
    r = upload([header, ["S-001", "P-100", "L1", 0], ["S-001", "P-100", "L2", 81]])
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-2:] == [3, "nonconforming"]
    assert not IncomingLot.objects.exclude(decision="pending").exists()
    r = upload([header, ["S-001", "P-100", "L9", 0]])
    assert r.json()["detail"][0]["loc"][-2:] == [2, "lot_number"]
    r = upload([["lot", "x"], ["L1", 0]])
    assert r.json()["detail"][0]["loc"][-2:] == [1, "file"]
    r = upload([header, ["S-001", "P-100", "L2", 3], ["S-001", "P-100", "L1", 0]])
    assert r.status_code == 200, r.content
    # decided in the order received: L1 accepted, L2 rejected
    assert [(x["lot_number"], x["decision"]) for x in r.json()] == [
        ("L1", "accepted"),
        ("L2", "rejected"),
    ]
    # a supplier's user cannot import at its customer
    from django.test import Client

    sup = Client()
    sup.force_login(make_user("sup_b", "enterprise", enterprise=world.ent_b))
    f = SimpleUploadedFile("r.xlsx", _sheet([header, ["S-001", "P-100", "L1", 0]]))
    assert sup.post("/api/suppliers/lots/results", {"file": f}).status_code in (403, 422)


def test_results_imported_on_the_page(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    actor = customer_actor(world)
    part = supplier_with_part(world, aql="1.0")
    services.lot_receive(actor=actor, part=part, lot_number="L1", lot_size=1000)
    c = client_for("enterprise")
    bad = SimpleUploadedFile(
        "r.xlsx",
        _sheet(
            [
                ["supplier_code", "part_number", "lot_number", "nonconforming"],
                ["S-001", "P-100", "L1", 99],
            ]
        ),
    )
    r = c.post("/suppliers/", {"action": "results", "file": bad}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200 and "row 2" in r.content.decode()
    good = SimpleUploadedFile(
        "r.xlsx",
        _sheet(
            [
                ["supplier_code", "part_number", "lot_number", "nonconforming"],
                ["S-001", "P-100", "L1", 1],
            ]
        ),
    )
    r = c.post("/suppliers/", {"action": "results", "file": good})
    assert r.status_code == 302
    assert IncomingLot.objects.get().decision == "accepted"


CHECKLIST = (
    "number,element,sub_element,star,text_en,text_zh\n"
    "1,P5,,1,Supplier approved?,供方是否经批准？\n2,P5,,0,Records kept?,记录是否保存？\n"
    "3,P6,6.1,0,Inputs released?,输入是否放行？\n4,P6,6.1,0,Work instructions?,作业指导书是否齐全？\n"
)


def test_customer_specific_checklist_imported_versioned_and_used(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    part = supplier_with_part(world)
    c = client_for("enterprise")

    def upload(text):
        f = SimpleUploadedFile("c.csv", text.encode())
        return c.post(
            "/api/suppliers/checklists", {"code": "oem", "name": "主机厂审核", "file": f}, **EN
        )

    bad = CHECKLIST.replace("3,P6,6.1", "3,P9,6.1")
    r = upload(bad)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-2:] == [4, "element"]
    v1, v2 = upload(CHECKLIST).json(), upload(CHECKLIST).json()
    assert (v1["version"], v2["version"], v2["questions"]) == (1, 2, 4)
    listed = {(x["code"], x["version"]) for x in c.get("/api/suppliers/checklists").json()}
    assert {("oem", 1), ("oem", 2), ("process-audit", 1)} <= listed
    # another enterprise neither sees nor uses it
    other = client_for("other_enterprise").get("/api/suppliers/checklists").json()
    assert "oem" not in {x["code"] for x in other}
    r = post(
        c,
        f"/api/suppliers/suppliers/{part.supplier_id}/audits",
        {"planned_on": "2026-01-10", "lead_auditor": "李", "checklist_id": v2["id"]},
    )
    assert r.status_code == 201 and r.json()["template"] == "oem v2"
    assert [a["number"] for a in r.json()["answers"]] == ["1", "2", "3", "4"]


def test_checklist_imported_on_the_page_and_chosen_when_planning(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    part = supplier_with_part(world)
    c = client_for("enterprise")
    f = SimpleUploadedFile("c.csv", CHECKLIST.encode())
    r = c.post("/suppliers/", {"action": "checklist", "code": "oem", "name": "主机厂", "file": f})
    assert r.status_code == 302
    from qualitas.suppliers.models import AuditTemplate

    t = AuditTemplate.objects.get(code="oem")
    r = c.post(
        f"/suppliers/{part.supplier_id}/",
        {"action": "audit", "planned_on": "2026-01-10", "lead_auditor": "李", "checklist": t.pk},
    )
    assert r.status_code == 302
    assert part.supplier.audits.get().template_id == t.pk
