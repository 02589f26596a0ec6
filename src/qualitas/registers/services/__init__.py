"""Writes of the authority's registers, one module per register; the public names re-exported.

Every service checks access (``core.access``), validates its input with a
:class:`~qualitas.registers.services.base.RegisterError` naming the field (and row), runs in one
transaction (nothing half-written) and appends the change to the audit chain.
"""

from qualitas.registers.services.base import RegisterError
from qualitas.registers.services.cases import (
    case_publish,
    case_save,
    case_withdraw,
    parse_figures,
    parse_topics,
)
from qualitas.registers.services.knowledge import qa_publish, qa_save
from qualitas.registers.services.labs import (
    lab_assessment_record,
    laboratory_publish,
    laboratory_save,
    parse_test_items,
)
from qualitas.registers.services.reports import (
    parse_targets,
    plan_publish,
    plan_save,
    summary_compile,
    summary_edit,
    summary_publish,
)

__all__ = [
    "RegisterError",
    "case_publish",
    "case_save",
    "case_withdraw",
    "lab_assessment_record",
    "laboratory_publish",
    "laboratory_save",
    "parse_figures",
    "parse_targets",
    "parse_test_items",
    "parse_topics",
    "plan_publish",
    "plan_save",
    "qa_publish",
    "qa_save",
    "summary_compile",
    "summary_edit",
    "summary_publish",
]
