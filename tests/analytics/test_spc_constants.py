"""Control-chart constants against the published table, for every subgroup size 2..25."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qualitas.analytics.errors import AnalyticsError
from qualitas.analytics.spc import constants as k

# Entries where the printed table disagrees with the exact value by more than half a unit
# of its last digit (but less than one unit): the table was computed from rounded
# intermediates (e.g. D4 = 1 + 3·d3/d2 with d2, d3 already rounded to 3 decimals). These
# are asserted within one unit; every other entry within half a unit, i.e. it rounds to
# exactly the printed digits.
ROUNDING_QUIRKS = {
    (3, "D4"),
    (18, "D4"),
    (19, "d3"),
    (19, "D3"),
    (19, "D4"),
    (22, "D3"),
    (22, "D4"),
    (24, "D3"),
}


@pytest.mark.parametrize("n", range(k.N_MIN, k.N_MAX + 1))
def test_every_factor_matches_the_published_table(n: int) -> None:
    computed = k.factors(n)
    for name, printed in k.PUBLISHED[n].items():
        digits = len(printed.split(".")[1]) if "." in printed else 3
        unit = 10.0**-digits
        allowed = unit if (n, name) in ROUNDING_QUIRKS else 0.5 * unit + 1e-12
        assert abs(computed[name] - float(printed)) <= allowed, (n, name, computed[name], printed)


def test_quirk_list_is_not_stale() -> None:
    # Each listed quirk really is off by more than half a unit, so the list stays honest.
    for n, name in ROUNDING_QUIRKS:
        printed = k.PUBLISHED[n][name]
        assert abs(k.factors(n)[name] - float(printed)) > 0.5e-3


def test_closed_forms_and_high_precision_values() -> None:
    # d2(2) = 2/√π and d3(2) = √(2 − 4/π) exactly; d2(5) and d3(5) to 8 digits
    # (Harter 1960 tables: 2.3259289, 0.8640819 — qcc's built-in 0.8640855 is slightly off).
    assert k.d2(2) == pytest.approx(2 / math.sqrt(math.pi), abs=1e-11)
    assert k.d3(2) == pytest.approx(math.sqrt(2 - 4 / math.pi), abs=1e-9)
    assert k.d2(5) == pytest.approx(2.3259289, abs=1e-7)
    assert k.d3(5) == pytest.approx(0.8640819, abs=1e-7)
    assert k.c4(2) == pytest.approx(math.sqrt(2 / math.pi), abs=1e-15)
    assert round(k.d2(5), 3) == 2.326  # the value qcc and the printed tables use
    f = k.factors(5)
    assert f["E2"] == pytest.approx(3 / k.d2(5))
    assert f["A"] == pytest.approx(3 / math.sqrt(5))
    assert f["D1"] == 0.0 and f["D2"] == pytest.approx(k.d2(5) + 3 * k.d3(5))


def test_array_lookups_match_scalars() -> None:
    sizes = np.array([[2, 5], [5, 25]])
    assert np.allclose(k.d2_array(sizes), [[k.d2(2), k.d2(5)], [k.d2(5), k.d2(25)]], rtol=0, atol=0)
    assert np.allclose(k.d3_array(sizes)[1, 1], k.d3(25))
    assert np.allclose(k.c4_array(sizes), [[k.c4(2), k.c4(5)], [k.c4(5), k.c4(25)]], rtol=1e-14)


@pytest.mark.parametrize("bad", [1, 0, 2.5])
def test_invalid_sizes_are_rejected(bad: float) -> None:
    with pytest.raises(AnalyticsError, match="subgroup size"):
        k.d2(bad)  # type: ignore[arg-type]
