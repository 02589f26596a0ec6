"""Access policies of the registry (enterprises, products, sites, contacts, imports)."""

from __future__ import annotations

__all__: list[str] = []
