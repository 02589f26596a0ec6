"""Unit names a characteristic may use: symbol, Chinese name, English name.

Source: the SI Brochure (BIPM, 9th edition 2019, tables 2–4 and 8: base units, derived units
with special names, units accepted for use with the SI) and GB 3100-1993 / GB 3102 (the Chinese
legal units of measurement, which adopt the SI with the Chinese names used below), plus the
common industrial units a quality engineer meets on the shop floor (µm, mm, N·m, HRC, ppm, %,
counts). A unit is chosen by its symbol; the form and the API refuse anything else.
"""

from __future__ import annotations

UNITS: tuple[tuple[str, str, str], ...] = (
    # length
    ("m", "米", "metre"),
    ("km", "千米", "kilometre"),
    ("cm", "厘米", "centimetre"),
    ("mm", "毫米", "millimetre"),
    ("µm", "微米", "micrometre"),
    ("nm", "纳米", "nanometre"),
    # area, volume
    ("m²", "平方米", "square metre"),
    ("mm²", "平方毫米", "square millimetre"),
    ("m³", "立方米", "cubic metre"),
    ("L", "升", "litre"),
    ("mL", "毫升", "millilitre"),
    # mass
    ("kg", "千克", "kilogram"),
    ("g", "克", "gram"),
    ("mg", "毫克", "milligram"),
    ("t", "吨", "tonne"),
    # time
    ("s", "秒", "second"),
    ("ms", "毫秒", "millisecond"),
    ("min", "分", "minute"),
    ("h", "小时", "hour"),
    ("d", "天", "day"),
    # temperature
    ("K", "开尔文", "kelvin"),
    ("°C", "摄氏度", "degree Celsius"),
    # electricity
    ("A", "安培", "ampere"),
    ("mA", "毫安", "milliampere"),
    ("V", "伏特", "volt"),
    ("mV", "毫伏", "millivolt"),
    ("kV", "千伏", "kilovolt"),
    ("Ω", "欧姆", "ohm"),
    ("mΩ", "毫欧", "milliohm"),
    ("kΩ", "千欧", "kiloohm"),
    ("W", "瓦特", "watt"),
    ("kW", "千瓦", "kilowatt"),
    ("F", "法拉", "farad"),
    ("µF", "微法", "microfarad"),
    ("C", "库仑", "coulomb"),
    ("Ah", "安时", "ampere hour"),
    ("mAh", "毫安时", "milliampere hour"),
    ("Wh", "瓦时", "watt hour"),
    ("Hz", "赫兹", "hertz"),
    ("kHz", "千赫", "kilohertz"),
    ("MHz", "兆赫", "megahertz"),
    # mechanics
    ("N", "牛顿", "newton"),
    ("kN", "千牛", "kilonewton"),
    ("N·m", "牛·米", "newton metre"),
    ("Pa", "帕斯卡", "pascal"),
    ("kPa", "千帕", "kilopascal"),
    ("MPa", "兆帕", "megapascal"),
    ("bar", "巴", "bar"),
    ("J", "焦耳", "joule"),
    ("kJ", "千焦", "kilojoule"),
    ("rpm", "转每分", "revolutions per minute"),
    ("m/s", "米每秒", "metre per second"),
    ("kg/m³", "千克每立方米", "kilogram per cubic metre"),
    ("g/cm³", "克每立方厘米", "gram per cubic centimetre"),
    ("mPa·s", "毫帕·秒", "millipascal second"),
    ("L/min", "升每分", "litre per minute"),
    # angle, light, sound, chemistry
    ("rad", "弧度", "radian"),
    ("°", "度", "degree (angle)"),
    ("′", "分 (角)", "minute (angle)"),
    ("cd", "坎德拉", "candela"),
    ("lm", "流明", "lumen"),
    ("lx", "勒克斯", "lux"),
    ("dB", "分贝", "decibel"),
    ("mol", "摩尔", "mole"),
    ("mol/L", "摩尔每升", "mole per litre"),
    ("pH", "pH 值", "pH"),
    ("mg/L", "毫克每升", "milligram per litre"),
    # hardness, roughness, ratios, counts
    ("HRC", "洛氏硬度 C", "Rockwell hardness C"),
    ("HB", "布氏硬度", "Brinell hardness"),
    ("HV", "维氏硬度", "Vickers hardness"),
    ("HA", "邵氏硬度 A", "Shore hardness A"),
    ("%", "百分比", "percent"),
    ("‰", "千分比", "per mille"),
    ("ppm", "百万分率", "parts per million"),
    ("1", "无量纲", "dimensionless"),
    ("pcs", "件", "pieces"),
    ("defects", "缺陷数", "defects (count)"),
)

SYMBOLS: frozenset[str] = frozenset(symbol for symbol, _, _ in UNITS)
# Accept a few spellings people type for the same symbol.
ALIASES: dict[str, str] = {
    "um": "µm",
    "μm": "µm",
    "degC": "°C",
    "℃": "°C",
    "Nm": "N·m",
    "N.m": "N·m",
    "ohm": "Ω",
    "uF": "µF",
    "μF": "µF",
}


def normalise_unit(value: str) -> str | None:
    """The canonical symbol for ``value`` (a symbol, an alias, or a Chinese/English name), else None."""
    text = (value or "").strip()
    if text in SYMBOLS:
        return text
    if text in ALIASES:
        return ALIASES[text]
    low = text.lower()
    for symbol, zh, en in UNITS:
        if text == zh or low == en.lower():
            return symbol
    return None


def unit_choices() -> list[tuple[str, str]]:
    """(symbol, "symbol — 中文 / English") pairs for forms."""
    return [(s, f"{s} — {zh} / {en}") for s, zh, en in UNITS]
