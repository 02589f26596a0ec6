"""Access policies of capability evaluation (campaigns, assignments, results, certificates, chains)."""

from __future__ import annotations

__all__: list[str] = []
