"""Access policies of the quality index, map and early warnings."""

from __future__ import annotations

__all__: list[str] = []
