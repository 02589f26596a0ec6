"""The laboratory register: the rules of an entry, the public register searched by standard and
test method, drafts kept from the public, officers limited to their regions."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from qualitas.core.access import NotFound, actor_for
from qualitas.registers import services
from qualitas.registers.models import Laboratory
from tests.registers.factories import BATTERY_ITEMS, lab_data, make_lab

pytestmark = pytest.mark.django_db


def _save(world, **over):
    return services.laboratory_save(
        actor=actor_for(world.users["authority"]), data=lab_data(**over), items=BATTERY_ITEMS
    )


def test_published_laboratory_is_found_by_standard_and_method(world, client):
    make_lab(world, items=BATTERY_ITEMS[:2])
    make_lab(world, code="ZJ-LAB-2", name_zh="宁波电磁兼容实验室", items=[BATTERY_ITEMS[2]])
    page = client.get("/registers/laboratories/", {"q": "9.4条"}).content.decode()
    assert "浙江省电池质量检验中心" in page and "宁波电磁兼容实验室" not in page
    page = client.get("/registers/laboratories/", {"q": "GB/T 9254.1"}).content.decode()
    assert "宁波电磁兼容实验室" in page and "浙江省电池质量检验中心" not in page


def test_draft_stays_out_of_the_public_register(world, client, client_for):
    lab = make_lab(world, publish=False)
    assert "浙江省电池质量检验中心" not in client.get("/registers/laboratories/").content.decode()
    assert client.get(f"/registers/laboratories/{lab.pk}/").status_code == 404
    assert client_for("authority").get(f"/registers/laboratories/{lab.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        (
            {"cma_no": "12345", "cnas_no": ""},
            "cma_no",
            "The CMA certificate number has twelve digits: 12345 does not.",
        ),
        (
            {"cma_no": "", "cnas_no": ""},
            "cma_no",
            "Give the CMA certificate number or the CNAS accreditation number.",
        ),
        (
            {"cnas_no": "X99"},
            "cnas_no",
            "The CNAS accreditation number reads like CNAS L1234: X99 does not.",
        ),
        (
            {"cma_valid_until": None},
            "cma_valid_until",
            "Give the date until which the accreditation is valid.",
        ),
        ({"region": "440100"}, "region", "Region 440100 is outside the regions you keep."),
        (
            {"reassessment_due": date(2029, 1, 1)},
            "reassessment_due",
            "The re-assessment is due after the CMA certificate expires.",
        ),
    ],
)
def test_refusals_name_the_field(world, over, field, message):
    with pytest.raises(services.RegisterError) as err:
        _save(world, **over)
    assert err.value.field == field
    with translation.override("en"):
        assert str(err.value) == message
    assert not Laboratory.objects.exists()


def test_test_item_without_standard_is_refused_by_row(world):
    items = [BATTERY_ITEMS[0], {"name_zh": "跌落", "standard": "", "method": ""}]
    with pytest.raises(services.RegisterError) as err:
        services.laboratory_save(
            actor=actor_for(world.users["authority"]), data=lab_data(), items=items
        )
    assert (err.value.field, err.value.row) == ("items", 2)
    with translation.override("en"):
        assert str(err.value) == "Test item 2 (跌落) names no standard."
    assert not Laboratory.objects.exists()


def test_officer_form_creates_and_the_number_is_normalised(world, client_for):
    c = client_for("authority")
    data = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in lab_data().items()}
    data["items"] = "过充电保护 | GB 31241-2022 | GB 31241-2022 第9.2条 | Overcharge protection"
    r = c.post("/registers/desk/laboratories/new/", data)
    assert r.status_code == 302
    lab = Laboratory.objects.get()
    assert lab.cnas_no == "CNAS L1234"
    assert [(i.name_zh, i.name_en) for i in lab.items.all()] == [
        ("过充电保护", "Overcharge protection")
    ]
    r = c.post(f"/registers/laboratories/{lab.pk}/", {"action": "publish"})
    assert r.status_code == 302
    assert client_for("public").get(f"/registers/laboratories/{lab.pk}/").status_code == 200


def test_assessment_moves_the_schedule(world):
    lab = make_lab(world)
    actor = actor_for(world.users["authority"])
    services.lab_assessment_record(
        actor=actor,
        lab=lab,
        kind="cnas",
        assessed_on=date(2026, 11, 2),
        result="conditional",
        next_due=date(2027, 11, 1),
    )
    lab.refresh_from_db()
    assert lab.reassessment_due == date(2027, 11, 1)
    with translation.override("en"):
        assert lab.assessments.get().get_result_display() == "Passed with corrective actions"


def test_officer_of_another_province_cannot_touch_it(world):
    from tests.factories import make_user

    lab = make_lab(world)
    gd = make_user("gd-officer", role="authority", regions=["440000"])
    with pytest.raises(NotFound):
        services.laboratory_publish(actor=actor_for(gd), lab=lab)


def test_api_searches_and_officer_enters(world, client_for):
    make_lab(world, items=BATTERY_ITEMS[:2])
    got = client_for("public").get("/api/registers/laboratories", {"q": "31241"}).json()
    assert [lab["code"] for lab in got] == ["ZJ-LAB-1"]
    assert got[0]["cnas_no"] == "CNAS L1234"
    payload = {**lab_data(code="ZJ-LAB-9", cma_no="1"), "items": BATTERY_ITEMS[:1]}
    payload = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in payload.items()}
    r = client_for("authority").post(
        "/api/registers/laboratories", payload, content_type="application/json"
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] == "cma_no"
    payload["cma_no"] = "221112050999"
    r = client_for("authority").post(
        "/api/registers/laboratories", payload, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["status"] == "draft"
