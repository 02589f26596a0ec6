"""Demo data (idempotent) and what the app contributes through core.providers."""

from __future__ import annotations

import pytest

from qualitas.core import providers


def _garments(world, n: int = 4) -> None:
    from qualitas.registry.models import Product

    for i in range(n):
        for ent in (world.ent_a, world.ent_b):
            Product.objects.create(enterprise=ent, name_zh=f"羽绒服{i}{ent.pk}", category="服装")


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_publishes_lists_and_grades(world) -> None:
    from qualitas.standards.demo import standards_demo_load
    from qualitas.standards.models import Declaration, ForerunnerList, GradeAssessment, Standard

    _garments(world)
    standards_demo_load(seed=1)
    counts = (
        Declaration.objects.count(),
        ForerunnerList.objects.count(),
        GradeAssessment.objects.count(),
    )
    assert counts == (3 + 8, 2 + 1, 8)  # 3 batteries (the world's) and 8 garments declared
    assert Standard.objects.get(code="GB 31241-2014").replaced_by.code == "GB 31241-2022"
    standards_demo_load(seed=1)
    assert (
        Declaration.objects.count(),
        ForerunnerList.objects.count(),
        GradeAssessment.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_public_profile_and_search_carry_published_records_only(world) -> None:
    from tests.standards.factories import declare

    draft = declare(world, publish=False)
    assert not [
        s
        for s in providers.collect_profile(enterprise_id=world.ent_a.pk, public=True)
        if s.key == "standards.declarations"
    ]
    assert not [d for d in providers.collect_search() if d.kind == "standard_declaration"]
    from qualitas.core.access import actor_for
    from qualitas.standards import services

    services.declaration_publish(actor=actor_for(world.users["enterprise"]), declaration=draft)
    (section,) = [
        s
        for s in providers.collect_profile(enterprise_id=world.ent_a.pk, public=True)
        if s.key == "standards.declarations"
    ]
    assert section.public and [f.url for f in section.facts if f.url] == [
        f"/standards/declarations/{draft.pk}/"
    ]
    docs = [d for d in providers.collect_search() if d.kind == "standard_declaration"]
    assert [d.url for d in docs] == [
        f"/standards/declarations/{draft.pk}/"
    ] and "GB 31241-2022" in docs[0].text


@pytest.mark.django_db
def test_credit_factor_without_and_with_grades(world) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    (factor,) = [
        f for f in providers.collect_credit(world.ent_a.pk, today) if f.key == "product_grades"
    ]
    assert factor.value is None
