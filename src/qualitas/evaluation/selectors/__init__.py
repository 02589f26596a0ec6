"""Reads of capability evaluation, scoped through ``core.access``.

* self-assessments: row access (the enterprise's own users; authorities read their regions);
* assignments: the institution's manager and reviewers, the evaluators on the team, the
  campaign's authority; results: the same plus the enterprise; published results are public
  through the certificate page only;
* statistics: aggregate access, small groups withheld as ``core.access.aggregate_min_group`` says.

The reads are split by subdomain (``frameworks``, ``self_assessment``, ``campaigns``,
``results``, ``chains``, ``dashboards``); this package re-exports their public names, so
``from qualitas.evaluation import selectors`` keeps working.
"""

from __future__ import annotations

from qualitas.evaluation.selectors._common import (
    min_group,
)
from qualitas.evaluation.selectors.applications import (
    application_get,
    applications_for,
    document_review_of,
    document_review_of_application,
    evidence_of,
    institutions_to_apply,
    latest_submitted_assessment,
    onsite_plan_of,
    onsite_plans_for_enterprise,
    open_reviews_for_enterprise,
)
from qualitas.evaluation.selectors.campaigns import (
    CampaignProgress,
    assignment_get,
    assignments_for,
    campaign_candidates,
    campaign_get,
    campaign_progress,
    campaigns_for,
    campaigns_progress,
    coi_declarations_for,
    evaluation_rows,
    evaluators_of_institution,
    qualifications_for,
    scoring_summary,
    self_assessment_for_evaluation,
)
from qualitas.evaluation.selectors.chains import (
    ChainRow,
    ChainView,
    chain_view,
    invitation_received_get,
    invitations_received,
)
from qualitas.evaluation.selectors.dashboards import (
    NATIONAL_TARGETS_2027,
    InstitutionConsistency,
    consistency_by_institution,
    dashboard_counts,
    gate_records_for,
    level_distribution,
    regions_for,
    targets_progress,
)
from qualitas.evaluation.selectors.frameworks import (
    DimensionNode,
    IndicatorNode,
    framework_get,
    framework_tree,
    frameworks_list,
    requirement_by_code,
    requirement_code,
    requirement_labels,
    requirements_count,
)
from qualitas.evaluation.selectors.results import (
    Verification,
    appeal_get,
    appeal_of_result,
    certificate_verify,
    current_levels,
    result_get,
    result_versions,
    results_by_pks,
    results_for,
)
from qualitas.evaluation.selectors.self_assessment import (
    assessment_answers,
    assessment_get,
    assessment_progress,
    assessments_for,
    peers_for,
)
from qualitas.evaluation.selectors.surveillance import (
    OUT_OF_FORCE,
    SurveillanceYear,
    certificate_standing,
    surveillance_due,
    surveillance_schedule,
    surveillance_years,
    with_standing,
)

__all__ = [
    "application_get",
    "applications_for",
    "OUT_OF_FORCE",
    "SurveillanceYear",
    "certificate_standing",
    "surveillance_due",
    "surveillance_schedule",
    "surveillance_years",
    "with_standing",
    "onsite_plan_of",
    "onsite_plans_for_enterprise",
    "document_review_of",
    "document_review_of_application",
    "evidence_of",
    "institutions_to_apply",
    "latest_submitted_assessment",
    "open_reviews_for_enterprise",
    "CampaignProgress",
    "InstitutionConsistency",
    "ChainRow",
    "ChainView",
    "DimensionNode",
    "IndicatorNode",
    "NATIONAL_TARGETS_2027",
    "Verification",
    "appeal_get",
    "appeal_of_result",
    "assessment_answers",
    "assessment_get",
    "assessment_progress",
    "assessments_for",
    "assignment_get",
    "assignments_for",
    "campaign_candidates",
    "campaign_get",
    "campaign_progress",
    "campaigns_progress",
    "campaigns_for",
    "certificate_verify",
    "chain_view",
    "coi_declarations_for",
    "consistency_by_institution",
    "current_levels",
    "dashboard_counts",
    "evaluation_rows",
    "scoring_summary",
    "evaluators_of_institution",
    "framework_get",
    "framework_tree",
    "frameworks_list",
    "gate_records_for",
    "invitation_received_get",
    "invitations_received",
    "level_distribution",
    "min_group",
    "peers_for",
    "qualifications_for",
    "regions_for",
    "requirement_by_code",
    "requirement_code",
    "requirement_labels",
    "requirements_count",
    "result_get",
    "result_versions",
    "results_by_pks",
    "results_for",
    "self_assessment_for_evaluation",
    "targets_progress",
]
