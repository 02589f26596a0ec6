"""The brands demo loader: brands of each kind with evaluations and lists; idempotent."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from qualitas.brands.demo import brands_demo_load
from qualitas.brands.models import Brand, BrandEvaluation, BrandList

pytestmark = pytest.mark.django_db


def test_demo_brands(world):
    world.users["authority"].username = "authority"  # the demo's officer reviews
    world.users["authority"].save()
    brands_demo_load()
    kinds = set(Brand.objects.values_list("kind", flat=True))
    assert kinds == {"enterprise", "product"}  # the world has no garment makers: no cluster
    assert BrandEvaluation.objects.count() == Brand.objects.count()
    published = BrandList.objects.get(status="published")
    assert published.entries.filter(status="accepted").exists()
    assert BrandList.objects.filter(status="open").count() == 1
    n = Brand.objects.count()
    brands_demo_load()
    assert Brand.objects.count() == n
    assert get_user_model().objects.filter(username="authority").exists()
