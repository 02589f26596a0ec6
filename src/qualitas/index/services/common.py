"""What every part of the index services shares: the error type and the progress callback."""

from __future__ import annotations

from collections.abc import Callable

from qualitas.index.errors import IndexInputError

__all__ = ["IndexInputError", "Progress"]

Progress = Callable[[str, int, int], None]  # (phase, done, total)
