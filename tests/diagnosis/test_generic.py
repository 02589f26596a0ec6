"""Generic list/detail/create/edit tests of diagnosis characteristics and studies, per role (tests/generic.py)."""

from __future__ import annotations

from typing import Any

import pytest

from qualitas.core.access import actor_for
from qualitas.diagnosis.models import Characteristic, Study
from qualitas.diagnosis.studies import study_run
from tests.diagnosis.helpers import make_characteristic
from tests.generic import GenericModelTests
from tests.registry.access_expectations import only

pytestmark = pytest.mark.django_db


class TestCharacteristic(GenericModelTests):
    """ent_a's characteristics: its own users and admins; nobody else finds them."""

    model = Characteristic
    label_field = "name"
    list_page = "diagnosis:dashboard"
    detail_page = "diagnosis:characteristic"
    create_page = "diagnosis:characteristic_new"
    bad_form = ({"unit": "furlong"}, "unit")
    api_list = "/api/diagnosis/characteristics"
    api_detail = "/api/diagnosis/characteristics/{char_pk}"
    api_create = "/api/diagnosis/characteristics"
    api_edit = "/api/diagnosis/characteristics/{char_pk}"
    # every enterprise user defines characteristics of their own enterprise, admins of any
    api_write = only(
        {"enterprise": 201, "other_enterprise": 201, "admin": 201}, other=403, public=401
    )
    api_edit_roles = only(("enterprise", "admin"), other=404, public=401)
    bad_payload = ({"unit": "furlong"}, "unit")
    bad_edit_payload = ({"lsl": "11", "usl": "9"}, "usl")

    def make(self, world: Any, label: str) -> Characteristic:
        return Characteristic.objects.create(
            enterprise=world.ent_a, name=label, unit="mm", lsl="9.4", usl="10.6", target="10"
        )

    def url_kwargs(self, world: Any, obj: Any) -> dict[str, Any]:
        return {"char_pk": obj.pk} if obj is not None else {}

    def form(self, world: Any, label: str) -> dict[str, Any]:
        # ``enterprise`` is read for administrators only (enterprise users: their own)
        return self.payload(world, label) | {"chart_type": "imr", "rule_set": "nelson"}

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        return {
            "enterprise": world.ent_a.pk,
            "name": label,
            "unit": "mm",
            "lsl": "9.4",
            "usl": "10.6",
            "target": "10.0",
            "subgroup_size": 1,
        }


class TestStudy(GenericModelTests):
    """ent_a's studies (a control chart of a characteristic with data): its own users and
    admins. Studies are run and read, never edited; the study form is covered by test_api.py."""

    model = Study
    label_field = "title"
    detail_page = "diagnosis:study"
    api_list = "/api/diagnosis/studies"
    api_detail = "/api/diagnosis/studies/{study_pk}"
    api_create = "/api/diagnosis/studies"
    # a characteristic of ent_a: those who cannot see it are told it does not exist
    api_write = only({"enterprise": 201, "admin": 201}, other=404, public=401)
    bad_payload = ({"kind": "astrology"}, "kind")

    def make(self, world: Any, label: str) -> Study:
        return study_run(
            actor=actor_for(world.users["enterprise"]),
            kind="control_chart",
            enterprise_id=world.ent_a.pk,
            characteristic=self._characteristic(world),
            title=label,
        )

    @staticmethod
    def _characteristic(world: Any) -> Characteristic:
        found = Characteristic.objects.filter(enterprise=world.ent_a, name="GEN-chart").first()
        return found or make_characteristic(world, name="GEN-chart", n=30)

    def url_kwargs(self, world: Any, obj: Any) -> dict[str, Any]:
        return {"study_pk": obj.pk} if obj is not None else {}

    def payload(self, world: Any, label: str) -> dict[str, Any]:
        return {
            "kind": "control_chart",
            "characteristic": self._characteristic(world).pk,
            "title": label,
        }
