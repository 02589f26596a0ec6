"""Models of the authority's registers, one module per register (``labs``, …)."""

from qualitas.registers.models.labs import LabAssessment, Laboratory, LabTestItem

__all__ = ["LabAssessment", "LabTestItem", "Laboratory"]
