"""The index's indicators: every indicator the source apps contribute, with its normalisation and weight.

The index knows no source app. An app plugs an indicator in by registering a
:class:`qualitas.core.providers.IndicatorSource` from its ``providers.py`` (a key, labels, the
direction, the default normalisation and weight — a methodology version copies these and may
change them — and a *source*: a function that returns, for the asked quarters, one row per
(enterprise, quarter) with ``num`` and ``den``; the indicator's value in a cell is
``Σ num / Σ den`` over the cell's enterprises). Sources read their own app's data as of each
quarter end. :data:`INDICATORS` is a live view of ``core.providers.indicator_sources()``: what
the apps have registered by the time it is read, in registration order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext_lazy as _

from qualitas.core.providers import (
    INDICATOR_COLUMNS,
    IndicatorSource,
    empty_indicator_frame,
    indicator_sources,
    quarter_end,
)

__all__ = [
    "INDICATORS",
    "SOURCE_COLUMNS",
    "Indicator",
    "as_float",
    "default_indicator_spec",
    "extract",
    "indicator_label",
    "quarter_end",
]

Indicator = IndicatorSource
SOURCE_COLUMNS = list(INDICATOR_COLUMNS)


class _Registered(Mapping[str, IndicatorSource]):
    """The indicators registered through ``core.providers``, read at each use (apps register
    theirs from ``AppConfig.ready()``, which may run after this module is imported)."""

    def __getitem__(self, key: str) -> IndicatorSource:
        return indicator_sources()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(indicator_sources())

    def __len__(self) -> int:
        return len(indicator_sources())

    def __contains__(self, key: object) -> bool:
        return key in indicator_sources()


INDICATORS: Mapping[str, IndicatorSource] = _Registered()


def indicator_label(key: str) -> str:
    """The label of an indicator, or of the index itself (empty key)."""
    if not key:
        return str(_("Quality management level index"))
    ind = INDICATORS.get(key)
    return str(ind.label) if ind else key


def default_indicator_spec() -> list[dict[str, Any]]:
    """The registry's defaults, as a methodology version stores them."""
    return [
        {
            "key": i.key,
            "weight": i.weight,
            "normalisation": i.normalisation,
            "higher_is_better": i.higher_is_better,
        }
        for i in INDICATORS.values()
        if i.in_default
    ]


def extract(quarters: Sequence[str], keys: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Run the sources of ``keys`` for ``quarters``; indicators whose app has no data yield empty frames."""
    out = {}
    for key in keys:
        ind = INDICATORS.get(key)
        frame = ind.source(quarters) if ind else empty_indicator_frame()
        out[key] = frame[frame["den"] > 0] if not frame.empty else frame
    return out


def as_float(values: Any) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)
