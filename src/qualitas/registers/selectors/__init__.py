"""Reads of the authority's registers, scoped through ``core.access`` (``core/access/registers.py``);
one module per register, the public names re-exported."""

from qualitas.registers.selectors.labs import (
    laboratories_for,
    laboratory_get,
    published_laboratories,
)

__all__ = ["laboratories_for", "laboratory_get", "published_laboratories"]
