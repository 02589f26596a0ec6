"""Generic list/detail/create/edit tests of index methodology versions, per role (tests/generic.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qualitas.index.indicators import default_indicator_spec
from qualitas.index.models import MethodologyVersion
from tests.generic import GenericModelTests
from tests.registry.access_expectations import only

pytestmark = pytest.mark.django_db

SOURCE = "GEN-SRC"


def _source() -> MethodologyVersion:
    """The published version new drafts are copied from."""
    v, created = MethodologyVersion.objects.get_or_create(
        code=SOURCE,
        defaults={
            "title": SOURCE,
            "base_period": "2024",
            "seed": 7,
            "indicators": default_indicator_spec(),
        },
    )
    if created:
        MethodologyVersion.objects.filter(pk=v.pk).update(
            status="published", published_at=timezone.now()
        )
    return v


class TestMethodologyVersion(GenericModelTests):
    """Drafts: administrators make, edit and see them; nobody else finds them."""

    model = MethodologyVersion
    label_field = "title"
    list_page = "index:methodology"
    detail_page = edit_page = "index:version"
    create_page = "index:version_new"
    bad_form = ({"code": SOURCE}, "code")  # taken
    bad_edit_form = ({"replicates": "-1"}, "replicates")
    api_list = "/api/index/versions"
    api_detail = "/api/index/versions/{version_pk}"
    api_create = "/api/index/versions"
    api_edit = "/api/index/versions/{version_pk}"
    api_write = only({"admin": 201}, other=403, public=401)
    api_edit_roles = only(("admin",), other=404, public=401)
    bad_payload = ({"code": SOURCE}, "code")
    bad_edit_payload = ({"base_period": "2024Q5"}, "base_period")
    # the matrix's world has no version (404 for everyone); a draft is the administrators'
    roles = {
        "index:version": only(("admin",), other=404),
        "GET /api/index/versions/{version_pk}": only(("admin",), other=404),
    }

    def make(self, world: Any, label: str) -> MethodologyVersion:
        return MethodologyVersion.objects.create(
            code=label, title=label, base_period="2024", seed=7, indicators=default_indicator_spec()
        )

    def url_kwargs(self, world: Any, obj: Any) -> dict[str, Any]:
        return {"version_pk": obj.pk} if obj is not None else {}

    def form(self, world: Any, label: str) -> dict[str, Any]:
        _source()
        return {"code": label, "title": label}

    def edit_form(self, world: Any, obj: Any, label: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "title": label,
            "base_period": obj.base_period,
            "min_group_size": obj.min_group_size,
            "replicates": obj.replicates,
            "notes": "",
        }
        for i in obj.indicators:
            data[f"weight_{i['key']}"] = i["weight"]
            data[f"normalisation_{i['key']}"] = i.get("normalisation", "ratio")
        return data

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        return self.form(world, label)
