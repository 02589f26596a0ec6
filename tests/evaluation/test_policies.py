"""The evaluation policies of ``core.access`` decide on an Actor alone (no role compared elsewhere)."""

from __future__ import annotations

import pytest

from qualitas.core.access import (
    Actor,
    evaluation_home,
    may_act_for_enterprise,
    may_assign_team,
    may_consolidate,
    may_govern_region,
    may_join_team,
    may_publish_results,
    may_review_results,
    may_run_campaign,
    may_see_evaluation_statistics,
    region_within,
)

ZJ = Actor(user=None, role="authority", region_codes=("330000",))
HZ = Actor(user=None, role="authority", region_codes=("330100",))
ADMIN = Actor(user=None, role="admin")
REVIEWER = Actor(user=None, role="reviewer", institution_id=7)
MANAGER = Actor(user=None, role="institution_manager", institution_id=7)
EVALUATOR = Actor(user=None, role="evaluator", institution_id=7)
ENTERPRISE = Actor(user=None, role="enterprise", enterprise_id=3)


@pytest.mark.parametrize(
    ("code", "area", "inside"),
    [
        ("330106", "330000", True),  # a province contains its counties
        ("330106", "330100", True),  # a city its own
        ("330206", "330100", False),
        ("440300", "330000", False),
        ("", "330000", False),
    ],
)
def test_region_within(code, area, inside):
    assert region_within(code, area) is inside


def test_campaigns_in_the_officers_regions_and_nationwide_for_admins_only():
    assert may_run_campaign(ZJ, "330100") and may_run_campaign(HZ, "330106")
    assert not may_run_campaign(HZ, "330200") and not may_run_campaign(ZJ, "440000")
    assert not may_run_campaign(ZJ, None) and may_run_campaign(ADMIN, None)
    assert not may_run_campaign(REVIEWER, "330100")
    assert may_govern_region(ADMIN, "440300") and not may_govern_region(ZJ, "440300")
    assert may_see_evaluation_statistics(ZJ) and not may_see_evaluation_statistics(ENTERPRISE)


def test_reviewers_approve_managers_assign_both_publish_within_their_institution():
    assert may_review_results(REVIEWER, 7) and not may_review_results(MANAGER, 7)
    assert not may_review_results(REVIEWER, 8) and not may_review_results(REVIEWER, None)
    assert may_publish_results(MANAGER, 7) and may_consolidate(REVIEWER, 7)
    assert may_assign_team(MANAGER, 7) and not may_assign_team(REVIEWER, 7)
    assert all(f(ADMIN, None) for f in (may_review_results, may_publish_results, may_assign_team))
    assert may_join_team(EVALUATOR, 7) and not may_join_team(EVALUATOR, 8)
    assert not may_join_team(MANAGER, 7)


def test_enterprise_acts_for_itself_only_and_each_role_has_a_start():
    assert may_act_for_enterprise(ENTERPRISE, 3) and not may_act_for_enterprise(ENTERPRISE, 4)
    assert not may_act_for_enterprise(ADMIN, 3)
    assert evaluation_home(ENTERPRISE) == "evaluation:self"
    assert evaluation_home(REVIEWER) == "evaluation:results"
    assert evaluation_home(Actor(user=None, role="public")) is None
