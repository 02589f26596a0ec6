"""Statistical process control: control charts, run rules, constants, batch form.

Single characteristic: :func:`xbar_r_chart`, :func:`xbar_s_chart`, :func:`imr_chart`,
:func:`p_chart`, :func:`np_chart`, :func:`c_chart`, :func:`u_chart`,
:func:`ewma_chart`, :func:`cusum_chart` (module :mod:`.charts`). Many characteristics
at once: :func:`xbar_r_batch`, :func:`xbar_s_batch`, :func:`rules_batch` (module
:mod:`.batch`). Run rules: :mod:`.rules`; constants: :mod:`.constants`.
"""

from qualitas.analytics.spc.batch import (
    BatchChart,
    BatchResult,
    grouped_array,
    rules_batch,
    xbar_r_batch,
    xbar_s_batch,
)
from qualitas.analytics.spc.charts import (
    ChartResult,
    Violation,
    c_chart,
    cusum_chart,
    ewma_chart,
    imr_chart,
    np_chart,
    p_chart,
    u_chart,
    xbar_r_chart,
    xbar_s_chart,
)
from qualitas.analytics.spc.rules import (
    ALL_RULES,
    NELSON,
    WESTERN_ELECTRIC,
    parse_rules,
    rule_masks,
)

__all__ = [
    "ALL_RULES",
    "NELSON",
    "WESTERN_ELECTRIC",
    "BatchChart",
    "BatchResult",
    "ChartResult",
    "Violation",
    "c_chart",
    "cusum_chart",
    "ewma_chart",
    "grouped_array",
    "imr_chart",
    "np_chart",
    "p_chart",
    "parse_rules",
    "rule_masks",
    "rules_batch",
    "u_chart",
    "xbar_r_batch",
    "xbar_r_chart",
    "xbar_s_batch",
    "xbar_s_chart",
]
