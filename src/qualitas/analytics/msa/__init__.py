"""Measurement system analysis: Gage R&R, type-1 gage study, bias and linearity, attribute agreement.

Each study lives in its own module; the public names are re-exported here.
"""

from qualitas.analytics.msa.gage_rr import (
    GageRRResult,
    VarianceBreakdown,
    XbarRLimits,
    gage_rr,
    verdict_from_pct,
)

__all__ = [
    "GageRRResult",
    "VarianceBreakdown",
    "XbarRLimits",
    "gage_rr",
    "verdict_from_pct",
]
