"""Writes of supplier quality (one module per subdomain). Every service checks access
(``core.access``), validates its input with a :class:`SupplierError` naming the field, writes all
or nothing and appends to the audit chain."""

from qualitas.suppliers.services.actions import (
    action_close,
    action_open,
    action_open_from_lot,
    action_submit,
    action_verify,
    may_work_on,
)
from qualitas.suppliers.services.audits import (
    audit_answers,
    audit_complete,
    audit_plan,
    audit_record,
    checklist_import,
    default_template,
    parse_scores,
)
from qualitas.suppliers.services.common import SupplierError
from qualitas.suppliers.services.imports import lot_results_import
from qualitas.suppliers.services.inspection import (
    MAX_LOT_SIZE,
    aql_label,
    lot_receive,
    lot_record_result,
    part_create,
    part_resume,
    part_set_reduced_approval,
    sampling_plan,
    supplier_create,
)
from qualitas.suppliers.services.status import (
    check_class_policy,
    scorecard_options,
    scorecards_apply_classes,
    supplier_set_status,
)

__all__ = [
    "MAX_LOT_SIZE",
    "SupplierError",
    "action_close",
    "action_open",
    "action_open_from_lot",
    "action_submit",
    "action_verify",
    "aql_label",
    "audit_answers",
    "check_class_policy",
    "audit_complete",
    "audit_plan",
    "audit_record",
    "checklist_import",
    "default_template",
    "lot_receive",
    "lot_results_import",
    "lot_record_result",
    "may_work_on",
    "parse_scores",
    "part_create",
    "part_resume",
    "part_set_reduced_approval",
    "sampling_plan",
    "scorecard_options",
    "scorecards_apply_classes",
    "supplier_create",
    "supplier_set_status",
]
