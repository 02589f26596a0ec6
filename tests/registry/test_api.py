"""The registry API as clients use it: search, profile, create, update, errors, exports."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from qualitas.core.models import AuditEntry
from tests.factories import credit_code

pytestmark = pytest.mark.django_db


def test_search_by_chinese_fragment_english_word_and_code(world, client):
    def names(q: str) -> list[str]:
        r = client.get("/api/registry/enterprises", {"q": q})
        assert r.status_code == 200
        return [i["name_zh"] for i in r.json()["items"]]

    assert names("恒信") == ["杭州恒信电池有限公司"]
    assert names("电池") == ["杭州恒信电池有限公司"]
    assert names("信电池有") == ["杭州恒信电池有限公司"]
    assert names("machinery") == ["宁波华达机械股份有限公司"]
    assert names("Ruichuang electronics") == ["深圳锐创电子有限公司"]
    assert names(world.ent_c.credit_code.lower()) == ["深圳锐创电子有限公司"]
    # bigrams present but not contiguous: 恒信 + 电池 exist, 信电 exists too, but 恒电 does not
    assert names("恒电") == []


def test_filters_sorting_and_pagination(world, client):
    r = client.get("/api/registry/enterprises", {"region": "330000", "sort": "-name"})
    body = r.json()
    assert body["count"] == 2
    assert [i["name_zh"] for i in body["items"]] == sorted(
        ["杭州恒信电池有限公司", "宁波华达机械股份有限公司"], reverse=True
    )
    assert client.get("/api/registry/enterprises", {"industry": "C38"}).json()["count"] == 1
    assert client.get("/api/registry/enterprises", {"industry": "C384"}).json()["count"] == 1
    assert client.get("/api/registry/enterprises", {"industry": "C"}).json()["count"] == 3
    assert client.get("/api/registry/enterprises", {"region": "330200"}).json()["count"] == 1
    assert client.get("/api/registry/enterprises", {"size_class": "large"}).json()["count"] == 1
    assert client.get("/api/registry/enterprises", {"page": 2}).status_code == 200


def test_profile_and_unknown_id(world, client):
    r = client.get(f"/api/registry/enterprises/{world.ent_a.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["credit_code"] == world.ent_a.credit_code
    assert body["products"][0]["standards"] == "GB 31241-2022"
    assert "contacts" not in body
    assert client.get("/api/registry/enterprises/999999").status_code == 404


def test_contacts_not_found_and_not_allowed_look_the_same(world, client_for):
    other = client_for("other_enterprise")
    refused = other.get(f"/api/registry/enterprises/{world.ent_a.pk}/contacts")
    missing = other.get("/api/registry/enterprises/999999/contacts")
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json()
    assert (
        client_for("enterprise")
        .get(f"/api/registry/enterprises/{world.ent_a.pk}/contacts")
        .status_code
        == 200
    )
    # the Zhejiang officer sees Hangzhou, not Shenzhen
    officer = client_for("authority")
    assert officer.get(f"/api/registry/enterprises/{world.ent_a.pk}/contacts").status_code == 200
    assert officer.get(f"/api/registry/enterprises/{world.ent_c.pk}/contacts").status_code == 404


def test_consent_grants_and_withdrawal_removes_access(world, client_for):
    from qualitas.core.access import actor_for
    from qualitas.core.services import consent_grant, consent_withdraw

    evaluator = world.users["evaluator"]
    url = f"/api/registry/enterprises/{world.ent_a.pk}/contacts"
    assert client_for("evaluator").get(url).status_code == 404
    consent = consent_grant(
        actor=actor_for(world.users["enterprise"]),
        enterprise_id=world.ent_a.pk,
        scope="contacts",
        grantee_institution_id=world.institution.pk,
    )
    evaluator._qualitas_actor = None
    assert client_for("evaluator").get(url).status_code == 200
    consent_withdraw(actor=actor_for(world.users["enterprise"]), consent=consent)
    assert client_for("evaluator").get(url).status_code == 404


def _payload(**overrides):
    data = {
        "credit_code": credit_code("330100"),
        "name_zh": "杭州新建电器有限公司",
        "name_en": "Hangzhou Xinjian Electric",
        "region": "330100",
        "industry": "C38",
        "size_class": "small",
    }
    data.update(overrides)
    return data


def test_create_is_audited_and_bad_input_names_the_field(world, client_for):
    officer = client_for("authority")
    before = AuditEntry.objects.count()
    r = officer.post(
        "/api/registry/enterprises", json.dumps(_payload()), content_type="application/json"
    )
    assert r.status_code == 201, r.content
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert (entry.action, entry.model, entry.actor) == ("create", "registry.enterprise", "auth")

    bad = officer.post(
        "/api/registry/enterprises",
        json.dumps(_payload(credit_code="91330100MA2I000000")),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "credit_code"]
    assert "position 12" in bad.json()["detail"][0]["msg"]

    code = _payload()["credit_code"]
    wrong_check = code[:-1] + ("0" if code[-1] != "0" else "1")
    for language, expected in (("en", f"should be '{code[-1]}'"), ("zh-hans", f"应为'{code[-1]}'")):
        bad = officer.post(
            f"/api/registry/enterprises?lang={language}",
            json.dumps(_payload(credit_code=wrong_check)),
            content_type="application/json",
        )
        msg = bad.json()["detail"][0]["msg"]
        assert bad.status_code == 422 and expected in msg and " / " not in msg

    bad = officer.post(
        "/api/registry/enterprises",
        json.dumps(_payload(size_class="huge")),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "size_class" in json.dumps(bad.json())
    bad = officer.post(
        "/api/registry/enterprises",
        json.dumps(_payload(region="999999")),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "region"]
    # outside the officer's regions
    r = officer.post(
        "/api/registry/enterprises",
        json.dumps(_payload(region="440300", credit_code=credit_code("440300"))),
        content_type="application/json",
    )
    assert r.status_code == 403
    # anonymous
    assert (
        client_for("public")
        .post("/api/registry/enterprises", json.dumps(_payload()), content_type="application/json")
        .status_code
        == 401
    )
    assert client_for("public").post(
        "/api/registry/enterprises", "not json", content_type="application/json"
    ).status_code in (400, 401, 422)


def test_update_records_old_and_new_values(world, client_for):
    r = client_for("enterprise").patch(
        f"/api/registry/enterprises/{world.ent_a.pk}",
        json.dumps({"name_en": "Hangzhou Hengxin Power"}),
        content_type="application/json",
    )
    assert r.status_code == 200
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.changes == {
        "name_en": ["Hangzhou Hengxin Battery Co., Ltd.", "Hangzhou Hengxin Power"]
    }
    # search tokens follow the rename
    assert (
        client_for("public").get("/api/registry/enterprises", {"q": "power"}).json()["count"] == 1
    )
    # another enterprise's user: 404, like a missing one
    assert (
        client_for("other_enterprise")
        .patch(f"/api/registry/enterprises/{world.ent_a.pk}", "{}", content_type="application/json")
        .status_code
        == 404
    )


def test_export_csv_and_xlsx(world, client):
    r = client.get(
        "/api/registry/enterprises/export", {"region": "330000", "format": "csv", "header": "keys"}
    )
    text = b"".join(r.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("credit_code,name_zh")
    assert len(lines) == 3
    # without header=keys: the headers in the request's language
    r = client.get("/api/registry/enterprises/export", {"region": "330000", "format": "csv"})
    assert b"".join(r.streaming_content).decode("utf-8-sig").startswith("统一社会信用代码,")
    r = client.get("/enterprises/export.xlsx", {"q": "电池"})
    wb = load_workbook(io.BytesIO(r.content))
    rows = list(wb.active.values)
    assert rows[1][1] == "杭州恒信电池有限公司"
    assert client.get("/api/registry/enterprises/export", {"format": "pdf"}).status_code == 422


def test_stats_scope_authority_and_withhold_nothing_from_row_readers(world, client_for, settings):
    """The officer can list its regions' enterprises row by row: no group of them is withheld
    (core.access.aggregate_min_group); a reader without row access would get the platform's
    minimum group size (tests/core/test_aggregate_policy.py)."""
    settings.QUALITAS = {**settings.QUALITAS, "MIN_GROUP_SIZE": 2}
    body = client_for("authority").get("/api/registry/stats").json()
    assert body["total"] == 2
    assert {r["code"] for r in body["by_province"]} == {"330000"}
    assert body["by_province"][0]["n"] == 2
    assert all(not r["withheld"] and r["n"] == 1 for r in body["by_industry"])


def test_more_matches_than_counted(world, client, monkeypatch):
    """Past the count cap the list says so, and pages still come (in index order on PostgreSQL)."""
    from qualitas.registry import selectors
    from tests.factories import make_enterprise

    for i in range(6):
        make_enterprise(name_zh=f"杭州测试{i}电池有限公司", name_en=f"Test {i} Battery")
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    monkeypatch.setattr(selectors, "DENSE_MATCHES", 4)
    body = client.get("/api/registry/enterprises", {"q": "电池", "page": 2}).json()
    assert body["count"] == 3 and body["count_capped"] is True
    assert len(body["items"]) == 0 or all("电池" in i["name_zh"] for i in body["items"])
    first = client.get("/api/registry/enterprises", {"q": "电池"}).json()
    assert [i["name_zh"] for i in first["items"]] == sorted(i["name_zh"] for i in first["items"])
    assert len(first["items"]) == 7
    page = client.get("/enterprises/", {"q": "电池"}).content.decode()
    assert "找到超过 3 家企业" in page or "More than 3 enterprises found" in page


def test_stats_page_names_groups_in_the_page_language(world, client_for, settings):
    """The page and the API read the same counts (one selector, the minimum group size there)."""
    settings.QUALITAS = {**settings.QUALITAS, "MIN_GROUP_SIZE": 2}
    officer = client_for("authority")
    zh = officer.get("/registry/stats/").content.decode()
    en = officer.get("/registry/stats/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '浙江省 <span class="muted">330000</span>' in zh
    assert 'Zhejiang <span class="muted">330000</span>' in en
    body = officer.get("/api/registry/stats").json()
    assert body["by_province"] == [
        {"code": "330000", "name_zh": "浙江省", "name_en": "Zhejiang", "n": 2, "withheld": False}
    ]


@pytest.mark.parametrize(
    "website",
    ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,x", "ftp://x.cn"],
)
def test_a_website_must_be_a_web_address_on_every_path(world, client_for, website):
    """Issue 16 §1 (stored XSS): the API's create and PATCH refuse a website that is not an
    http(s) address, naming the field; nothing is written."""
    officer = client_for("authority")
    before = AuditEntry.objects.count()
    bad = officer.post(
        "/api/registry/enterprises?lang=en",
        json.dumps(_payload(website=website)),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "website"]
    assert "http:// or https://" in bad.json()["detail"][0]["msg"]
    patched = client_for("enterprise").patch(
        f"/api/registry/enterprises/{world.ent_a.pk}",
        json.dumps({"website": website}),
        content_type="application/json",
    )
    assert patched.status_code == 422 and patched.json()["detail"][0]["loc"] == ["body", "website"]
    assert AuditEntry.objects.count() == before
    world.ent_a.refresh_from_db()
    assert world.ent_a.website != website


def test_a_stored_script_address_is_shown_as_text_not_a_link(world, client_for):
    """A value written before the rule (or by hand in the database) is never rendered as a link."""
    from qualitas.registry.models import Enterprise

    Enterprise.objects.filter(pk=world.ent_a.pk).update(website="javascript:alert(1)")
    html = client_for("public").get(f"/enterprises/{world.ent_a.pk}/").content.decode()
    assert "javascript:alert(1)" in html and 'href="javascript:' not in html
    Enterprise.objects.filter(pk=world.ent_a.pk).update(website="https://hengxin.example.cn/")
    html = client_for("public").get(f"/enterprises/{world.ent_a.pk}/").content.decode()
    assert 'href="https://hengxin.example.cn/" rel="nofollow noopener noreferrer"' in html


@pytest.mark.parametrize(
    ("field", "value"),
    [("region", "440300"), ("status", "deregistered")],
)
def test_an_enterprise_cannot_move_itself_out_of_its_authoritys_reach(
    world, client_for, field, value
):
    """Issue 16 §7: an enterprise's own user cannot change its region or status (PATCH answered
    200 and the authority lost it); its authority can. (The credit code is not in PATCH at all.)"""
    before = AuditEntry.objects.count()
    r = client_for("enterprise").patch(
        f"/api/registry/enterprises/{world.ent_a.pk}?lang=en",
        json.dumps({field: value}),
        content_type="application/json",
    )
    assert r.status_code == 422, r.content
    assert r.json()["detail"][0]["loc"] == ["body", field]
    assert "authority" in r.json()["detail"][0]["msg"]
    assert AuditEntry.objects.count() == before
    # the authority still reaches it, and may change it within its regions
    officer = client_for("authority")
    assert officer.get(f"/api/registry/enterprises/{world.ent_a.pk}").status_code == 200
    if field == "status":
        ok = officer.patch(
            f"/api/registry/enterprises/{world.ent_a.pk}",
            json.dumps({field: value}),
            content_type="application/json",
        )
        assert ok.status_code == 200, ok.content


def test_the_edit_page_offers_region_and_status_only_to_the_authority(world, client_for):
    url = f"/enterprises/{world.ent_a.pk}/edit/"
    own = client_for("enterprise").get(url).context["form"]
    assert own.fields["region"].disabled and own.fields["status"].disabled
    officer = client_for("authority").get(url).context["form"]
    assert not officer.fields["region"].disabled and not officer.fields["status"].disabled
    # a forged POST of another region by the enterprise's user changes nothing
    data = {k: v for k, v in own.initial.items() if v is not None}
    data.update(region="440300", status="deregistered", name_zh="杭州恒信电池有限公司")
    client_for("enterprise").post(url, data)
    world.ent_a.refresh_from_db()
    assert (world.ent_a.region_id, world.ent_a.status) == ("330100", "active")


def test_only_the_authority_changes_jurisdiction_in_the_service(world):
    """The rule lives in the service, so every entry path (page, API, import, CLI) shares it."""
    from qualitas.core.access import actor_for
    from qualitas.registry.services import RegistryError, enterprise_update

    own = actor_for(world.users["enterprise"])
    with pytest.raises(RegistryError) as refused:
        enterprise_update(
            actor=own, enterprise=world.ent_a, data={"credit_code": credit_code("330100")}
        )
    assert refused.value.field == "credit_code"
    world.ent_a.refresh_from_db()
    moved = enterprise_update(
        actor=actor_for(world.users["authority"]),
        enterprise=world.ent_a,
        data={"region_id": "330200"},
    )
    assert moved.region_id == "330200"
