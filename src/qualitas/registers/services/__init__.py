"""Writes of the authority's registers, one module per register; the public names re-exported.

Every service checks access (``core.access``), validates its input with a
:class:`~qualitas.registers.services.base.RegisterError` naming the field (and row), runs in one
transaction (nothing half-written) and appends the change to the audit chain.
"""

from qualitas.registers.services.base import RegisterError
from qualitas.registers.services.labs import (
    lab_assessment_record,
    laboratory_publish,
    laboratory_save,
    parse_test_items,
)

__all__ = [
    "RegisterError",
    "lab_assessment_record",
    "laboratory_publish",
    "laboratory_save",
    "parse_test_items",
]
