"""GS1 identifiers in EPCIS documents: URN and GS1 Digital Link forms, one canonical form.

EPCIS 2.0 accepts identifiers either as EPC URNs (``urn:epc:id:sgtin:0614141.812345.6789``) or
as GS1 Digital Link URIs (``https://id.gs1.org/01/00614141123452/21/6789``). The repository
stores one form so that a query or a trace finds an object whichever form a capture used: the
Digital Link on ``https://id.gs1.org`` (it needs no company-prefix length, which the URN form
carries and the Digital Link does not). Conversions follow the GS1 EPC Tag Data Standard
(SGTIN, LGTIN, SSCC, SGLN, PGLN, GRAI, GIAI, GSRN, GSRNP, GDTI, CPI, SGCN,
GINC, GSIN, ITIP, UPUI and their class-level patterns); any other URI is kept as given.

:func:`company_digits` gives the digits an identifier's GS1 company prefix starts, so that an
enterprise's prefixes decide which identifiers are its own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, unquote

DL_ROOT = "https://id.gs1.org"

_URN = re.compile(
    r"^urn:epc:(id|class|idpat):"
    r"(sgtin|lgtin|sscc|sgln|pgln|grai|giai|gsrn|gsrnp|gdti|cpi|sgcn|ginc|gsin|itip|upui):(.+)$",
    re.IGNORECASE,
)
_URL = re.compile(r"^https?://[^/?#]+(/[^?#]*)?(?:[?#].*)?$", re.IGNORECASE)

# GS1 Digital Link: the primary keys (application identifier, the digits of its fixed-length
# numeric part with a check digit, or 0 for an alphanumeric key) and the key qualifiers each
# admits, in the order the Digital Link standard writes them.
_PRIMARY = {
    "01": (14, ("22", "10", "21", "235")),
    "00": (18, ()),
    "414": (13, ("254", "7040")),
    "417": (13, ("7040",)),
    "8003": (0, ()),
    "8004": (0, ("7040",)),
    "8006": (0, ("22", "10", "21")),
    "8010": (0, ("8011",)),
    "8017": (18, ("8019",)),
    "8018": (18, ("8019",)),
    "253": (0, ()),
    "255": (0, ()),
    "401": (0, ()),
    "402": (17, ()),
    "8013": (0, ()),
}
# short names some Digital Links use in place of the numeric application identifiers
_ALPHA = {
    "gtin": "01",
    "sscc": "00",
    "gln": "414",
    "party": "417",
    "grai": "8003",
    "giai": "8004",
    "itip": "8006",
    "cpid": "8010",
    "gsrnp": "8017",
    "gsrn": "8018",
    "gdti": "253",
    "gcn": "255",
    "ginc": "401",
    "gsin": "402",
    "gmn": "8013",
    "cpv": "22",
    "lot": "10",
    "ser": "21",
    "glnx": "254",
    "cpsn": "8011",
    "srin": "8019",
    "tpx": "235",
}


def check_digit(digits: str) -> str:
    """The GS1 mod-10 check digit of ``digits`` (the key without its last digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def _part(value: str) -> str:
    """A serial or lot in the canonical form: percent-decoded, then encoded as in a URI path."""
    return quote(unquote(value), safe="'")


def _numeric(cp: str, ref: str, width: int) -> str | None:
    """Company prefix + reference (all digits, ``width`` of them) + check digit; None otherwise."""
    base = cp + ref
    if not base.isdigit() or len(base) != width:
        return None
    return base + check_digit(base)


def _gtin(cp: str, ir: str) -> str | None:
    """A GTIN-14 from the EPC's company prefix and indicator + item reference."""
    if not ir:
        return None
    return _numeric(ir[0] + cp, ir[1:], 13)


def _urn_to_dl(kind: str, body: str) -> str | None:  # noqa: C901, PLR0911, PLR0912
    """EPC URN body → Digital Link path (EPC Tag Data Standard, EPC URI ↔ Digital Link); a
    pattern's ``*`` gives the class (the key without its serial)."""
    parts = body.split(".")
    kind = kind.lower()
    last = parts[-1]
    serial = "" if last == "*" else last
    if kind in ("sgtin", "upui") and len(parts) == 3:
        gtin = _gtin(parts[0], parts[1])
        if gtin is None:
            return None
        qual = "21" if kind == "sgtin" else "235"
        return f"/01/{gtin}" + (f"/{qual}/{_part(serial)}" if serial else "")
    if kind == "lgtin" and len(parts) >= 3:
        gtin = _gtin(parts[0], parts[1])
        lot = ".".join(parts[2:])
        return None if gtin is None else f"/01/{gtin}/10/{_part(lot)}"
    if kind == "sscc" and len(parts) == 2:
        cp, sr = parts
        sscc = _numeric(sr[0] + cp, sr[1:], 17) if sr else None
        return None if sscc is None else f"/00/{sscc}"
    if kind in ("sgln", "pgln"):
        gln = _numeric(parts[0], parts[1] if len(parts) > 1 else "", 12)
        if gln is None:
            return None
        if kind == "pgln":
            return f"/417/{gln}"
        ext = ".".join(parts[2:]) if len(parts) > 2 else "0"
        return f"/414/{gln}" + ("" if ext in ("0", "*") else f"/254/{_part(ext)}")
    if kind == "grai" and len(parts) == 3:
        key = _numeric(parts[0], parts[1], 12)
        return None if key is None else f"/8003/0{key}{_part(serial)}"
    if kind in ("gdti", "sgcn") and len(parts) == 3:
        key = _numeric(parts[0], parts[1], 12)
        ai = "253" if kind == "gdti" else "255"
        return None if key is None else f"/{ai}/{key}{_part(serial)}"
    if kind in ("giai", "ginc") and len(parts) == 2:
        ai = "8004" if kind == "giai" else "401"
        return f"/{ai}/{parts[0]}{_part(parts[1])}" if parts[0].isdigit() else None
    if kind in ("gsrn", "gsrnp") and len(parts) == 2:
        key = _numeric(parts[0], parts[1], 17)
        return None if key is None else f"/{'8018' if kind == 'gsrn' else '8017'}/{key}"
    if kind == "gsin" and len(parts) == 2:
        key = _numeric(parts[0], parts[1], 16)
        return None if key is None else f"/402/{key}"
    if kind == "cpi" and len(parts) == 3:
        if not parts[0].isdigit():
            return None
        return f"/8010/{parts[0]}{_part(parts[1])}" + (f"/8011/{serial}" if serial else "")
    if kind == "itip" and len(parts) == 5:
        gtin = _gtin(parts[0], parts[1])
        if gtin is None or not (parts[2] + parts[3]).isdigit():
            return None
        return f"/8006/{gtin}{parts[2]}{parts[3]}" + (f"/21/{_part(serial)}" if serial else "")
    return None


def _dl_path(path: str) -> str | None:
    """The canonical path of a Digital Link's key and qualifiers, None when it names no GS1 key."""
    segments = [s for s in path.split("/") if s]
    for i in range(len(segments) - 1):
        ai = _ALPHA.get(segments[i], segments[i])
        if ai not in _PRIMARY:
            continue
        width, qualifiers = _PRIMARY[ai]
        key = segments[i + 1]
        if width:
            if not key.isdigit() or len(key) > width:
                continue
            key = key.rjust(width, "0")
            if check_digit(key[:-1]) != key[-1]:
                return None
        else:
            key = _part(key)
        given = {}
        rest = segments[i + 2 :]
        for j in range(0, len(rest) - 1, 2):
            given[_ALPHA.get(rest[j], rest[j])] = rest[j + 1]
        out = f"/{ai}/{key}"
        for q in qualifiers:
            if q in given and not (q == "254" and given[q] == "0"):
                out += f"/{q}/{_part(given[q])}"
        return out
    return None


@lru_cache(maxsize=1 << 16)
def canonical(identifier: str) -> str:
    """The stored form of ``identifier``: a GS1 Digital Link on id.gs1.org for the GS1 keys
    (EPC URN or Digital Link on any domain in; short key names, a short GTIN, a query string
    normalised away), the input unchanged otherwise (remembered: a capture names the same lots,
    places and parties over and over)."""
    value = (identifier or "").strip()
    m = _URN.match(value)
    if m:
        path = _urn_to_dl(m.group(2), m.group(3))
        return DL_ROOT + path if path else value
    m = _URL.match(value)
    if m and m.group(1):
        path = _dl_path(m.group(1))
        return DL_ROOT + path if path else value
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
