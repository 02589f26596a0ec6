"""Writes of traceability: EPCIS capture (``capture``), company prefixes, recalls (``recalls``).

The public names are re-exported here; callers import from ``qualitas.traceability.services``.
"""

from qualitas.traceability.services.capture import (
    CAPTURE_MAX_BYTES,
    CAPTURE_MAX_EVENTS,
    capture_process,
    capture_submit,
    company_prefix_set,
    parse_document,
    parse_xml_document,
)
from qualitas.traceability.services.queries import (
    query_create,
    query_delete,
    schedule_notifications,
    subscription_create,
    subscriptions_notify,
)
from qualitas.traceability.services.recalls import (
    recall_close,
    recall_file,
    recall_investigate,
    recall_plan,
    recall_progress_add,
    recall_publish,
    recall_report,
    recall_scope_compute,
)

__all__ = [
    "CAPTURE_MAX_BYTES",
    "CAPTURE_MAX_EVENTS",
    "capture_process",
    "capture_submit",
    "company_prefix_set",
    "parse_document",
    "parse_xml_document",
    "query_create",
    "recall_close",
    "recall_file",
    "recall_investigate",
    "recall_plan",
    "recall_progress_add",
    "recall_publish",
    "recall_report",
    "recall_scope_compute",
    "query_delete",
    "schedule_notifications",
    "subscription_create",
    "subscriptions_notify",
]
