"""Validation of enterprise data, shared by the API, the pages and the bulk import.

Each problem names the field (the column in an import) and the reason, in English and Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

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
    field: str
    message: str


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
            problems.append(Problem(name, "required / 必填"))
    if values.get("credit_code"):
        try:
            validate_uscc(values["credit_code"])
            out["credit_code"] = values["credit_code"].strip().upper()
        except USCCError as exc:
            problems.append(Problem("credit_code", str(exc)))
    for name in ("name_zh", "name_en", "address", "website"):
        if name in values:
            limit = 200 if name == "name_zh" else 300
            if len(values[name]) > limit:
                problems.append(
                    Problem(name, f"longer than {limit} characters / 超过{limit}个字符")
                )
            else:
                out[name] = values[name]
    if values.get("region"):
        code = values["region"]
        if code not in _region_codes():
            problems.append(
                Problem(
                    "region",
                    f"unknown region code {code!r} (GB/T 2260, 6 digits) / 未知的行政区划代码",
                )
            )
        else:
            out["region_id"] = code
    if values.get("industry"):
        code = values["industry"].upper()
        if not code.startswith("C"):
            code = "C" + code
        if code[:3] not in _division_codes():
            problems.append(
                Problem(
                    "industry",
                    f"unknown manufacturing division {values['industry']!r} (GB/T 4754-2017 C13–C43) / 未知的制造业行业大类",
                )
            )
        else:
            out["industry_id"] = code[:3]
    if values.get("size_class"):
        size = SIZE_ALIASES.get(values["size_class"], values["size_class"].lower())
        if size not in SizeClass.values:
            problems.append(
                Problem(
                    "size_class",
                    f"must be one of {', '.join(SizeClass.values)} / 须为大型、中型、小型或微型",
                )
            )
        else:
            out["size_class"] = size
    if "status" in values:
        status = STATUS_ALIASES.get(values["status"], values["status"].lower()) or "active"
        if status not in EnterpriseStatus.values:
            problems.append(
                Problem("status", f"must be one of {', '.join(EnterpriseStatus.values)} / 状态无效")
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
                Problem(
                    "founded",
                    f"not a date (YYYY-MM-DD) in the past: {values['founded']!r} / 日期无效",
                )
            )
    elif "founded" in values:
        out["founded"] = None
    return out, problems
