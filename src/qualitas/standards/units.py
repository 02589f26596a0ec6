"""Units of declared indicators: which are valid and how they convert (no Django models).

Each unit belongs to a dimension and has a factor to the dimension's base unit, so a declared
value in ``g`` is compared with a mandatory limit in ``kg``. Units of different dimensions
(``mAh`` and ``Wh``) are not convertible. Symbols are matched as written, with ``µ``/``u`` and
``ℓ``/``l`` variants folded.
"""

from __future__ import annotations

from decimal import Decimal

# symbol → (dimension, factor to the base unit)
UNITS: dict[str, tuple[str, Decimal]] = {
    "mm": ("length", Decimal("0.001")),
    "cm": ("length", Decimal("0.01")),
    "m": ("length", Decimal(1)),
    "km": ("length", Decimal(1000)),
    "µm": ("length", Decimal("0.000001")),
    "mg": ("mass", Decimal("0.000001")),
    "g": ("mass", Decimal("0.001")),
    "kg": ("mass", Decimal(1)),
    "t": ("mass", Decimal(1000)),
    "mL": ("volume", Decimal("0.001")),
    "L": ("volume", Decimal(1)),
    "m³": ("volume", Decimal(1000)),
    "s": ("time", Decimal(1)),
    "min": ("time", Decimal(60)),
    "h": ("time", Decimal(3600)),
    "mV": ("voltage", Decimal("0.001")),
    "V": ("voltage", Decimal(1)),
    "kV": ("voltage", Decimal(1000)),
    "mA": ("current", Decimal("0.001")),
    "A": ("current", Decimal(1)),
    "mAh": ("charge", Decimal("0.001")),
    "Ah": ("charge", Decimal(1)),
    "mW": ("power", Decimal("0.001")),
    "W": ("power", Decimal(1)),
    "kW": ("power", Decimal(1000)),
    "Wh": ("energy", Decimal(1)),
    "kWh": ("energy", Decimal(1000)),
    "J": ("energy", Decimal(1) / Decimal(3600)),
    "°C": ("temperature", Decimal(1)),
    "%": ("ratio", Decimal("0.01")),
    "‰": ("ratio", Decimal("0.001")),
    "mg/kg": ("mass_fraction", Decimal("0.000001")),
    "g/kg": ("mass_fraction", Decimal("0.001")),
    "mg/L": ("concentration", Decimal("0.001")),
    "g/L": ("concentration", Decimal(1)),
    "dB": ("level", Decimal(1)),
    "dB(A)": ("level", Decimal(1)),
    "dBm": ("power_level", Decimal(1)),
    "MPa": ("pressure", Decimal(1000000)),
    "kPa": ("pressure", Decimal(1000)),
    "Pa": ("pressure", Decimal(1)),
    "N": ("force", Decimal(1)),
    "kN": ("force", Decimal(1000)),
    "Hz": ("frequency", Decimal(1)),
    "kHz": ("frequency", Decimal(1000)),
    "MHz": ("frequency", Decimal(1000000)),
    "GHz": ("frequency", Decimal(1000000000)),
    "MΩ": ("resistance", Decimal(1000000)),
    "Ω": ("resistance", Decimal(1)),
    "mΩ": ("resistance", Decimal("0.001")),
    "cycles": ("count", Decimal(1)),
    "pcs": ("count", Decimal(1)),
    "": ("dimensionless", Decimal(1)),
}

_FOLD = {"um": "µm", "μm": "µm", "ml": "mL", "l": "L", "ℓ": "L", "m3": "m³", "℃": "°C", "ohm": "Ω"}


def canonical(symbol: str) -> str | None:
    """The unit's canonical symbol, or ``None`` for a unit not in :data:`UNITS`."""
    s = (symbol or "").strip()
    s = _FOLD.get(s, s)
    return s if s in UNITS else None


def convertible(a: str, b: str) -> bool:
    ua, ub = canonical(a), canonical(b)
    return ua is not None and ub is not None and UNITS[ua][0] == UNITS[ub][0]


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (ValueError when not convertible)."""
    if not convertible(from_unit, to_unit):
        raise ValueError(f"{from_unit} and {to_unit} are not convertible")
    fa = UNITS[canonical(from_unit) or ""][1]
    fb = UNITS[canonical(to_unit) or ""][1]
    return value * fa / fb
