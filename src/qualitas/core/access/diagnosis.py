"""Access policies of problem diagnosis (characteristics, measurements, studies, alerts, gateway ingest)."""

from __future__ import annotations

__all__: list[str] = []
