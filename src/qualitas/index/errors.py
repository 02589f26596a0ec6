"""The index's refusal; ``services`` and ``selectors`` both raise it."""

from __future__ import annotations

from qualitas.core.errors import DomainError


class IndexInputError(DomainError):
    """A request the index cannot carry out; ``field`` names the input."""
