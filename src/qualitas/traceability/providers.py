"""Contributions of traceability and recalls through ``core.providers`` (filled in with recalls)."""
