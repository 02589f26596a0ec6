"""Registry pages as each role uses them: register and edit enterprises, products/sites/contacts inline,
history, institutions, import template and recent jobs. Writes go through the services and are audited."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from qualitas.core.models import AuditEntry
from qualitas.registry.models import Contact, Enterprise, Product, Site
from tests.factories import credit_code, make_enterprise

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def _new(**over):
    data = {
        "credit_code": credit_code("330100"),
        "name_zh": "杭州新登记机械有限公司",
        "name_en": "Hangzhou Newly Registered Machinery Co., Ltd.",
        "region": "330100",
        "industry": "C34",
        "size_class": "small",
        "status": "active",
        "founded": "2019-03-01",
        "address": "杭州市西湖区1号",
        "website": "",
    }
    return data | over


def _last(model: str) -> AuditEntry:
    return AuditEntry.objects.filter(model=model).order_by("-seq").first()


# --- enterprise create -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["authority", "admin"])
def test_authority_and_admin_register_an_enterprise_audited(world, client_for, role):
    data = _new()
    r = client_for(role).post("/enterprises/new/", data)
    e = Enterprise.objects.get(credit_code=data["credit_code"])
    assert r.status_code == 302 and r["Location"] == f"/enterprises/{e.pk}/"
    assert e.province_id == "330000" and e.founded.isoformat() == "2019-03-01"
    entry = _last("registry.enterprise")
    assert (entry.action, entry.object_pk, entry.actor) == (
        "create",
        str(e.pk),
        world.users[role].username,
    )
    assert entry.changes["name_zh"] == "杭州新登记机械有限公司"
    # the new enterprise is found by the search at once
    assert (
        "杭州新登记机械有限公司"
        in client_for("public").get("/enterprises/", {"q": "新登记"}).content.decode()
    )


def test_authority_may_not_register_outside_its_regions(world, client_for):
    data = _new(credit_code=credit_code("440300"), region="440300")
    r = client_for("authority").post("/enterprises/new/", data)
    assert r.status_code == 200
    assert "region" in r.context["form"].errors  # not among the regions offered
    # and the service refuses it even if the form let it through
    from qualitas.core.access import Forbidden, actor_for
    from qualitas.registry.services import enterprise_create

    with pytest.raises(Forbidden):
        enterprise_create(
            actor=actor_for(world.users["authority"]),
            data={
                "credit_code": data["credit_code"],
                "name_zh": "深圳",
                "region_id": "440300",
                "industry_id": "C34",
                "size_class": "small",
            },
        )
    assert not Enterprise.objects.filter(credit_code=data["credit_code"]).exists()


@pytest.mark.parametrize(
    "role", ["enterprise", "other_enterprise", "evaluator", "institution_manager", "reviewer"]
)
def test_other_roles_cannot_register(world, client_for, role):
    before = Enterprise.objects.count()
    assert client_for(role).post("/enterprises/new/", _new()).status_code == 404
    assert Enterprise.objects.count() == before


def test_public_is_sent_to_login(world, client_for):
    r = client_for("public").post("/enterprises/new/", _new())
    assert r.status_code == 302 and r["Location"].startswith("/login/")


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        (
            "credit_code",
            "91330100MA2H3T8X2O",
            "position",
        ),  # illegal character O, named with its position
        (
            "credit_code",
            "91330100MA2H3T8X28",
            "should be '9'",
        ),  # wrong check character: the expected one is given
        ("region", "999999", "999999"),  # not among the choices: the form says so
        ("industry", "C99", "c99"),
        ("founded", "2999-01-01", "not a date"),
        ("name_zh", "", "required"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, client_for, field, value, fragment):
    before = (Enterprise.objects.count(), AuditEntry.objects.count())
    r = client_for("admin").post(
        "/enterprises/new/", _new(**{field: value}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 200
    errors = r.context["form"].errors
    assert list(errors) == [field], errors
    assert fragment in " ".join(errors[field]).lower() or (fragment == "required" and errors[field])
    html = r.content.decode()
    assert f'data-field="{field}"' in html and 'class="field invalid' in html
    assert (Enterprise.objects.count(), AuditEntry.objects.count()) == before


def test_field_messages_in_the_visitors_language(world, client_for):
    bad = _new(credit_code="91330100MA2H3T8X28")
    zh = client_for("admin").post("/enterprises/new/", bad).context["form"].errors["credit_code"][0]
    en = (
        client_for("admin")
        .post("/enterprises/new/", bad, HTTP_ACCEPT_LANGUAGE="en")
        .context["form"]
        .errors["credit_code"][0]
    )
    assert zh == "第18位校验码为'8'，应为'9'"
    assert en == "check character at position 18 is '8' but should be '9'"


def test_authority_is_offered_only_its_regions(world, client_for):
    choices = [
        c
        for c, _ in client_for("authority")
        .get("/enterprises/new/")
        .context["form"]
        .fields["region"]
        .choices
    ]
    assert "330100" in choices and "330000" in choices and "440300" not in choices
    assert "440300" in [
        c
        for c, _ in client_for("admin")
        .get("/enterprises/new/")
        .context["form"]
        .fields["region"]
        .choices
    ]


def test_duplicate_credit_code_is_named(world, client_for):
    r = client_for("admin").post("/enterprises/new/", _new(credit_code=world.ent_b.credit_code))
    assert r.status_code == 200 and "credit_code" in r.context["form"].errors


# --- enterprise edit -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["enterprise", "authority", "admin"])
def test_editors_change_an_enterprise_old_and_new_audited(world, client_for, role):
    c = client_for(role)
    url = f"/enterprises/{world.ent_a.pk}/edit/"
    page = c.get(url)
    assert page.status_code == 200 and page.context["form"]["credit_code"].field.disabled
    r = c.post(
        url,
        _new(
            credit_code="IGNORED",
            name_zh="杭州恒信新能源电池有限公司",
            size_class="medium",
            region="330100",
        ),
    )
    assert r.status_code == 302
    e = Enterprise.objects.get(pk=world.ent_a.pk)
    assert e.name_zh == "杭州恒信新能源电池有限公司" and e.size_class == "medium"
    assert e.credit_code == world.ent_a.credit_code  # not changed from the page
    entry = _last("registry.enterprise")
    assert entry.action == "update" and entry.actor == world.users[role].username
    assert entry.changes["name_zh"] == ["杭州恒信电池有限公司", "杭州恒信新能源电池有限公司"]
    assert entry.changes["size_class"] == ["small", "medium"]
    assert "credit_code" not in entry.changes


@pytest.mark.parametrize(
    "role", ["other_enterprise", "evaluator", "institution_manager", "reviewer"]
)
def test_non_editors_get_404_like_a_missing_enterprise(world, client_for, role):
    c = client_for(role)
    refused = c.post(f"/enterprises/{world.ent_a.pk}/edit/", _new(name_zh="篡改"))
    missing = c.post("/enterprises/999999/edit/", _new(name_zh="篡改"))
    assert refused.status_code == missing.status_code == 404
    assert Enterprise.objects.get(pk=world.ent_a.pk).name_zh == "杭州恒信电池有限公司"


def test_authority_cannot_edit_outside_regions_nor_move_an_enterprise_out(world, client_for):
    c = client_for("authority")
    assert c.get(f"/enterprises/{world.ent_c.pk}/edit/").status_code == 404  # Shenzhen
    r = c.post(f"/enterprises/{world.ent_a.pk}/edit/", _new(region="440300"))
    assert r.status_code == 200 and "region" in r.context["form"].errors
    assert Enterprise.objects.get(pk=world.ent_a.pk).region_id == "330100"


def test_edit_bad_input_names_the_field(world, client_for):
    r = client_for("enterprise").post(
        f"/enterprises/{world.ent_a.pk}/edit/", _new(founded="yesterday", website="not a url")
    )
    assert r.status_code == 200
    assert set(r.context["form"].errors) == {"founded", "website"}


# --- history ---------------------------------------------------------------------------------


def test_history_panel_shows_who_when_and_old_to_new_for_editors_only(world, client_for):
    c = client_for("enterprise")
    c.post(
        f"/enterprises/{world.ent_a.pk}/edit/",
        _new(name_zh="杭州恒信电池有限公司", size_class="large"),
    )
    product = world.ent_a.products.first()
    c.post(f"/enterprises/{world.ent_a.pk}/products/{product.pk}/", {"delete": "1"})
    html = c.get(f"/enterprises/{world.ent_a.pk}/").content.decode()
    assert 'data-testid="history"' in html
    history = html[html.index('data-testid="history"') :]
    assert "ent" in history and "<del>小型</del> → <ins>大型</ins>" in history
    assert "锂离子电池A1" in history  # the removed product's last state
    for role in ("public", "other_enterprise", "evaluator"):
        assert (
            'data-testid="history"'
            not in client_for(role).get(f"/enterprises/{world.ent_a.pk}/").content.decode()
        )
    # other enterprises' entries are not listed
    client_for("admin").post(
        f"/enterprises/{world.ent_b.pk}/edit/", _new(name_zh="宁波另一家", region="330200")
    )
    assert "宁波另一家" not in c.get(f"/enterprises/{world.ent_a.pk}/").content.decode()


def test_audit_for_selector_finds_record_and_children():
    from qualitas.core.audit import audit_append
    from qualitas.core.selectors import audit_for

    audit_append(
        actor="a", action="update", model="registry.enterprise", object_pk=5, changes={"x": [1, 2]}
    )
    audit_append(
        actor="a", action="delete", model="registry.product", object_pk=9, changes={"enterprise": 5}
    )
    audit_append(
        actor="a",
        action="delete",
        model="registry.product",
        object_pk=10,
        changes={"enterprise": 6},
    )
    audit_append(actor="a", action="update", model="registry.enterprise", object_pk=6, changes={})
    got = audit_for(model="registry.enterprise", object_pk=5, children=("registry.product",))
    assert [(e.model, e.object_pk) for e in got] == [
        ("registry.product", "9"),
        ("registry.enterprise", "5"),
    ]


# --- products, sites, contacts inline ---------------------------------------------------------


def test_product_add_edit_remove_inline_with_htmx(world, client_for):
    c = client_for("enterprise")
    base = f"/enterprises/{world.ent_a.pk}/products"
    form = c.get(f"{base}/new/", **HX)
    assert form.status_code == 200 and 'data-testid="products-form"' in form.content.decode()
    assert "<html" not in form.content.decode()  # a fragment
    r = c.post(
        f"{base}/new/",
        {
            "product-name_zh": "储能电池B2",
            "product-category": "储能电池",
            "product-model": "B2",
            "product-standards": "GB/T 36276-2018",
        },
        **HX,
    )
    html = r.content.decode()
    assert r.status_code == 200 and "储能电池B2" in html and 'hx-swap-oob="true"' in html
    p = Product.objects.get(name_zh="储能电池B2")
    assert _last("registry.product").changes == {
        "enterprise": world.ent_a.pk,
        "name_zh": "储能电池B2",
        "name_en": "",
        "category": "储能电池",
        "model": "B2",
        "standards": "GB/T 36276-2018",
    }
    # edit: the form comes pre-filled, the save records old → new
    edit = c.get(f"{base}/{p.pk}/", **HX).content.decode()
    assert 'value="储能电池B2"' in edit
    c.post(
        f"{base}/{p.pk}/",
        {
            "product-name_zh": "储能电池B3",
            "product-category": "储能电池",
            "product-model": "B3",
            "product-standards": "GB/T 36276-2018",
        },
        **HX,
    )
    entry = _last("registry.product")
    assert entry.action == "update" and entry.changes == {
        "enterprise": world.ent_a.pk,
        "name_zh": ["储能电池B2", "储能电池B3"],
        "model": ["B2", "B3"],
    }
    # remove (htmx sends DELETE; a plain form POSTs delete=1)
    r = c.delete(f"{base}/{p.pk}/", **HX)
    assert r.status_code == 200 and not Product.objects.filter(pk=p.pk).exists()
    assert _last("registry.product").action == "delete"


def test_product_bad_input_names_the_field(world, client_for):
    c = client_for("authority")
    r = c.post(
        f"/enterprises/{world.ent_a.pk}/products/new/",
        {"product-name_zh": "无类别产品", "product-category": ""},
        **HX,
    )
    assert r.status_code == 200 and list(r.context["form"].errors) == ["category"]
    assert 'data-field="category"' in r.content.decode()
    assert not Product.objects.filter(name_zh="无类别产品").exists()


def test_site_add_edit_remove_without_javascript(world, client_for):
    c = client_for("admin")
    base = f"/enterprises/{world.ent_a.pk}/sites"
    r = c.post(
        f"{base}/new/",
        {"site-name": "萧山工厂", "site-region_id": "330100", "site-address": "萧山区"},
    )
    assert r.status_code == 302 and r["Location"].endswith("#sites")
    s = Site.objects.get(name="萧山工厂")
    assert _last("registry.site").changes["region_id"] == "330100"
    page = c.get(f"{base}/{s.pk}/")  # full page, the row in edit mode
    assert (
        page.status_code == 200
        and "<html" in page.content.decode()
        and 'data-testid="sites-form"' in page.content.decode()
    )
    bad = c.post(f"{base}/{s.pk}/", {"site-name": "萧山工厂", "site-region_id": "999999"})
    assert bad.status_code == 200 and list(bad.context["form"].errors) == ["region_id"]
    c.post(
        f"{base}/{s.pk}/",
        {"site-name": "萧山二厂", "site-region_id": "330200", "site-address": "萧山区"},
    )
    assert _last("registry.site").changes["region_id"] == ["330100", "330200"]
    assert c.post(f"{base}/{s.pk}/", {"delete": "1"}).status_code == 302
    assert not Site.objects.filter(pk=s.pk).exists()


def test_contact_edit_by_owner_refused_to_others(world, client_for):
    contact = world.ent_a.contacts.first()
    url = f"/enterprises/{world.ent_a.pk}/contacts/{contact.pk}/"
    for role in ("other_enterprise", "evaluator", "reviewer"):
        assert client_for(role).post(url, {"contact-name": "X"}).status_code == 404
        assert client_for(role).delete(url).status_code == 404
    # a contact of another enterprise through ent_a's URL: not found
    other = world.ent_b.contacts.first()
    assert (
        client_for("enterprise")
        .post(f"/enterprises/{world.ent_a.pk}/contacts/{other.pk}/", {"contact-name": "X"})
        .status_code
        == 404
    )
    r = client_for("enterprise").post(
        url,
        {
            "contact-name": "王质量",
            "contact-title": "质量部经理",
            "contact-phone": "0571-7654321",
            "contact-email": "bad",
        },
        **HX,
    )
    assert list(r.context["form"].errors) == ["email"]
    client_for("enterprise").post(
        url,
        {
            "contact-name": "王质量",
            "contact-title": "质量部经理",
            "contact-phone": "0571-7654321",
            "contact-email": "wang@example.cn",
        },
        **HX,
    )
    assert Contact.objects.get(pk=contact.pk).name == "王质量"
    assert _last("registry.contact").changes["name"] == [f"联系人{world.ent_a.pk}", "王质量"]


def test_profile_shows_edit_controls_only_to_editors(world, client_for):
    url = f"/enterprises/{world.ent_a.pk}/"
    for role in ("enterprise", "authority", "admin"):
        html = client_for(role).get(url).content.decode()
        assert 'data-testid="edit"' in html and 'data-testid="add-product"' in html
    for role in ("public", "other_enterprise", "evaluator"):
        html = client_for(role).get(url).content.decode()
        assert 'data-testid="edit"' not in html and 'data-testid="add-product"' not in html


def test_child_api_update_and_delete(world, client_for):
    c = client_for("enterprise")
    p = world.ent_a.products.first()
    r = c.patch(
        f"/api/registry/enterprises/{world.ent_a.pk}/products/{p.pk}",
        {"model": "A2"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["model"] == "A2"
    assert _last("registry.product").changes == {
        "enterprise": world.ent_a.pk,
        "model": ["A1", "A2"],
    }
    r = c.post(
        f"/api/registry/enterprises/{world.ent_a.pk}/sites",
        {"name": "余杭工厂", "region": "999999"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "region"]
    r = c.post(
        f"/api/registry/enterprises/{world.ent_a.pk}/sites",
        {"name": "余杭工厂", "region": "330100"},
        content_type="application/json",
    )
    assert r.status_code == 201
    site_pk = r.json()["id"]
    assert (
        c.patch(
            f"/api/registry/enterprises/{world.ent_a.pk}/sites/{site_pk}",
            {"region": "330200"},
            content_type="application/json",
        ).json()["region"]
        == "330200"
    )
    other = client_for("other_enterprise")
    assert (
        other.delete(f"/api/registry/enterprises/{world.ent_a.pk}/sites/{site_pk}").status_code
        == 404
    )
    assert (
        other.delete(f"/api/registry/enterprises/{world.ent_a.pk}/sites/999999").status_code == 404
    )
    assert (
        c.delete(f"/api/registry/enterprises/{world.ent_a.pk}/sites/{site_pk}").status_code == 204
    )
    ct = world.ent_a.contacts.first()
    assert (
        c.patch(
            f"/api/registry/enterprises/{world.ent_a.pk}/contacts/{ct.pk}",
            {"phone": "110"},
            content_type="application/json",
        ).json()["phone"]
        == "110"
    )
    assert (
        c.delete(f"/api/registry/enterprises/{world.ent_a.pk}/contacts/{ct.pk}").status_code == 204
    )
    assert (
        c.delete(f"/api/registry/enterprises/{world.ent_a.pk}/products/{p.pk}").status_code == 204
    )
    assert [
        e.action
        for e in AuditEntry.objects.filter(
            model__in=["registry.site", "registry.contact", "registry.product"]
        ).order_by("seq")
    ] == [
        "update",
        "create",
        "update",
        "delete",
        "update",
        "delete",
        "delete",
    ]


# --- institutions ----------------------------------------------------------------------------


def test_institutions_list_filters_and_detail_without_personal_data(world, client_for):
    from qualitas.registry.models import Institution

    Institution.objects.create(
        kind="bank", name_zh="深圳示例银行", name_en="Shenzhen Example Bank", region_id="440300"
    )
    c = client_for("public")
    html = c.get("/institutions/").content.decode()
    assert "浙江评价中心" in html and "深圳示例银行" in html
    assert "深圳示例银行" not in c.get("/institutions/", {"kind": "evaluation"}).content.decode()
    html = c.get("/institutions/", {"region": "330000"}).content.decode()
    assert "浙江评价中心" in html and "深圳示例银行" not in html
    frag = c.get("/institutions/", {"kind": "bank"}, **HX).content.decode()
    assert "<html" not in frag and "深圳示例银行" in frag
    detail = c.get(f"/institutions/{world.institution.pk}/")
    assert (
        detail.status_code == 200 and detail.context["inst"].n_members == 3
    )  # evaluator, manager, reviewer
    for username in ("eva", "mgr", "rev"):
        assert not re.search(rf"\b{username}\b", detail.content.decode())
    assert c.get("/institutions/999999/").status_code == 404


# --- import template and recent jobs ---------------------------------------------------------


def test_import_templates_have_header_and_a_valid_example(world, client_for):
    from qualitas.registry.validation import COLUMNS, validate_enterprise

    c = client_for("authority")
    body = b"".join(c.get("/registry/import/template.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == list(COLUMNS) and len(rows) == 2
    assert validate_enterprise(dict(zip(rows[0], rows[1], strict=True)))[1] == []
    wb = load_workbook(io.BytesIO(c.get("/registry/import/template.xlsx").content))
    assert [list(r) for r in wb.active.iter_rows(values_only=True)][0] == list(COLUMNS)
    assert client_for("enterprise").get("/registry/import/template.csv").status_code == 404
    assert c.get("/registry/import/template.pdf").status_code == 404
    html = c.get("/registry/import/").content.decode()
    assert "/registry/import/template.csv" in html and "/registry/import/template.xlsx" in html


def test_import_page_lists_own_recent_jobs(world, client_for):
    from qualitas.core.models import Job

    Job.objects.create(
        kind="import_enterprises",
        created_by=world.users["authority"],
        status="failed",
        message="2 problem(s)",
        params={"filename": "mine.csv"},
    )
    Job.objects.create(
        kind="import_enterprises",
        created_by=world.users["admin"],
        status="succeeded",
        params={"filename": "theirs.csv"},
    )
    html = client_for("authority").get("/registry/import/").content.decode()
    assert "mine.csv" in html and "theirs.csv" not in html and "2 problem(s)" in html


# --- query counts ----------------------------------------------------------------------------


def test_search_page_and_list_endpoint_query_counts(world, client, django_assert_max_num_queries):
    for i in range(40):
        make_enterprise(name_zh=f"杭州批量电池{i:02d}有限公司", name_en=f"Bulk Battery {i}")
    # count (capped), one page of rows with their regions and industries, form choices (2)
    with django_assert_max_num_queries(13):
        r = client.get("/enterprises/", {"q": "电池"})
    assert r.status_code == 200 and len(r.context["page"].object_list) == 25
    with django_assert_max_num_queries(3):
        assert (
            client.get("/api/registry/enterprises", {"q": "批量", "page": 2}).json()["count"] == 40
        )
    with django_assert_max_num_queries(6):
        assert client.get("/institutions/").status_code == 200


def test_profile_query_count_for_an_editor(world, client_for, django_assert_max_num_queries):
    c = client_for("enterprise")
    for i in range(10):
        c.post(
            f"/enterprises/{world.ent_a.pk}/products/new/",
            {"product-name_zh": f"产品{i}", "product-category": "电池"},
        )
    # session, user, profile, enterprise, products, sites, contacts, history, and the sections
    # other apps contribute through core.providers (evaluation 1, diagnosis 2, supervision 1,
    # traceability 1, credit 2, standards 1, brands 1): a fixed number per app, independent of
    # the enterprise's rows
    with django_assert_max_num_queries(19):
        assert c.get(f"/enterprises/{world.ent_a.pk}/").status_code == 200
