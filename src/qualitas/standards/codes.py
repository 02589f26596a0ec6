"""Standard numbers: parse, normalise and classify (no Django models).

Chinese standard numbers have the form ``<prefix> <sequence>-<year>``:

* national: ``GB`` (mandatory), ``GB/T`` (recommended), ``GB/Z`` (guidance) — ``GB/T 1234.1-2020``;
* industry: two capital letters, ``/T`` when recommended — ``QB/T 1234-2018``, ``JB/T``, ``SJ/T``, ``YY``;
* local: ``DB`` and the province's two-digit code — ``DB33/T 123-2021``;
* group: ``T/`` and the body's code — ``T/CZGX 001-2022``;
* enterprise: ``Q/`` and the enterprise's code — ``Q/HZXF 001-2024``, ``Q/330106 ABC 002-2023``;
* international: ``ISO 9001:2015``, ``IEC 62133-2:2017``.

Full-width marks (／, －, —, ：), lower case and runs of spaces are normalised before checking;
the year has four digits (1950 to next year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEQ = r"(?P<seq>\d+(?:\.\d+)*)"
_YEAR = r"(?P<year>\d{4})"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("national", re.compile(rf"^(?P<prefix>GB(?:/[TZ])?) {_SEQ}-{_YEAR}$")),
    ("local", re.compile(rf"^(?P<prefix>DB\d{{2}}(?:/T)?) {_SEQ}-{_YEAR}$")),
    ("group", re.compile(rf"^(?P<prefix>T/[A-Z][A-Z0-9]{{1,15}}) {_SEQ}-{_YEAR}$")),
    (
        "enterprise",
        re.compile(rf"^(?P<prefix>Q/[A-Z0-9]{{1,20}}(?: [A-Z0-9]{{1,20}})?) {_SEQ}[A-Z]?-{_YEAR}$"),
    ),
    ("international", re.compile(rf"^(?P<prefix>(?:ISO|IEC)(?:/IEC)?) {_SEQ}(?:-\d+)*:{_YEAR}$")),
    ("industry", re.compile(rf"^(?P<prefix>[A-Z]{{2}}(?:/T)?) {_SEQ}-{_YEAR}$")),
]

_FULLWIDTH = str.maketrans({"／": "/", "－": "-", "—": "-", "–": "-", "：": ":", "　": " "})


@dataclass(frozen=True)
class StandardCode:
    code: str
    kind: str
    prefix: str
    year: int

    @property
    def mandatory(self) -> bool:
        """A mandatory standard: ``GB``, an industry or local prefix without ``/T`` (``/Z`` is guidance)."""
        if self.kind in ("national", "industry", "local"):
            return "/" not in self.prefix
        return False


def normalise(text: str) -> str:
    """Upper case, ASCII marks, single spaces, one space between prefix and number."""
    s = (text or "").translate(_FULLWIDTH).upper().strip()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s*([/:-])\s*", r"\1", s)
    # "GB/T1234-2020" → "GB/T 1234-2020": without a space, one goes before the number
    if " " not in s:
        m = re.match(r"^(DB\d{2}(?:/T)?|[A-Z]+(?:/[A-Z]+)*)(\d.*)$", s)
        if m:
            s = f"{m.group(1)} {m.group(2)}"
    return s


def parse(text: str, *, max_year: int) -> StandardCode | None:
    """The parsed code, or ``None`` when ``text`` is not a standard number of a known form."""
    s = normalise(text)
    for kind, pattern in _PATTERNS:
        m = pattern.match(s)
        if m:
            year = int(m.group("year"))
            if not 1950 <= year <= max_year:
                return None
            return StandardCode(code=s, kind=kind, prefix=m.group("prefix"), year=year)
    return None
