"""Capability evaluation pages. Thin: check the form, call a selector or service, render.

htmx: one URL, one template; fragments are ``{% partialdef %}`` blocks of the same template.

The pages are split by who uses them (``catalogue``: frameworks and certificate checks; ``applications``;
``self_assessment``; ``authority``: campaigns, dashboard, targets, gates; ``institution``:
assignments, teams, scoring, declarations; ``result_pages``; ``supply_chain``); this package
re-exports every view, so ``urls.py`` keeps ``views.<name>``.
"""

from __future__ import annotations

from qualitas.evaluation.views.applications import (
    application_new,
    applications,
)
from qualitas.evaluation.views.authority import (
    campaign_detail,
    campaign_new,
    campaigns,
    dashboard,
    gates,
    results_import,
    target_set,
)
from qualitas.evaluation.views.catalogue import (
    framework_detail,
    framework_export,
    frameworks,
    home,
    verify,
)
from qualitas.evaluation.views.exports import (
    assignments_export,
    campaign_export,
    distribution_export,
    results_export,
)
from qualitas.evaluation.views.institution import (
    assignment_detail,
    assignments,
    coi,
    score_form,
    score_save,
)
from qualitas.evaluation.views.result_pages import (
    certificate,
    certificate_pdf,
    result_detail,
    result_report_pdf,
    results,
    results_bulk,
)
from qualitas.evaluation.views.self_assessment import (
    answer,
    evidence_add,
    questionnaire,
    report,
    report_pdf,
    self_home,
    self_start,
    self_submit,
)
from qualitas.evaluation.views.supply_chain import (
    chain,
)

__all__ = [
    "application_new",
    "applications",
    "answer",
    "assignment_detail",
    "assignments",
    "assignments_export",
    "campaign_detail",
    "campaign_export",
    "campaign_new",
    "campaigns",
    "certificate",
    "certificate_pdf",
    "chain",
    "coi",
    "dashboard",
    "distribution_export",
    "evidence_add",
    "framework_detail",
    "framework_export",
    "frameworks",
    "gates",
    "results_import",
    "home",
    "questionnaire",
    "report",
    "report_pdf",
    "result_detail",
    "result_report_pdf",
    "results",
    "results_bulk",
    "results_export",
    "score_form",
    "score_save",
    "self_home",
    "self_start",
    "self_submit",
    "target_set",
    "verify",
]
