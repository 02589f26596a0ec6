"""The diagnosis demo loads through the services, once."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_demo_loads_characteristics_and_is_idempotent(world):
    from qualitas.diagnosis.demo import diagnosis_demo_load
    from qualitas.diagnosis.models import Characteristic

    first = diagnosis_demo_load(seed=1, enterprises=2, per_enterprise=1)
    assert first["characteristics_created"] >= 1
    names = list(Characteristic.objects.values_list("name", flat=True))
    # one language: the Chinese name the enterprise typed, not "外径 / Outer diameter"
    assert any(n.startswith("外径 #") for n in names), names
    assert not any("/" in n for n in names), names
    again = diagnosis_demo_load(seed=1, enterprises=2, per_enterprise=1)
    assert again["characteristics_created"] == 0
    assert Characteristic.objects.count() == len(names)
