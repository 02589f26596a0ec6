"""Refusals of traceability: EPCIS problems (RFC 7807 with the standard's types) and recall rules."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from qualitas.core.errors import DomainError


class EpcisProblem(DomainError):
    """An EPCIS request refused: ``problem_type`` is the standard's exception type, ``status``
    the HTTP status, ``errors`` the failing events (index, eventID, JSON pointer, message)."""

    default_message = _("The EPCIS request cannot be carried out.")

    def __init__(
        self,
        message: Any = None,
        *,
        problem_type: str = "epcisException:ValidationException",
        status: int = 400,
        errors: list[dict[str, Any]] | None = None,
        field: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(message, field=field, **params)
        self.problem_type = problem_type
        self.status = status
        self.errors = errors or []


class RecallError(DomainError):
    """A recall step refused; the message names the field."""
