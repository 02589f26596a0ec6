"""Reads of the authority's registers, scoped through ``core.access`` (``core/access/registers.py``);
one module per register, the public names re-exported."""

from qualitas.registers.selectors.cases import (
    case_get,
    cases_for,
    industry_relation,
    own_industry,
    published_cases,
    suggest_cases,
)
from qualitas.registers.selectors.knowledge import published_qa, qa_for, qa_get
from qualitas.registers.selectors.labs import (
    laboratories_for,
    laboratory_get,
    published_laboratories,
)
from qualitas.registers.selectors.reports import (
    plan_get,
    plans_for,
    published_summaries,
    summaries_for,
    summary_chart,
    summary_export_rows,
    summary_get,
    summary_rows,
)

__all__ = [
    "case_get",
    "cases_for",
    "industry_relation",
    "own_industry",
    "published_cases",
    "suggest_cases",
    "laboratories_for",
    "laboratory_get",
    "plan_get",
    "plans_for",
    "published_laboratories",
    "published_qa",
    "qa_for",
    "qa_get",
    "published_summaries",
    "summaries_for",
    "summary_chart",
    "summary_export_rows",
    "summary_get",
    "summary_rows",
]
