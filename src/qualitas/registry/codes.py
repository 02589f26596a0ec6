"""Code lists (GB/T 2260 regions, GB/T 4754-2017 industries) and the unified social credit code.

No models and no database: the registry models, the bulk import and the demo-data generator build
on these functions; the data files live in ``qualitas/data`` (see its README for sources and
vintage). The one Django piece is :class:`USCCError`, a
:class:`~qualitas.core.errors.DomainError` whose message is rendered in the active language.

Unified social credit code (统一社会信用代码), GB 32100-2015
-------------------------------------------------------------
18 characters from the 31-character alphabet ``0-9 A-Z`` without ``I O Z S V``:

=========  ==================================================================
position   meaning
=========  ==================================================================
1          registration authority (登记管理部门代码)
2          entity type within that authority (机构类别代码)
3-8        administrative division of the registering authority (GB/T 2260)
9-17       organisation code (组织机构代码, GB 11714-1997): 8 body characters
           and its own check character (position 17)
18         check character over positions 1-17
=========  ==================================================================

Input is normalised before it is checked: surrounding white space is removed and lower-case
letters are upper-cased (people copy codes out of PDFs and type them in lower case; neither changes
the identity of the code). Nothing else is rewritten: an ``O`` typed for ``0`` is reported, not
silently corrected, because guessing would hide a wrong code.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import numpy as np
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qualitas.core.errors import DomainError

__all__ = [
    "ABOLISHED_REGIONS_FILE",
    "AUTHORITIES",
    "ENTITY_TYPES",
    "INDUSTRIES_FILE",
    "REGIONS_FILE",
    "USCC_ALPHABET",
    "AbolishedRegion",
    "Industry",
    "Region",
    "USCCError",
    "USCCResult",
    "abolished_regions",
    "industries",
    "industry_index",
    "make_uscc",
    "random_usccs",
    "region_index",
    "regions",
    "validate_uscc",
]

REGIONS_FILE = "regions.csv"
ABOLISHED_REGIONS_FILE = "regions_abolished.csv"
INDUSTRIES_FILE = "industries.csv"
_DATA_PACKAGE = "qualitas.data"

# --------------------------------------------------------------------------------------------
# Code lists
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Region:
    """One GB/T 2260 province-level or prefecture-level unit.

    Attributes
    ----------
    code : str
        Six-digit division code, e.g. ``"130100"``.
    name_zh : str
        Official Chinese name, e.g. ``"石家庄市"``.
    name_en : str
        English name (pinyin without tones; autonomous prefectures in their usual English form).
    level : {"province", "prefecture"}
        Province-level unit (incl. municipalities, autonomous regions, SARs) or prefecture-level.
    parent_code : str or None
        Code of the province-level unit a prefecture belongs to; ``None`` for provinces.
    type : str
        ``province``, ``autonomous_region``, ``municipality``, ``sar`` (province level);
        ``prefecture_city`` (地级市), ``prefecture`` (地区), ``autonomous_prefecture`` (自治州),
        ``league`` (盟) (prefecture level).
    label_lon, label_lat : float or None
        Approximate label position (degrees) for maps, province level only (±0.5°).
    """

    code: str
    name_zh: str
    name_en: str
    level: Literal["province", "prefecture"]
    parent_code: str | None
    type: str
    label_lon: float | None = None
    label_lat: float | None = None

    @property
    def parent(self) -> str | None:
        """Alias of ``parent_code``."""
        return self.parent_code


@dataclass(frozen=True, kw_only=True)
class AbolishedRegion:
    """A division code that was abolished or renamed, and where its area went.

    Attributes
    ----------
    code : str
        The old six-digit code.
    name_zh : str
        The old Chinese name.
    successor_codes : tuple of str
        Current codes that took over the area (one or more; the same code for a pure rename).
    year : int
        Year the change took effect.
    change : {"abolished", "recoded", "renamed"}
        ``abolished``: the unit no longer exists (merged or split); ``recoded``: the unit became
        a different kind of unit under a new code (e.g. 地区 → 地级市); ``renamed``: same code,
        new name.
    note : str
        What happened, in a sentence.
    """

    code: str
    name_zh: str
    successor_codes: tuple[str, ...]
    year: int
    change: Literal["abolished", "recoded", "renamed"]
    note: str


@dataclass(frozen=True, kw_only=True)
class Industry:
    """One GB/T 4754-2017 section (门类), division (大类) or group (中类).

    Attributes
    ----------
    code : str
        ``"C"`` (section), ``"C13"`` (division) or ``"C131"`` (group).
    name_zh : str
        Official Chinese name.
    name_en : str
        English name (the standard has no official English edition; see the data README).
    level : {"section", "division", "group"}
    parent_code : str or None
        Section of a division, division of a group; ``None`` for sections.
    """

    code: str
    name_zh: str
    name_en: str
    level: Literal["section", "division", "group"]
    parent_code: str | None

    @property
    def parent(self) -> str | None:
        """Alias of ``parent_code``."""
        return self.parent_code


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files(_DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _optional_float(value: str) -> float | None:
    return float(value) if value else None


@functools.cache
def regions() -> tuple[Region, ...]:
    """All current province-level (34) and prefecture-level (333) units, in code order."""
    return tuple(
        Region(
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            level=row["level"],  # type: ignore[arg-type]  # checked by the data tests
            parent_code=row["parent_code"] or None,
            type=row["type"],
            label_lon=_optional_float(row["label_lon"]),
            label_lat=_optional_float(row["label_lat"]),
        )
        for row in _read_csv(REGIONS_FILE)
    )


@functools.cache
def region_index() -> Mapping[str, Region]:
    """Current regions by code."""
    return {region.code: region for region in regions()}


@functools.cache
def abolished_regions() -> Mapping[str, AbolishedRegion]:
    """Abolished, recoded or renamed division codes by old code."""
    return {
        row["old_code"]: AbolishedRegion(
            code=row["old_code"],
            name_zh=row["old_name_zh"],
            successor_codes=tuple(row["new_codes"].split(";")),
            year=int(row["year"]),
            change=row["change"],  # type: ignore[arg-type]  # checked by the data tests
            note=row["note"],
        )
        for row in _read_csv(ABOLISHED_REGIONS_FILE)
    }


@functools.cache
def industries() -> tuple[Industry, ...]:
    """GB/T 4754-2017 sections A–T, manufacturing divisions C13–C43 and their groups."""
    return tuple(
        Industry(
            code=row["code"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            level=row["level"],  # type: ignore[arg-type]  # checked by the data tests
            parent_code=row["parent_code"] or None,
        )
        for row in _read_csv(INDUSTRIES_FILE)
    )


@functools.cache
def industry_index() -> Mapping[str, Industry]:
    """Industries by code."""
    return {industry.code: industry for industry in industries()}


# --------------------------------------------------------------------------------------------
# Unified social credit code
# --------------------------------------------------------------------------------------------

#: The 31 characters of GB 32100-2015; a character's value is its index here.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {char: value for value, char in enumerate(USCC_ALPHABET)}
#: GB 32100-2015 weights for positions 1–17: 3**(i-1) mod 31.
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
#: GB 11714-1997 weights for the 8 body characters of the organisation code.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_NEVER_USED = "IOZSV"

#: Registration authorities (GB 32100-2015 Annex, with the codes added since: A, N).
AUTHORITIES: Mapping[str, tuple[str, str]] = {
    "1": ("机构编制", "institutional establishment (public bodies)"),
    "2": ("外交", "foreign affairs"),
    "3": ("司法行政", "justice administration"),
    "4": ("文化", "culture"),
    "5": ("民政", "civil affairs"),
    "6": ("旅游", "tourism"),
    "7": ("宗教", "religious affairs"),
    "8": ("工会", "trade unions"),
    "9": ("工商", "market regulation (industry and commerce)"),
    "A": ("中央军委改革和编制办公室", "Central Military Commission establishment office"),
    "N": ("农业", "agriculture (rural collective economic organisations)"),
    "Y": ("其他", "other"),
}

#: Entity types per authority. A type not listed is accepted (decoded as unknown): authorities
#: have added types since 2015 and rejecting a real code is worse than not naming its type.
ENTITY_TYPES: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "1": {
        "1": ("机关", "government organ"),
        "2": ("事业单位", "public institution"),
        "3": ("中央编办直接管理机构编制的群众团体", "mass organisation under the central office"),
        "9": ("其他", "other"),
    },
    "2": {"1": ("外国常驻新闻机构", "resident foreign news agency"), "9": ("其他", "other")},
    "3": {
        "1": ("律师执业机构", "law firm"),
        "2": ("公证处", "notary office"),
        "3": ("基层法律服务所", "grassroots legal service office"),
        "4": ("司法鉴定机构", "forensic appraisal institution"),
        "5": ("仲裁委员会", "arbitration commission"),
        "9": ("其他", "other"),
    },
    "4": {"1": ("外国在华文化中心", "foreign cultural centre in China"), "9": ("其他", "other")},
    "5": {
        "1": ("社会团体", "social organisation"),
        "2": ("民办非企业单位", "private non-enterprise unit"),
        "3": ("基金会", "foundation"),
        "9": ("其他", "other"),
    },
    "6": {
        "1": ("外国旅游部门常驻代表机构", "resident office of a foreign tourism authority"),
        "2": (
            "港澳台地区旅游部门常驻内地（大陆）代表机构",
            "resident office of a HK/Macao/Taiwan tourism authority",
        ),
        "9": ("其他", "other"),
    },
    "7": {
        "1": ("宗教活动场所", "place of religious activity"),
        "2": ("宗教院校", "religious college"),
        "9": ("其他", "other"),
    },
    "8": {"1": ("基层工会", "grassroots trade union"), "9": ("其他", "other")},
    "9": {
        "1": ("企业", "enterprise"),
        "2": ("个体工商户", "individual business"),
        "3": ("农民专业合作社", "farmers' specialised cooperative"),
    },
    "A": {"1": ("军队事业单位", "military public institution"), "9": ("其他", "other")},
    "N": {
        "1": ("组级集体经济组织", "group-level collective economic organisation"),
        "2": ("村级集体经济组织", "village-level collective economic organisation"),
        "3": ("乡镇级集体经济组织", "township-level collective economic organisation"),
        "9": ("其他", "other"),
    },
    "Y": {"1": ("其他", "other")},
}

DivisionStatus = Literal["current", "abolished", "unknown"]
USCCProblem = Literal[
    "type", "empty", "character", "length", "authority", "division", "organisation_check", "check"
]


class USCCError(DomainError):
    """A unified social credit code that is not valid; ``str(error)`` is in the active language.

    Attributes
    ----------
    problem : str
        Machine-readable kind: ``type``, ``empty``, ``character``, ``length``, ``authority``,
        ``division``, ``organisation_check`` or ``check``.
    position : int or None
        1-based position of the offending character, where there is one.
    expected : str or None
        The character expected at ``position`` (check characters).
    """

    def __init__(
        self,
        problem: USCCProblem,
        message: str | Promise,
        *,
        position: int | None = None,
        expected: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(
            message, field="credit_code", position=position, expected=expected, **params
        )
        self.problem = problem
        self.position = position
        self.expected = expected


@dataclass(frozen=True, kw_only=True)
class USCCResult:
    """A valid unified social credit code, decoded.

    Attributes
    ----------
    code : str
        The normalised code (stripped, upper case).
    authority : str
        Position 1, registration authority code.
    authority_name_zh, authority_name_en : str
        Its name.
    entity_type : str
        Position 2, entity type code.
    entity_type_name_zh, entity_type_name_en : str or None
        Its name, or ``None`` when the type is not in :data:`ENTITY_TYPES`.
    division : str
        Positions 3–8, the administrative division code.
    division_status : {"current", "abolished", "unknown"}
        ``current``: a province- or prefecture-level unit of the current list (or, for a
        county-level code, see ``prefecture_code``); ``abolished``: in the abolished-code
        mapping; ``unknown``: well-formed but in neither list (typically a county-level code,
        which the shipped lists do not cover, or ``100000`` for national registration).
    division_name_zh : str or None
        Name of the division when it is listed (current or abolished).
    division_successors : tuple of str
        For an abolished or renamed code, the current codes that took over its area.
    province_code : str or None
        The current province-level unit the code's first two digits name, if any.
    prefecture_code : str or None
        The current prefecture-level unit its first four digits name, if any.
    organisation_code : str
        Positions 9–17, the GB 11714 organisation code (8 body characters + check).
    check_character : str
        Position 18.
    """

    code: str
    authority: str
    authority_name_zh: str
    authority_name_en: str
    entity_type: str
    entity_type_name_zh: str | None
    entity_type_name_en: str | None
    division: str
    division_status: DivisionStatus
    division_name_zh: str | None
    division_successors: tuple[str, ...]
    province_code: str | None
    prefecture_code: str | None
    organisation_code: str
    check_character: str

    @property
    def organisation_code_display(self) -> str:
        """The organisation code as printed on old certificates, ``XXXXXXXX-X``."""
        return f"{self.organisation_code[:8]}-{self.organisation_code[8]}"


def _organisation_value(char: str) -> int:
    # GB 11714 gives letters the values A=10 … Z=35 (not the USCC alphabet index).
    return int(char) if char.isdigit() else ord(char) - 55


def _organisation_check(body: str) -> str:
    remainder = (
        11 - sum(_organisation_value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    )
    if remainder == 10:
        return "X"
    if remainder == 11:
        return "0"
    return str(remainder)


def _uscc_check(first17: str) -> str:
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _character_error(char: str, position: int) -> USCCError:
    if char in _NEVER_USED:
        return USCCError(
            "character",
            _(
                "character '%(char)s' at position %(position)s is not allowed "
                "(I, O, Z, S, V are never used)"
            ),
            position=position,
            char=char,
        )
    return USCCError(
        "character",
        _(
            "character '%(char)s' at position %(position)s is not allowed "
            "(only digits 0-9 and letters A-Z except I, O, Z, S, V)"
        ),
        position=position,
        char=char,
    )


def _decode_division(division: str) -> tuple[DivisionStatus, str | None, tuple[str, ...]]:
    current = region_index().get(division)
    if current is not None:
        return "current", current.name_zh, ()
    old = abolished_regions().get(division)
    if old is not None:
        return "abolished", old.name_zh, old.successor_codes
    return "unknown", None, ()


def validate_uscc(code: str) -> USCCResult:
    """Validate a unified social credit code (GB 32100-2015) and decode its parts.

    Parameters
    ----------
    code : str
        The code; white space around it is removed and letters are upper-cased first.

    Returns
    -------
    USCCResult

    Raises
    ------
    USCCError
        With the first problem found, in this order: not a string, empty, an illegal character
        (1-based position), wrong length, unknown registration authority (position 1), a
        non-digit in the division code (positions 3–8), a wrong check character (position 18,
        with the expected one), an organisation code whose own check character (position 17)
        is wrong (with the expected one). A division code that is well-formed but not in the
        current list is accepted (see ``USCCResult.division_status``).
    """
    if not isinstance(code, str):
        raise USCCError(
            "type",
            _("a credit code must be text, got %(type)s"),
            type=type(code).__name__,
        )
    normalised = code.strip().upper()
    if not normalised:
        raise USCCError("empty", _("the credit code is empty"))
    for index, char in enumerate(normalised):
        if char not in _USCC_VALUE:
            raise _character_error(char, index + 1)
    if len(normalised) != 18:
        raise USCCError(
            "length",
            _("a credit code has 18 characters, this one has %(length)s"),
            length=len(normalised),
        )
    authority, entity_type = normalised[0], normalised[1]
    if authority not in AUTHORITIES:
        known = ", ".join(AUTHORITIES)
        raise USCCError(
            "authority",
            _(
                "registration authority code '%(authority)s' at position 1 does not exist "
                "(known: %(known)s)"
            ),
            position=1,
            authority=authority,
            known=known,
        )
    division = normalised[2:8]
    for index, char in enumerate(division, start=3):
        if not char.isdigit():
            raise USCCError(
                "division",
                _(
                    "positions 3-8 hold the administrative division code and must be digits; "
                    "position %(position)s is '%(char)s'"
                ),
                position=index,
                char=char,
            )
    organisation = normalised[8:17]
    expected_org = _organisation_check(organisation[:8])
    expected = _uscc_check(normalised[:17])
    if normalised[17] != expected:
        message = (
            _(
                "check character at position 18 is '%(got)s' but should be '%(expected)s'; "
                "the organisation code in positions 9-17 does not check either (position 17 "
                "would be '%(expected_org)s'), so a character in positions 9-17 is probably "
                "mistyped"
            )
            if organisation[8] != expected_org
            else _("check character at position 18 is '%(got)s' but should be '%(expected)s'")
        )
        raise USCCError(
            "check",
            message,
            position=18,
            expected=expected,
            got=normalised[17],
            expected_org=expected_org,
        )
    if organisation[8] != expected_org:
        raise USCCError(
            "organisation_check",
            _(
                "the organisation code %(organisation)s (positions 9-17) has a wrong check "
                "character at position 17: '%(got)s' should be '%(expected)s' (GB 11714)"
            ),
            position=17,
            expected=expected_org,
            organisation=f"{organisation[:8]}-{organisation[8]}",
            got=organisation[8],
        )
    status, division_name, successors = _decode_division(division)
    province = division[:2] + "0000"
    prefecture = division[:4] + "00"
    current = region_index()
    authority_zh, authority_en = AUTHORITIES[authority]
    type_names = ENTITY_TYPES[authority].get(entity_type)
    return USCCResult(
        code=normalised,
        authority=authority,
        authority_name_zh=authority_zh,
        authority_name_en=authority_en,
        entity_type=entity_type,
        entity_type_name_zh=type_names[0] if type_names else None,
        entity_type_name_en=type_names[1] if type_names else None,
        division=division,
        division_status=status,
        division_name_zh=division_name,
        division_successors=successors,
        province_code=province if province in current else None,
        prefecture_code=(
            prefecture
            if prefecture in current and current[prefecture].level == "prefecture"
            else None
        ),
        organisation_code=organisation,
        check_character=normalised[17],
    )


def make_uscc(*, authority: str, entity_type: str, division: str, org_body: str) -> str:
    """Build a valid unified social credit code, computing both check characters.

    Parameters
    ----------
    authority : str
        One character of :data:`AUTHORITIES`, e.g. ``"9"`` (market regulation).
    entity_type : str
        One character of :data:`USCC_ALPHABET`, e.g. ``"1"`` (enterprise).
    division : str
        Six digits (any well-formed division code).
    org_body : str
        The 8 body characters of the organisation code, from :data:`USCC_ALPHABET`.

    Returns
    -------
    str
        The 18-character code.

    Raises
    ------
    ValueError
        When a part is malformed (the message names the part).
    """
    if authority not in AUTHORITIES:
        raise ValueError(f"authority must be one of {', '.join(AUTHORITIES)}, got {authority!r}")
    if len(entity_type) != 1 or entity_type not in _USCC_VALUE:
        raise ValueError(
            f"entity_type must be one character of the code alphabet, got {entity_type!r}"
        )
    if len(division) != 6 or not division.isdigit():
        raise ValueError(f"division must be six digits, got {division!r}")
    if len(org_body) != 8 or any(c not in _USCC_VALUE for c in org_body):
        raise ValueError(f"org_body must be 8 characters of {USCC_ALPHABET}, got {org_body!r}")
    first17 = authority + entity_type + division + org_body + _organisation_check(org_body)
    return first17 + _uscc_check(first17)


# Lookup tables for the vectorised generator: alphabet index -> ASCII byte / GB 11714 value.
_ASCII = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
_ORG_VALUE_OF_INDEX = np.array([_organisation_value(c) for c in USCC_ALPHABET], dtype=np.int64)
_ORG_CHECK_INDEX = np.array(
    # remainder r = 11 - (sum mod 11) in 1..11 -> alphabet index of its check character
    [0] + [_USCC_VALUE[str(r)] for r in range(1, 10)] + [_USCC_VALUE["X"], _USCC_VALUE["0"]],
    dtype=np.int64,
)


def random_usccs(
    n: int,
    rng: np.random.Generator,
    divisions: Sequence[str],
    *,
    authority: str = "9",
    entity_type: str = "1",
) -> list[str]:
    """Generate ``n`` distinct valid credit codes, fast (numpy; 1,000,000 in about a second).

    Parameters
    ----------
    n : int
        How many codes (≥ 0).
    rng : numpy.random.Generator
        Source of randomness; the same seed gives the same codes.
    divisions : sequence of str
        Six-digit division codes to draw from uniformly (duplicates are ignored).
    authority, entity_type : str
        Positions 1 and 2 for every code (default ``"9"``, ``"1"``: an enterprise).

    Returns
    -------
    list of str
        Distinct codes in generation order.
    """
    if n < 0:
        raise ValueError(f"n must be ≥ 0, got {n}")
    unique_divisions = list(dict.fromkeys(divisions))
    if not unique_divisions:
        raise ValueError("divisions must contain at least one six-digit code")
    for division in unique_divisions:
        if len(division) != 6 or not division.isdigit():
            raise ValueError(f"division must be six digits, got {division!r}")
    # Validate the fixed prefix once through the scalar builder.
    make_uscc(
        authority=authority,
        entity_type=entity_type,
        division=unique_divisions[0],
        org_body="00000000",
    )
    if n == 0:
        return []

    division_digits = np.array([[int(c) for c in d] for d in unique_divisions], dtype=np.int64)
    body_space = 31**8
    keys = np.empty(0, dtype=np.int64)
    while keys.size < n:
        want = n - keys.size
        # A little extra so that one round nearly always suffices despite rare collisions.
        draw = want + want // 100 + 16
        new = rng.integers(0, len(unique_divisions), size=draw, dtype=np.int64) * body_space
        new += rng.integers(0, body_space, size=draw, dtype=np.int64)
        combined = np.concatenate([keys, new])
        _, first = np.unique(combined, return_index=True)
        keys = combined[np.sort(first)][:n]

    division_index, body_number = np.divmod(keys, body_space)
    body = np.empty((n, 8), dtype=np.int64)
    for column in range(7, -1, -1):
        body_number, body[:, column] = np.divmod(body_number, 31)
    digits = np.empty((n, 18), dtype=np.int64)
    digits[:, 0] = _USCC_VALUE[authority]
    digits[:, 1] = _USCC_VALUE[entity_type]
    digits[:, 2:8] = division_digits[division_index]
    digits[:, 8:16] = body
    org_sum = _ORG_VALUE_OF_INDEX[body] @ np.array(_ORG_WEIGHTS, dtype=np.int64)
    digits[:, 16] = _ORG_CHECK_INDEX[11 - org_sum % 11]
    total = digits[:, :17] @ np.array(_USCC_WEIGHTS, dtype=np.int64)
    digits[:, 17] = (31 - total % 31) % 31
    ascii_rows = np.ascontiguousarray(_ASCII[digits])
    result: list[Any] = ascii_rows.view("S18").ravel().astype("U18").tolist()
    return result
