"""Writes of capability evaluation. The only place that changes evaluation rows; every change is audited.

Who may do what is decided by the policies of ``qualitas.core.access.evaluation``; these
services call them before every write (and add the conflict-of-interest and qualification checks
when a team is put together).

The writes are split by subdomain (``frameworks``, ``self_assessment``, ``applications``, ``authority``,
``campaigns``, ``teams``, ``plans``, ``onsite``, ``results``, ``surveillance``, ``chains``); this package re-exports their
public names, so ``from qualitas.evaluation import services`` and ``services.result_publish``
keep working.
"""

from __future__ import annotations

from qualitas.evaluation.services._common import (
    EvaluationError,
)
from qualitas.evaluation.services.applications import (
    application_accept,
    application_decline,
    application_submit,
    application_withdraw,
    document_request_answer,
    document_review_pass,
    document_review_request,
    require_documents_passed,
)
from qualitas.evaluation.services.authority import (
    gate_record_create,
    regional_target_set,
)
from qualitas.evaluation.services.campaigns import (
    assignment_set_institution,
    campaign_create,
)
from qualitas.evaluation.services.chains import (
    chain_consent_active,
    chain_invite,
    chain_respond,
    chain_withdraw,
)
from qualitas.evaluation.services.frameworks import (
    framework_active,
    framework_default_load,
    framework_document,
    framework_import,
)
from qualitas.evaluation.services.onsite import (
    evaluation_for,
    evaluation_submit,
    score_save,
)
from qualitas.evaluation.services.plans import (
    onsite_plan_confirm,
    onsite_plan_request_change,
    onsite_plan_send,
    require_scoring_open,
)
from qualitas.evaluation.services.result_import import (
    COLUMNS as RESULT_IMPORT_COLUMNS,
)
from qualitas.evaluation.services.result_import import (
    ResultImportReport,
    results_import,
)
from qualitas.evaluation.services.results import (
    BULK_ACTIONS,
    appeal_decide,
    appeal_file,
    certificate_code,
    evaluations_consolidate,
    latest_self_scores,
    result_approve,
    result_correct,
    result_publish,
    results_bulk,
)
from qualitas.evaluation.services.self_assessment import (
    answer_save,
    assessment_start,
    assessment_submit,
    evidence_add,
    gate_events,
)
from qualitas.evaluation.services.surveillance import (
    certificate_act,
    surveillance_record,
)
from qualitas.evaluation.services.teams import (
    Conflict,
    assignment_assign_evaluators,
    coi_conflicts,
    coi_declare,
    qualification_problems,
)

__all__ = [
    "BULK_ACTIONS",
    "Conflict",
    "EvaluationError",
    "answer_save",
    "application_accept",
    "application_decline",
    "application_submit",
    "application_withdraw",
    "document_request_answer",
    "document_review_pass",
    "document_review_request",
    "require_documents_passed",
    "onsite_plan_confirm",
    "onsite_plan_request_change",
    "onsite_plan_send",
    "require_scoring_open",
    "certificate_act",
    "RESULT_IMPORT_COLUMNS",
    "ResultImportReport",
    "results_import",
    "surveillance_record",
    "appeal_decide",
    "appeal_file",
    "assessment_start",
    "assessment_submit",
    "assignment_assign_evaluators",
    "assignment_set_institution",
    "campaign_create",
    "certificate_code",
    "chain_consent_active",
    "chain_invite",
    "chain_respond",
    "chain_withdraw",
    "coi_conflicts",
    "coi_declare",
    "evaluation_for",
    "evaluation_submit",
    "evaluations_consolidate",
    "evidence_add",
    "framework_active",
    "framework_default_load",
    "framework_document",
    "framework_import",
    "gate_events",
    "gate_record_create",
    "latest_self_scores",
    "qualification_problems",
    "regional_target_set",
    "result_approve",
    "result_correct",
    "result_publish",
    "results_bulk",
    "score_save",
]
