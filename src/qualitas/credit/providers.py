"""Credit's contributions through ``core.providers`` (ADR 0007). Registered from
``CreditConfig.ready()``; readers never import this module."""

from __future__ import annotations
