"""GS1 identifiers in EPCIS documents: URN and GS1 Digital Link forms, one canonical form.

EPCIS 2.0 accepts identifiers either as EPC URNs (``urn:epc:id:sgtin:0614141.812345.6789``) or
as GS1 Digital Link URIs (``https://id.gs1.org/01/00614141123452/21/6789``). The repository
stores one form so that a query or a trace finds an object whichever form a capture used: the
Digital Link on ``https://id.gs1.org`` (it needs no company-prefix length, which the URN form
carries and the Digital Link does not). Conversions follow the GS1 EPC Tag Data Standard
(SGTIN, LGTIN, SSCC, SGLN, PGLN and class-level GTIN patterns); any other URI is kept as given.

:func:`company_digits` gives the digits an identifier's GS1 company prefix starts, so that an
enterprise's prefixes decide which identifiers are its own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote

DL_ROOT = "https://id.gs1.org"

_URN = re.compile(r"^urn:epc:(id|class|idpat):(sgtin|lgtin|sscc|sgln|pgln):(.+)$", re.IGNORECASE)
_DL = re.compile(
    r"^https?://[^/]+(?:/[^?#]*?)?/(01|00|414|417)/([0-9]{8,18})(/[^?#]*)?(?:[?#].*)?$"
)


def check_digit(digits: str) -> str:
    """The GS1 mod-10 check digit of ``digits`` (the key without its last digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def _part(value: str) -> str:
    """A serial or lot in the canonical form: percent-decoded, then encoded as in a URI path."""
    return quote(unquote(value), safe="'")


def _urn_to_dl(scheme: str, kind: str, body: str) -> str | None:
    parts = body.split(".")
    kind = kind.lower()
    if kind == "sgtin" and len(parts) == 3:
        cp, ir, serial = parts
        if not (cp.isdigit() and ir.isdigit()) or len(cp) + len(ir) != 13 or not ir:
            return None
        base = ir[0] + cp + ir[1:]
        gtin = base + check_digit(base)
        if serial == "*":
            return f"{DL_ROOT}/01/{gtin}"
        return f"{DL_ROOT}/01/{gtin}/21/{_part(serial)}"
    if kind == "lgtin" and len(parts) >= 3:
        cp, ir, lot = parts[0], parts[1], ".".join(parts[2:])
        if not (cp.isdigit() and ir.isdigit()) or len(cp) + len(ir) != 13 or not ir:
            return None
        base = ir[0] + cp + ir[1:]
        return f"{DL_ROOT}/01/{base + check_digit(base)}/10/{_part(lot)}"
    if kind == "sscc" and len(parts) == 2:
        cp, sr = parts
        if not (cp.isdigit() and sr.isdigit()) or len(cp) + len(sr) != 17 or not sr:
            return None
        base = sr[0] + cp + sr[1:]
        return f"{DL_ROOT}/00/{base + check_digit(base)}"
    if kind in ("sgln", "pgln"):
        cp, ref = parts[0], parts[1] if len(parts) > 1 else ""
        if not (cp.isdigit() and (ref.isdigit() or ref == "")) or len(cp) + len(ref) != 12:
            return None
        base = cp + ref
        gln = base + check_digit(base)
        if kind == "pgln":
            return f"{DL_ROOT}/417/{gln}"
        ext = ".".join(parts[2:]) if len(parts) > 2 else "0"
        return f"{DL_ROOT}/414/{gln}" + ("" if ext in ("0", "*") else f"/254/{_part(ext)}")
    return None


@lru_cache(maxsize=1 << 16)
def canonical(identifier: str) -> str:
    """The stored form of ``identifier``: a GS1 Digital Link on id.gs1.org for the keys this
    repository understands (URN or Digital Link in), the input unchanged otherwise (remembered:
    a capture names the same lots, places and parties over and over)."""
    value = (identifier or "").strip()
    m = _URN.match(value)
    if m:
        return _urn_to_dl(m.group(1), m.group(2), m.group(3)) or value
    m = _DL.match(value)
    if m:
        ai, key, rest = m.group(1), m.group(2), (m.group(3) or "")
        width = {"01": 14, "00": 18, "414": 13, "417": 13}[ai]
        if len(key) > width:
            return value
        key = key.rjust(width, "0")
        if check_digit(key[:-1]) != key[-1]:
            return value
        segments = [s for s in rest.split("/") if s]
        out = f"{DL_ROOT}/{ai}/{key}"
        if ai == "01" and len(segments) >= 2 and segments[0] in ("21", "10"):
            out += f"/{segments[0]}/{_part(segments[1])}"
        elif ai == "414" and len(segments) >= 2 and segments[0] == "254" and segments[1] != "0":
            out += f"/254/{_part(segments[1])}"
        return out
    return value


@lru_cache(maxsize=1 << 16)
def company_digits(identifier: str) -> str:
    """The digits a GS1 company prefix of the (canonical) identifier starts with; ``""`` when it
    is not a GS1 key (a GTIN's indicator and an SSCC's extension digit are skipped)."""
    m = re.match(r"^https://id\.gs1\.org/(01|00|414|417)/([0-9]+)", identifier)
    if not m:
        return ""
    ai, key = m.groups()
    if check_digit(key[:-1]) != key[-1]:
        return ""
    if ai in ("01", "00"):
        return key[1:-1]
    return key[:-1]


def is_class(identifier: str) -> bool:
    """A class of objects (a GTIN, or a GTIN with a lot) rather than one instance."""
    return bool(re.match(r"^https://id\.gs1\.org/01/[0-9]{14}(/10/[^/]+)?$", identifier))


def owned_by(identifier: str, prefixes: list[str] | tuple[str, ...]) -> bool:
    """One of the company ``prefixes`` is the identifier's company prefix."""
    digits = company_digits(identifier)
    return bool(digits) and any(digits.startswith(p) for p in prefixes if p)


def label(identifier: str) -> str:
    """A short reading of a canonical identifier for pages: ``GTIN … lot …``, ``SSCC …``, ``GLN …``."""
    m = re.match(
        r"^https://id\.gs1\.org/(01|00|414|417)/([0-9]+)(?:/(21|10|254)/(.+))?$", identifier
    )
    if not m:
        return identifier
    ai, key, qual, value = m.groups()
    name = {"01": "GTIN", "00": "SSCC", "414": "GLN", "417": "PGLN"}[ai]
    text = f"{name} {key}"
    if qual:
        text += {"21": " SN ", "10": " LOT ", "254": " EXT "}[qual] + unquote(value)
    return text
