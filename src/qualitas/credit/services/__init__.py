"""Writes of integrity and quality credit, one module per subdomain (re-exported here):
``records`` (penalty and misconduct records, lists, credit repair, rating refresh, loans),
``appeals`` (appeals of a rating), ``methodology`` (methodology versions).

Every service checks access (``core.access``), validates its input with a :class:`CreditError`
naming the field, runs in one transaction (nothing half-written) and appends the change to the
audit chain (so the records are tamper-evident).
"""

from qualitas.credit.services.appeals import appeal_decide, appeal_submit
from qualitas.credit.services.base import CreditError
from qualitas.credit.services.methodology import (
    methodology_draft,
    methodology_publish,
    methodology_update,
    methodology_validate,
)
from qualitas.credit.services.records import (
    listing_create,
    listing_publish,
    loan_record,
    rating_refresh,
    record_approve,
    record_correct,
    record_create,
    record_publish,
    repair_apply,
    repair_decide,
)

__all__ = [
    "CreditError",
    "appeal_decide",
    "appeal_submit",
    "listing_create",
    "listing_publish",
    "loan_record",
    "methodology_draft",
    "methodology_publish",
    "methodology_update",
    "methodology_validate",
    "rating_refresh",
    "record_approve",
    "record_correct",
    "record_create",
    "record_publish",
    "repair_apply",
    "repair_decide",
]
