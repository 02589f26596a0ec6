"""The quality credit rating (filled in by the rating slice)."""

from __future__ import annotations


def rate_enterprise(enterprise_id: int, *, reason: str) -> None:
    """Re-rate one enterprise under the published methodology (none yet: nothing to do)."""
    return None
