"""What every part of the index services shares: the error type and the progress callback."""

from __future__ import annotations

from collections.abc import Callable

from qualitas.core.errors import DomainError

Progress = Callable[[str, int, int], None]  # (phase, done, total)


class IndexInputError(DomainError):
    """A request the index cannot carry out; ``field`` names the input."""
