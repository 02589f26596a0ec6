"""The error of problem diagnosis (its own module, so that every diagnosis module can raise it
without importing another's logic)."""

from __future__ import annotations

from qualitas.core.errors import DomainError


class DiagnosisError(DomainError):
    """A diagnosis request refused for a reason the user can fix; ``field`` names the input."""


class BatchConflict(DiagnosisError):
    """A batch id already received with other data (the API answers 409)."""
