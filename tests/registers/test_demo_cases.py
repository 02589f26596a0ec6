"""The demo's typical cases and Q&A: all twelve cases and four questions published through the
services, searchable, and suggested for the problems they were written for."""

from __future__ import annotations

import pytest

from qualitas.core.providers import SuggestionContext
from qualitas.registers import selectors
from qualitas.registers.demo import registers_demo_load
from qualitas.registers.models import QAEntry, TypicalCase
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_demo_cases_are_published_searchable_and_suggested():
    make_user("authority", "authority", regions=["330000"])
    registers_demo_load()
    registers_demo_load()  # idempotent
    assert TypicalCase.objects.filter(status="published").count() == 12
    assert set(TypicalCase.objects.values_list("case_type", flat=True)) == {
        "improvement",
        "reliability",
        "brand",
        "pilot",
    }
    assert QAEntry.objects.filter(status="published").count() == 4
    found = selectors.published_cases(q="过程能力")
    assert {c.industry_id for c in found} == {"C384", "C367"}
    assert [c.industry_id for c in selectors.published_cases(q="Weibull")] == ["C384"]
    best = selectors.suggest_cases(
        SuggestionContext(industry_code="C384", problem="low_capability", detail="dimension")
    )
    assert best[0].case.name_zh == "锂电池极片涂布厚度过程能力提升（示例）"
    spot = selectors.suggest_cases(
        SuggestionContext(industry_code="C384", problem="spot_check_failure", detail="锂离子电池")
    )
    assert [s.case.industry_id for s in spot] == ["C384", "C39"]
