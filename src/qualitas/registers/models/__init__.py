"""Models of the authority's registers, one module per register (``labs``, ``reports``, …)."""

from qualitas.registers.models.cases import CaseFigure, CaseTopic, TypicalCase
from qualitas.registers.models.knowledge import QAEntry
from qualitas.registers.models.labs import LabAssessment, Laboratory, LabTestItem
from qualitas.registers.models.reports import AnnualPlan, PlanTarget, WorkSummary, summary_due

__all__ = [
    "AnnualPlan",
    "CaseFigure",
    "CaseTopic",
    "LabAssessment",
    "LabTestItem",
    "Laboratory",
    "PlanTarget",
    "QAEntry",
    "TypicalCase",
    "WorkSummary",
    "summary_due",
]
