"""The registry's access policies and the one region filter (any level: province, city, county)."""

from __future__ import annotations

import pytest

from qualitas.core.access import (
    Actor,
    may_import_row,
    may_place_enterprise_in,
    region_within,
)

ZHEJIANG = Actor(user=None, role="authority", region_codes=("330000",))
HANGZHOU = Actor(user=None, role="authority", region_codes=("330100",))
ADMIN = Actor(user=None, role="admin")
ENTERPRISE = Actor(user=None, role="enterprise", enterprise_id=1)


def test_region_within_a_province_or_a_city():
    assert region_within("330106", "330000") and region_within("330106", "330100")
    assert not region_within("330206", "330100") and not region_within("", "330000")


def test_a_county_contains_only_itself():
    """A county officer (330106 西湖区) covers that county, not its whole city (330100 杭州市)."""
    from qualitas.core.access import covers_region, region_prefix

    assert [region_prefix(c) for c in ("330000", "330100", "330106")] == ["33", "3301", "330106"]
    assert region_within("330106", "330106") and not region_within("330102", "330106")
    county = Actor(user=None, role="authority", region_codes=("330106",))
    assert covers_region(county, "330106") and not covers_region(county, "330102")


def test_where_enterprises_may_be_put_and_imported():
    assert may_place_enterprise_in(ZHEJIANG, "330200")
    assert not may_place_enterprise_in(ZHEJIANG, "440300")
    assert may_place_enterprise_in(HANGZHOU, "330100")
    assert not may_place_enterprise_in(HANGZHOU, "330200")
    assert may_place_enterprise_in(ADMIN, "440300") and may_place_enterprise_in(
        ENTERPRISE, "440300"
    )
    assert may_import_row(ADMIN, "440300") and may_import_row(ZHEJIANG, "330100")
    assert not may_import_row(ZHEJIANG, "440300")
    assert not may_import_row(ENTERPRISE, "330100")  # enterprises do not import at all


@pytest.mark.django_db
def test_institutions_filter_by_province_or_city(world, client_for):
    from qualitas.registry.models import Institution

    Institution.objects.create(
        kind="bank", name_zh="宁波示例银行", name_en="Ningbo Example Bank", region_id="330200"
    )
    c = client_for("public")
    province = c.get("/institutions/", {"region": "330000"}).content.decode()
    assert "浙江评价中心" in province and "宁波示例银行" in province
    city = c.get("/institutions/", {"region": "330200"}).content.decode()
    assert "宁波示例银行" in city and "浙江评价中心" not in city


@pytest.mark.django_db
def test_authority_is_offered_only_its_regions_and_sees_the_register_button(world, client_for):
    officer = client_for("authority")
    assert 'data-testid="register"' in officer.get("/enterprises/").content.decode()
    assert (
        'data-testid="register"'
        not in client_for("enterprise").get("/enterprises/").content.decode()
    )
    choices = [
        c for c, _ in officer.get("/enterprises/new/").context["form"].fields["region"].choices
    ]
    assert "330200" in choices and "440300" not in choices


@pytest.mark.django_db
def test_a_city_code_filters_the_list_page_api_and_export(world, client_for):
    """Issue 11 item 1: the map's drill-down opens the list with a city's code; the page, the
    API and the export hold only that city's enterprises (before, the page showed the country)."""
    c = client_for("public")
    page = c.get("/enterprises/", {"region": "330100"})
    assert page.context["form"].is_valid(), page.context["form"].errors
    html = page.content.decode()
    assert "杭州恒信电池有限公司" in html
    assert "宁波华达机械股份有限公司" not in html and "深圳锐创电子有限公司" not in html

    rows = c.get("/api/registry/enterprises", {"region": "330100"}).json()["items"]
    assert [r["name_zh"] for r in rows] == ["杭州恒信电池有限公司"]
    province = c.get("/api/registry/enterprises", {"region": "330000"}).json()["items"]
    assert {r["name_zh"] for r in province} == {"杭州恒信电池有限公司", "宁波华达机械股份有限公司"}

    response = c.get("/enterprises/export.csv", {"region": "330100"})
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "杭州恒信电池有限公司" in export and "宁波华达机械股份有限公司" not in export
