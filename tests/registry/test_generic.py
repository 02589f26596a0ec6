"""Generic list/detail/create/edit/delete tests of the registry's models, per role (tests/generic.py)."""

from __future__ import annotations

from typing import Any

import pytest

from qualitas.core.models import Profile
from qualitas.registry.models import Contact, Enterprise, Product, Site
from tests.factories import credit_code, make_enterprise
from tests.generic import GenericModelTests
from tests.registry.access_expectations import R, only

pytestmark = pytest.mark.django_db

# ent_a (Hangzhou): its own users, Zhejiang's authority officer and admins change it and its rows
EDITORS_API = only(("enterprise", "authority", "admin"), other=404, public=401)


class TestEnterprise(GenericModelTests):
    model = Enterprise
    label_field = "name_zh"
    list_page = "registry:search"
    detail_page = "registry:profile"
    create_page = "registry:enterprise_create"
    edit_page = "registry:enterprise_edit"
    bad_form = ({"credit_code": "91330100MA2H3T8X2X"}, "credit_code")  # check character wrong
    bad_edit_form = ({"industry": "C99"}, "industry")
    api_list = "/api/registry/enterprises"
    api_detail = "/api/registry/enterprises/{pk}"
    api_create = "/api/registry/enterprises"
    api_edit = "/api/registry/enterprises/{pk}"
    api_delete = "/api/registry/enterprises/{pk}"
    # creating needs a region of one's own: Zhejiang's authority officer (here Hangzhou) and admins
    api_write = only(("authority", "admin"), other=403, public=401)
    # editing: the page's rule (its own users too); deleting: admins only
    api_edit_roles = EDITORS_API
    api_delete_roles = only(("admin",), other=403, public=401)
    bad_payload = ({"industry": "C99"}, "industry")
    bad_edit_payload = ({"region": "999999"}, "region")

    def make(self, world: Any, label: str) -> Enterprise:
        """A Hangzhou enterprise the world's ``enterprise`` user now belongs to."""
        enterprise = self.make_to_delete(world, label)
        Profile.objects.filter(user=world.users["enterprise"]).update(enterprise=enterprise)
        return enterprise

    def make_to_delete(self, world: Any, label: str) -> Enterprise:
        return make_enterprise(name_zh=label, name_en=label, region="330100")

    def url_kwargs(self, world: Any, obj: Any) -> dict[str, Any]:
        return {"pk": obj.pk} if obj is not None else {}

    def form(self, world: Any, label: str) -> dict[str, Any]:
        return {
            "credit_code": credit_code("330100"),
            "name_zh": label,
            "region": "330100",
            "industry": "C34",
            "size_class": "small",
            "status": "active",
        }

    def edit_form(self, world: Any, obj: Any, label: str) -> dict[str, Any]:
        return self.form(world, label) | {"credit_code": obj.credit_code}

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        return self.form(world, label)


class _Child(GenericModelTests):
    """Products, sites and contacts: rows of ent_a, changed by those who may edit ent_a."""

    kind: str
    list_page = "registry:profile"
    api_write = EDITORS_API

    def url_kwargs(self, world: Any, obj: Any) -> dict[str, Any]:
        kw: dict[str, Any] = {"pk": world.ent_a.pk}
        if obj is not None:
            kw[f"{self.kind}_pk"] = obj.pk
        return kw

    def form(self, world: Any, label: str) -> dict[str, Any]:
        return {f"{self.kind}-{k}": v for k, v in self.payload(world, label).items()}


class TestProduct(_Child):
    model = Product
    kind = "product"
    label_field = "name_zh"
    list_visible_to = R  # the public profile lists products
    detail_page = edit_page = delete_page = "registry:product"
    create_page = "registry:product_new"
    bad_form = ({"product-name_zh": ""}, "name_zh")
    bad_edit_form = ({"product-category": ""}, "category")
    api_create = "/api/registry/enterprises/{pk}/products"
    api_edit = api_delete = "/api/registry/enterprises/{pk}/products/{product_pk}"
    bad_payload = ({"name_zh": ""}, "name_zh")
    bad_edit_payload = ({"category": ""}, "category")

    def make(self, world: Any, label: str) -> Product:
        return Product.objects.create(enterprise=world.ent_a, name_zh=label, category="电池")

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        return {"name_zh": label, "category": "电池", "model": "G1"}


class TestSite(_Child):
    model = Site
    kind = "site"
    label_field = "name"
    list_visible_to = R  # the public profile lists production sites
    detail_page = edit_page = delete_page = "registry:site"
    create_page = "registry:site_new"
    bad_form = ({"site-region_id": "999999"}, "region_id")
    bad_edit_form = bad_form
    api_create = "/api/registry/enterprises/{pk}/sites"
    api_edit = api_delete = "/api/registry/enterprises/{pk}/sites/{site_pk}"
    bad_payload = ({"region": "999999"}, "region")
    bad_edit_payload = ({"region": "999999"}, "region")

    def make(self, world: Any, label: str) -> Site:
        return Site.objects.create(enterprise=world.ent_a, name=label, region_id="330100")

    def form(self, world: Any, label: str) -> dict[str, Any]:
        return {"site-name": label, "site-region_id": "330100", "site-address": "滨江区1号"}

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        return {"name": label, "region": "330100", "address": "滨江区1号"}


class TestContact(_Child):
    model = Contact
    kind = "contact"
    label_field = "name"
    # private: shown on the profile to those who may see ent_a's contacts (here: its editors)
    detail_page = edit_page = delete_page = "registry:contact"
    create_page = "registry:contact_new"
    bad_form = ({"contact-email": "not-an-address"}, "email")
    bad_edit_form = bad_form
    api_list = "/api/registry/enterprises/{pk}/contacts"
    api_create = "/api/registry/enterprises/{pk}/contacts"
    api_edit = api_delete = "/api/registry/enterprises/{pk}/contacts/{contact_pk}"
    bad_payload = ({"name": ""}, "name")
    bad_edit_payload = ({"name": ""}, "name")

    def make(self, world: Any, label: str) -> Contact:
        return Contact.objects.create(enterprise=world.ent_a, name=label, phone="0571-1")

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        return {"name": label, "title": "质量经理", "phone": "0571-2", "email": "q@example.cn"}
