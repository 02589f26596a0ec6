"""What the evaluation app contributes to other apps through ``core.providers`` (profile sections,
evaluation evidence, index indicators, credit factors, search documents). Registered from
``AppConfig.ready()``; readers never import this module."""

from __future__ import annotations
