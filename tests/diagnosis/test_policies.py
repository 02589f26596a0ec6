"""The diagnosis access policies of ``core.access``, role by role (no database needed)."""

from __future__ import annotations

import pytest

from qualitas.core.access import (
    Actor,
    Forbidden,
    diagnosis_enterprise_for,
    may_see_quality_monitoring,
    may_use_diagnosis,
    may_write_quality_data,
    own_enterprise_id,
    sees_quality_aggregates_only,
)
from qualitas.core.choices import PUBLIC, Role

OWN = Actor(user=None, role=Role.ENTERPRISE, enterprise_id=7)
ADMIN = Actor(user=None, role=Role.ADMIN)
AUTHORITY = Actor(user=None, role=Role.AUTHORITY, region_codes=("330000",))
EVALUATOR = Actor(user=None, role=Role.EVALUATOR, institution_id=3)
ANONYMOUS = Actor(user=None, role=PUBLIC)


def test_writes_are_for_the_enterprise_itself_and_admins() -> None:
    assert may_write_quality_data(OWN, 7) and may_write_quality_data(ADMIN, 7)
    assert not may_write_quality_data(OWN, 8)
    for actor in (AUTHORITY, EVALUATOR, ANONYMOUS):
        assert not may_write_quality_data(actor, 7)


def test_who_uses_the_pages_and_who_sees_aggregates() -> None:
    assert [may_use_diagnosis(a) for a in (OWN, ADMIN, AUTHORITY, EVALUATOR, ANONYMOUS)] == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert not may_use_diagnosis(Actor(user=None, role=Role.ENTERPRISE))  # no enterprise
    assert [may_see_quality_monitoring(a) for a in (OWN, ADMIN, AUTHORITY, EVALUATOR)] == [
        False,
        True,
        True,
        False,
    ]
    assert sees_quality_aggregates_only(AUTHORITY) and not sees_quality_aggregates_only(ADMIN)


def test_the_enterprise_a_request_works_on() -> None:
    assert own_enterprise_id(OWN) == 7 and own_enterprise_id(ADMIN) is None
    assert diagnosis_enterprise_for(OWN, 8) == 7  # an enterprise user cannot pick another
    assert diagnosis_enterprise_for(ADMIN, 8) == 8
    assert diagnosis_enterprise_for(ADMIN, None) is None
    with pytest.raises(Forbidden):
        diagnosis_enterprise_for(AUTHORITY, 7)
