"""Verdicts of spot-check samples: an item's value against its limit, a sample by its rule.

Pure functions over plain values (the services pass model fields), so that hand-worked examples
test them directly and the page, the API and the XLSX import share them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from qualitas.core.errors import DomainError
from qualitas.supervision.choices import ItemClass, LimitKind, Verdict, VerdictRule

PASS_WORDS = {"pass", "passed", "qualified", "ok", "合格", "符合", "通过", "yes"}
FAIL_WORDS = {"fail", "failed", "unqualified", "不合格", "不符合", "未通过", "no"}
# unit spellings that mean the same thing (the lab's sheet may write either)
UNIT_ALIASES = {"℃": "°C", "mΩ": "mΩ", "MOhm·m2": "MΩ·m²", "km/h": "km/h", "pct": "%"}


class ResultError(DomainError):
    """A test result that cannot be judged."""


def normalise_unit(unit: str) -> str:
    u = (unit or "").strip()
    return UNIT_ALIASES.get(u, u)


def parse_number(value: str, *, field: str) -> Decimal:
    """A measured value as a decimal (accepts a Unicode minus and a decimal comma)."""
    text = re.sub(r"\s", "", str(value)).replace("−", "-").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ResultError(_("%(value)s is not a number"), field=field, value=str(value)) from None
    if not number.is_finite():
        raise ResultError(_("%(value)s is not a number"), field=field, value=str(value))
    return number


def item_verdict(
    *,
    limit_kind: str,
    low: Decimal | None,
    high: Decimal | None,
    unit: str,
    value: str,
    value_unit: str = "",
    field: str,
) -> tuple[float | None, str]:
    """(the number, the verdict) of one item's ``value``.

    A number against ``low``/``high`` for numeric limits (``value_unit``, when given, must be
    the item's unit: a limit in another unit is refused, not converted); ``pass``/``合格`` or
    ``fail``/``不合格`` for a requirement judged by the laboratory.
    """
    raw = str(value or "").strip()
    if not raw:
        raise ResultError(_("a value is needed for every test item"), field=field)
    if limit_kind == LimitKind.PASS_FAIL:
        word = raw.lower()
        if word in PASS_WORDS:
            return None, Verdict.PASS
        if word in FAIL_WORDS:
            return None, Verdict.FAIL
        raise ResultError(
            _("%(value)s: enter pass or fail (合格 or 不合格) for this item"),
            field=field,
            value=raw,
        )
    if value_unit and normalise_unit(value_unit) != normalise_unit(unit):
        raise ResultError(
            _("the value is in %(given)s but the item's limit is in %(unit)s"),
            field=field,
            given=value_unit,
            unit=unit or "—",
        )
    number = parse_number(raw, field=field)
    ok = True
    if limit_kind in (LimitKind.MIN, LimitKind.RANGE) and low is not None:
        ok = ok and number >= low
    if limit_kind in (LimitKind.MAX, LimitKind.RANGE) and high is not None:
        ok = ok and number <= high
    return float(number), (Verdict.PASS if ok else Verdict.FAIL)


def sample_verdict(
    *, rule: str, major_allowed: int, minor_allowed: int, items: Iterable[tuple[str, str]]
) -> str:
    """A sample's verdict from its items' ``(class, verdict)`` under the product rule.

    ``any_item``: any failed item fails the sample. ``classed``: any failed critical item fails
    it; so do more failed major items than ``major_allowed`` or more failed minor items than
    ``minor_allowed``.
    """
    failed = [cls for cls, verdict in items if verdict == Verdict.FAIL]
    if rule == VerdictRule.ANY_ITEM:
        return Verdict.FAIL if failed else Verdict.PASS
    if ItemClass.CRITICAL in failed:
        return Verdict.FAIL
    if failed.count(ItemClass.MAJOR) > major_allowed:
        return Verdict.FAIL
    if failed.count(ItemClass.MINOR) > minor_allowed:
        return Verdict.FAIL
    return Verdict.PASS
