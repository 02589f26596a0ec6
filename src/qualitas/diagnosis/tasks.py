"""Background tasks of problem diagnosis (django-tasks).

Each task is declared beside the work it runs — :func:`.imports.run_dataset_import`,
:func:`.summaries.run_capability_summary` and :func:`.summaries.run_capability_summaries` — so
that the services which enqueue them never import this module (no import cycle). They are
re-exported here under their earlier paths, for results queued before and for operators'
schedules.
"""

from __future__ import annotations

from qualitas.diagnosis.imports import run_dataset_import
from qualitas.diagnosis.summaries import run_capability_summaries, run_capability_summary

__all__ = ["run_capability_summaries", "run_capability_summary", "run_dataset_import"]
