"""Run rules by name: ``nelson-2`` is "Nelson rule 2", with what it tests, in the reader's language.

The analytics library names rules by code (``nelson-1`` … ``nelson-8``, ``we-1`` … ``we-4``) and
describes them in English (``analytics.spc.rules.DESCRIPTIONS``); every page, e-mail and chart
annotation that names a rule goes through :func:`rule_label` and :func:`rule_description`.
"""

from __future__ import annotations

from django.utils.translation import gettext

from qualitas.analytics.spc.rules import DESCRIPTIONS


def rule_label(rule: str) -> str:
    """``nelson-2`` → "Nelson rule 2", ``we-1`` → "Western Electric rule 1" (translated)."""
    family, _sep, number = str(rule).partition("-")
    if family == "nelson":
        return gettext("Nelson rule %(n)s") % {"n": number}
    if family == "we":
        return gettext("Western Electric rule %(n)s") % {"n": number}
    return str(rule)


def rule_description(rule: str, default: str = "") -> str:
    """What the rule tests, one line in the reader's language ("9 points in a row on the same side …")."""
    text = DESCRIPTIONS.get(str(rule))
    return gettext(text) if text else default
