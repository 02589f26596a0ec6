"""Standards self-declaration: numbers, checks on hand-worked cases, publication, access."""

from __future__ import annotations

import pytest
from django.utils import translation

from qualitas.core.access import actor_for
from qualitas.standards import codes
from qualitas.standards.services import IndicatorInput, StandardsError
from tests.standards.factories import declare, mandatory_limit


@pytest.mark.parametrize(
    ("text", "code", "kind", "mandatory"),
    [
        ("GB/T 1234-2020", "GB/T 1234-2020", "national", False),
        ("gb／t1234.1－2020", "GB/T 1234.1-2020", "national", False),
        ("GB 31241-2022", "GB 31241-2022", "national", True),
        ("QB/T 1234-2018", "QB/T 1234-2018", "industry", False),
        ("YY 0505-2012", "YY 0505-2012", "industry", True),
        ("DB33/T 123-2021", "DB33/T 123-2021", "local", False),
        ("T/CZGX 001-2022", "T/CZGX 001-2022", "group", False),
        ("Q/HZXF001-2024", "Q/HZXF 001-2024", "enterprise", False),
        ("Q/330106 ABC 002-2023", "Q/330106 ABC 002-2023", "enterprise", False),
        ("IEC 62133-2:2017", "IEC 62133-2:2017", "international", False),
    ],
)
def test_standard_numbers_are_normalised_and_classified(text, code, kind, mandatory) -> None:
    parsed = codes.parse(text, max_year=2027)
    assert parsed is not None
    assert (parsed.code, parsed.kind, parsed.mandatory) == (code, kind, mandatory)


@pytest.mark.parametrize(
    "text", ["GB/T 1234", "GB 1234-1890", "Q/ 001-2020", "XYZ/T 1-2020", "GB/T 1234-20"]
)
def test_malformed_numbers_are_refused(text) -> None:
    assert codes.parse(text, max_year=2027) is None


@pytest.mark.django_db
def test_a_published_declaration_is_public_with_its_standards(world, client_for) -> None:
    d = declare(world, standards=["GB 31241-2022", "gb/t 35590-2017"])
    assert [s.code for s in d.standards.order_by("code")] == ["GB 31241-2022", "GB/T 35590-2017"]
    page = client_for("public").get(f"/standards/declarations/{d.pk}/").content.decode()
    assert "GB/T 35590-2017" in page and "锂离子电池A1" in page
    found = client_for("public").get("/standards/?q=35590").content.decode()
    assert f"/standards/declarations/{d.pk}/" in found


@pytest.mark.django_db
def test_a_draft_is_seen_by_its_enterprise_and_officer_not_the_public(world, client_for) -> None:
    d = declare(world, publish=False)
    url = f"/standards/declarations/{d.pk}/"
    assert client_for("public").get(url).status_code == 404
    assert client_for("other_enterprise").get(url).status_code == 404
    assert client_for("enterprise").get(url).status_code == 200
    assert (
        client_for("authority").get(url).status_code == 200
    )  # Zhejiang officer, ent_a in Hangzhou
    assert url not in client_for("public").get("/standards/").content.decode()


@pytest.mark.django_db
def test_publishing_a_new_version_supersedes_the_old(world) -> None:
    first = declare(world)
    second = declare(world, standards=["GB 31241-2022", "GB/T 35590-2017"])
    first.refresh_from_db()
    assert (first.version, first.status) == (1, "superseded")
    assert (second.version, second.status) == (2, "published")


@pytest.mark.django_db
def test_another_enterprise_cannot_declare_for_a_product(world) -> None:
    from qualitas.standards import services

    with pytest.raises(StandardsError) as err:
        services.declaration_create(
            actor=actor_for(world.users["other_enterprise"]),
            product_id=world.ent_a.products.get().pk,
            standards=["GB 31241-2022"],
        )
    assert err.value.field == "product"


@pytest.mark.django_db
def test_a_malformed_number_names_the_field(world) -> None:
    with pytest.raises(StandardsError) as err:
        declare(world, standards=["GB/T 1234"])
    assert err.value.field == "standards" and "GB/T 1234" in str(err.value)


@pytest.mark.django_db
def test_a_replaced_standard_is_refused_naming_the_new_one(world) -> None:
    from qualitas.standards.models import Standard

    new = Standard.objects.create(code="GB 31241-2022", kind="national", mandatory=True)
    Standard.objects.create(
        code="GB 31241-2014", kind="national", mandatory=True, status="replaced", replaced_by=new
    )
    with pytest.raises(StandardsError) as err:
        declare(world, standards=["GB 31241-2014"])
    assert "GB 31241-2022" in str(err.value)


@pytest.mark.django_db
def test_an_enterprise_standard_needs_its_core_indicators(world) -> None:
    with pytest.raises(StandardsError) as err:
        declare(world, standards=["Q/HZXF 001-2024"])
    assert err.value.field == "indicators" and "Q/HZXF 001-2024" in str(err.value)


def _row(**kw):
    base = {
        "name_zh": "表面温升",
        "key": "surface-temperature",
        "unit": "°C",
        "limit_kind": "max",
        "value": "55",
        "safety": True,
    }
    base.update(kw)
    return IndicatorInput(**base)


@pytest.mark.django_db
def test_a_declared_limit_stricter_than_the_mandatory_one_is_accepted(world) -> None:
    mandatory_limit(value="60")
    d = declare(
        world, standards=["GB 31241-2022", "Q/HZXF 001-2024"], indicators=[_row(value="55")]
    )
    ind = d.indicators.get()
    assert (ind.key, ind.value, ind.safety) == ("surface-temperature", 55, True)


@pytest.mark.django_db
def test_a_limit_looser_than_the_mandatory_one_is_refused_naming_the_row(world) -> None:
    mandatory_limit(value="60")
    with pytest.raises(StandardsError) as err:
        declare(
            world,
            standards=["Q/HZXF 001-2024"],
            indicators=[
                _row(
                    key="capacity",
                    name_zh="容量",
                    unit="mAh",
                    limit_kind="min",
                    value="1000",
                    safety=False,
                ),
                _row(value="61"),
            ],
        )
    assert err.value.row == 2
    with translation.override("en"):
        assert str(err.value) == (
            "row 2: 表面温升 ≤ 61 °C is less strict than the mandatory GB 31241-2022 (≤ 60 °C)"
        )
    with translation.override("zh-hans"):
        assert (
            str(err.value)
            == "第 2 行：表面温升 ≤ 61 °C 低于强制性标准 GB 31241-2022 的要求（≤ 60 °C）"
        )


@pytest.mark.django_db
def test_units_are_converted_before_the_strictness_check(world) -> None:
    # mandatory: mass at most 1.5 kg; declared 1480 g (stricter) passes, 1520 g (looser) fails
    mandatory_limit(key="mass", name_zh="质量", unit="kg", value="1.5", safety=False)
    declare(
        world,
        standards=["Q/HZXF 001-2024"],
        indicators=[_row(key="mass", name_zh="质量", unit="g", value="1480")],
    )
    with pytest.raises(StandardsError) as err:
        declare(
            world,
            standards=["Q/HZXF 001-2024"],
            indicators=[_row(key="mass", name_zh="质量", unit="g", value="1520")],
        )
    with translation.override("en"):
        assert "1520 g" in str(err.value) and "1.5 kg" in str(err.value)


@pytest.mark.django_db
def test_units_that_do_not_convert_are_refused(world) -> None:
    mandatory_limit(
        key="capacity", name_zh="容量", unit="Wh", limit_kind="min", value="10", safety=False
    )
    with pytest.raises(StandardsError) as err:
        declare(
            world,
            standards=["Q/HZXF 001-2024"],
            indicators=[
                _row(key="capacity", name_zh="容量", unit="mAh", limit_kind="min", value="5000")
            ],
        )
    with translation.override("en"):
        assert "mAh cannot be converted to Wh" in str(err.value)
    with pytest.raises(StandardsError) as err:
        declare(world, standards=["Q/HZXF 001-2024"], indicators=[_row(unit="furlong")])
    assert "furlong" in str(err.value) and err.value.row == 1


@pytest.mark.django_db
def test_the_declare_page_saves_and_shows_the_refusal(world, client_for) -> None:
    mandatory_limit(value="60")
    c = client_for("enterprise")
    c.cookies["django_language"] = "en"
    product = world.ent_a.products.get().pk
    form = {
        "product": product,
        "standards": "GB 31241-2022; Q/HZXF 001-2024",
        "publish": "on",
        "ind-TOTAL_FORMS": "1",
        "ind-INITIAL_FORMS": "0",
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "40",
        "ind-0-name_zh": "表面温升",
        "ind-0-key": "surface-temperature",
        "ind-0-limit_kind": "max",
        "ind-0-value": "65",
        "ind-0-unit": "°C",
        "ind-0-safety": "on",
    }
    refused = c.post("/standards/mine/new/", form)
    assert refused.status_code == 200
    assert "less strict than the mandatory GB 31241-2022" in refused.content.decode()
    form["ind-0-value"] = "58"
    saved = c.post("/standards/mine/new/", form)
    assert saved.status_code == 302
    page = c.get(saved["Location"]).content.decode()
    assert "Q/HZXF 001-2024" in page and "≤ 58 °C" in page
