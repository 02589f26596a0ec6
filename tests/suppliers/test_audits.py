"""Second-party process audits through the services: the shipped checklist, answers, scoring and
classification, and the refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from qualitas.suppliers import services
from qualitas.suppliers.services import SupplierError
from tests.suppliers.factories import customer_actor, supplier_with_part

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _audit(world):
    part = supplier_with_part(world)
    return services.audit_plan(
        actor=customer_actor(world),
        supplier=part.supplier,
        planned_on=date(2026, 5, 1),
        lead_auditor="李审核",
    )


def test_shipped_checklist_has_the_vda_structure(world):
    a = _audit(world)
    qs = list(a.template.questions.all())
    counts = {e: sum(1 for q in qs if q.element == e) for e in ("P2", "P3", "P4", "P5", "P6", "P7")}
    assert counts == {"P2": 6, "P3": 6, "P4": 9, "P5": 7, "P6": 26, "P7": 5}
    assert sum(q.star for q in qs) == 18
    assert a.answers.count() == 59


def test_all_tens_but_star_6_2_3_at_4_is_b_by_downgrade(world):
    actor = customer_actor(world)
    a = _audit(world)
    numbers = list(a.answers.values_list("question__number", flat=True))
    answers = {n: {"scores": "10"} for n in numbers}
    answers["6.2.3"] = {"scores": "4", "finding": "特殊特性未监控", "evidence": "控制计划 rev C"}
    services.audit_record(actor=actor, audit_obj=a, answers=answers)
    a = services.audit_complete(actor=actor, audit_obj=a, performed_on=date(2026, 5, 2))
    # 58 × 10 + 4 = 584 of 590 → 98.98 % (A by score); P6 sub-element 6.2: 44/50 = 88 %
    assert str(a.overall) == "99.0"
    assert (a.score_class, a.final_class) == ("A", "B")
    assert a.downgrades == [["star_scored_4", "6.2.3"]]
    assert a.element_results["6.2"] == "88.0"


def test_unscored_question_without_reason_refuses_completion(world):
    actor = customer_actor(world)
    a = _audit(world)
    services.audit_record(actor=actor, audit_obj=a, answers={"2.1": {"scores": "8"}})
    with pytest.raises(SupplierError) as err:
        services.audit_complete(actor=actor, audit_obj=a)
    assert err.value.field == "q-2.2"


def test_score_outside_the_scale_refused_with_the_question(world):
    a = _audit(world)
    with pytest.raises(SupplierError) as err:
        services.audit_record(
            actor=customer_actor(world), audit_obj=a, answers={"5.4": {"scores": "7"}}
        )
    assert err.value.field == "q-5.4" and "7 is not one of 0, 4, 6, 8, 10" in str(err.value)


def test_imported_checklist_bad_row_named(world):
    data = "number,element,sub_element,star,text_en,text_zh\n1,P2,,0,a,问题一\n2,P9,,0,b,问题二\n"
    with pytest.raises(SupplierError) as err:
        services.checklist_import(
            actor=customer_actor(world),
            customer=world.ent_a,
            code="oem",
            name="OEM",
            data=data.encode(),
        )
    assert (err.value.field, err.value.row) == ("element", 3)
