"""Writes of the index app, one module per subdomain:

* :mod:`~qualitas.index.services.versions` — methodology versions (drafts, publication);
* :mod:`~qualitas.index.services.observations` — extracting and reading the observations;
* :mod:`~qualitas.index.services.runs` — computing, storing, reproducing and recomputing runs;
* :mod:`~qualitas.index.services.early_warning` — evaluating and acknowledging warnings;
* :mod:`~qualitas.index.services.rules` — warning rules.

Every write runs in ``transaction.atomic()`` and is audited. The computation itself is
``qualitas.analytics.index``; these modules feed it the stored observations and store the cells.
Callers import the public names from here.
"""

from qualitas.index.services.common import IndexInputError, Progress
from qualitas.index.services.early_warning import (
    ENTERPRISES_PER_WARNING,
    warning_acknowledge,
    warnings_evaluate,
)
from qualitas.index.services.observations import (
    OBSERVATION_COLUMNS,
    observations_digest,
    observations_frame,
    observations_refresh,
)
from qualitas.index.services.rules import RULE_FIELDS, rule_create, rule_update
from qualitas.index.services.runs import (
    CELL_COLUMNS,
    MAX_QUARTERS,
    index_compute,
    index_recompute_run,
    index_recompute_start,
    index_reproduce,
    latest_complete_quarter,
    recompute_quarters,
)
from qualitas.index.services.versions import (
    MAX_REPLICATES,
    VERSION_FIELDS,
    current_version,
    version_copy,
    version_create,
    version_publish,
    version_update,
)

__all__ = [
    "CELL_COLUMNS",
    "ENTERPRISES_PER_WARNING",
    "MAX_QUARTERS",
    "MAX_REPLICATES",
    "OBSERVATION_COLUMNS",
    "RULE_FIELDS",
    "VERSION_FIELDS",
    "IndexInputError",
    "Progress",
    "current_version",
    "index_compute",
    "index_recompute_run",
    "index_recompute_start",
    "index_reproduce",
    "latest_complete_quarter",
    "observations_digest",
    "observations_frame",
    "observations_refresh",
    "recompute_quarters",
    "rule_create",
    "rule_update",
    "version_copy",
    "version_create",
    "version_publish",
    "version_update",
    "warning_acknowledge",
    "warnings_evaluate",
]
