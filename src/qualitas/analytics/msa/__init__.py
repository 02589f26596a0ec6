"""Measurement system analysis: Gage R&R, type-1 gage study, bias and linearity, attribute agreement.

Each study lives in its own module; the public names are re-exported here.
"""

from qualitas.analytics.msa.attribute import (
    Agreement,
    AttributeAgreementResult,
    attribute_agreement,
)
from qualitas.analytics.msa.gage_rr import (
    GageRRResult,
    VarianceBreakdown,
    XbarRLimits,
    gage_rr,
    verdict_from_pct,
)
from qualitas.analytics.msa.type1 import (
    BiasAtReference,
    GageType1Result,
    LinearityResult,
    RegressionTerm,
    bias_linearity,
    gage_type1,
)

__all__ = [
    "Agreement",
    "AttributeAgreementResult",
    "BiasAtReference",
    "GageRRResult",
    "GageType1Result",
    "LinearityResult",
    "RegressionTerm",
    "VarianceBreakdown",
    "XbarRLimits",
    "attribute_agreement",
    "bias_linearity",
    "gage_rr",
    "gage_type1",
    "verdict_from_pct",
]
