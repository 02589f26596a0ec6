"""Validation of enterprise data, shared by the API, the pages and the bulk import.

Each problem names the field (the column in an import) and the reason, in the language active
when the record is checked (the page's, the API request's, the importing user's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from qualitas.core.weblinks import web_url_problem
from qualitas.registry.choices import EnterpriseStatus, SizeClass

COLUMNS = (
    "credit_code",
    "name_zh",
    "name_en",
    "region",
    "industry",
    "size_class",
    "status",
    "founded",
    "address",
    "website",
)
REQUIRED = ("credit_code", "name_zh", "region", "industry", "size_class")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record: the field (column) and the message, already in the
    active language."""

    field: str
    message: str


def problem(field: str, message: str | Promise, **params: Any) -> Problem:
    """A :class:`Problem` whose lazy ``message`` is rendered now, placeholders filled."""
    text = str(message)
    return Problem(field, text % params if params else text)


UNKNOWN_REGION = _("unknown region code %(code)s (GB/T 2260, 6 digits)")


@lru_cache(maxsize=1)
def _region_codes() -> frozenset[str]:
    from qualitas.registry.models import Region

    return frozenset(Region.objects.values_list("code", flat=True))


@lru_cache(maxsize=1)
def _division_codes() -> frozenset[str]:
    from qualitas.registry.models import Industry

    return frozenset(Industry.objects.filter(level="division").values_list("code", flat=True))


def clear_caches() -> None:
    _region_codes.cache_clear()
    _division_codes.cache_clear()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN from spreadsheets
        return ""
    return str(value).strip()


SIZE_ALIASES = {"大型": "large", "中型": "medium", "小型": "small", "微型": "micro"}
STATUS_ALIASES = {"存续": "active", "在业": "active", "停业": "suspended", "注销": "deregistered"}


def validate_enterprise(
    row: dict[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], list[Problem]]:
    """Clean one enterprise record; returns (model field values, problems)."""
    from qualitas.registry.codes import USCCError, validate_uscc

    problems: list[Problem] = []
    out: dict[str, Any] = {}
    values = {k: _text(row.get(k)) for k in COLUMNS if k in row or not partial}
    for name in REQUIRED:
        if name in values and not values[name]:
            problems.append(problem(name, _("required")))
    if values.get("credit_code"):
        try:
            validate_uscc(values["credit_code"])
            out["credit_code"] = values["credit_code"].strip().upper()
        except USCCError as exc:
            problems.append(Problem("credit_code", str(exc)))  # USCCError: already translated
    for name in ("name_zh", "name_en", "address", "website"):
        if name in values:
            limit = 200 if name == "name_zh" else 300
            if len(values[name]) > limit:
                problems.append(problem(name, _("longer than %(limit)s characters"), limit=limit))
            elif name == "website" and (bad := web_url_problem(values[name])) is not None:
                problems.append(problem(name, bad))
            else:
                out[name] = values[name]
    if values.get("region"):
        code = values["region"]
        if code not in _region_codes():
            problems.append(problem("region", UNKNOWN_REGION, code=repr(code)))
        else:
            out["region_id"] = code
    if values.get("industry"):
        code = values["industry"].upper()
        if not code.startswith("C"):
            code = "C" + code
        if code[:3] not in _division_codes():
            problems.append(
                problem(
                    "industry",
                    _("unknown manufacturing division %(code)s (GB/T 4754-2017 C13–C43)"),
                    code=repr(values["industry"]),
                )
            )
        else:
            out["industry_id"] = code[:3]
    if values.get("size_class"):
        size = SIZE_ALIASES.get(values["size_class"], values["size_class"].lower())
        if size not in SizeClass.values:
            problems.append(
                problem(
                    "size_class",
                    _("must be one of %(values)s"),
                    values=", ".join(SizeClass.values),
                )
            )
        else:
            out["size_class"] = size
    if "status" in values:
        status = STATUS_ALIASES.get(values["status"], values["status"].lower()) or "active"
        if status not in EnterpriseStatus.values:
            problems.append(
                problem(
                    "status",
                    _("must be one of %(values)s"),
                    values=", ".join(EnterpriseStatus.values),
                )
            )
        else:
            out["status"] = status
    if values.get("founded"):
        raw = values["founded"][:10]
        try:
            founded = date.fromisoformat(raw)
            if founded > date.today() or founded.year < 1800:
                raise ValueError
            out["founded"] = founded
        except ValueError:
            problems.append(
                problem(
                    "founded",
                    _("not a date (YYYY-MM-DD) in the past: %(value)s"),
                    value=repr(values["founded"]),
                )
            )
    elif "founded" in values:
        out["founded"] = None
    return out, problems
