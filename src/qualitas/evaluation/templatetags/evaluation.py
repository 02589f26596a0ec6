"""Template helpers of capability evaluation."""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from qualitas.evaluation.choices import Level

register = template.Library()


@register.filter
def level_label(value: Any) -> str:
    """``3`` → "L3 Assurance"; 0/None → "Not rated"."""
    try:
        return str(Level(int(value)).label)
    except (TypeError, ValueError):
        return str(Level.NONE.label)


@register.filter
def level_badge(value: Any) -> str:
    try:
        lv = int(value)
    except (TypeError, ValueError):
        lv = 0
    return format_html('<span class="lvl lvl{}">{}</span>', lv, level_label(lv))


@register.filter
def pct(value: Any, digits: int = 0) -> str:
    """0.8312 → "83%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{100 * float(value):.{int(digits)}f}%"


@register.filter
def score_s(value: Any) -> str:
    """The continuous score S to two places, cut rather than rounded so that its whole part stays
    the level (2.9999 at L2 reads 2.99, never 3.00); None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{math.floor(float(value) * 100 + 1e-6) / 100:.2f}"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    if mapping is None:
        return None
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def signed(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value):+.2f}"


@register.simple_tag
def answer_label(code: str) -> str:
    labels = {
        "full": _("Fully met"),
        "mostly": _("Mostly met"),
        "partly": _("Partly met"),
        "none": _("Not met"),
        "na": _("Not applicable"),
    }
    return str(labels.get(code, "—"))


@register.simple_tag
def gate_hint(framework: Any, code: str) -> str:
    """Under a requirement that a gating rule names (D4.06.L1, the penalty question): what its
    answer does — not scored; anything but fully met applies the rule's cap."""
    for rule in (getattr(framework, "spec", None) or {}).get("gating", []):
        if rule.get("requirement") == code:
            return format_html(
                '<div class="guide" data-testid="gate-hint">{}</div>',
                _(
                    "Not scored: answered other than fully met, this counts as the fact of the "
                    "gating rule and the level is capped at %(level)s."
                )
                % {"level": level_label(rule.get("cap"))},
            )
    return ""
