"""Methodology versions of the quality credit: an officer drafts a version (factors, weights,
values without data, decay half-life, class thresholds), edits it while a draft, and a second
officer publishes it. Validation names the field; a published version is never changed."""

from __future__ import annotations

import math
import re
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    NotFound,
    may_edit_credit_methodology,
    may_publish_credit_methodology,
)
from qualitas.credit.choices import MethodologyStatus
from qualitas.credit.methodology import CLASS_ORDER, KNOWN_FACTORS
from qualitas.credit.models import Methodology
from qualitas.credit.services.base import CreditError, _audit, _required

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")


def _number(value: Any, *, field: str, low: float, high: float) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise CreditError(_("Enter a number"), field=field) from None
    if not math.isfinite(x) or x < low or x > high:
        raise CreditError(
            _("Enter a number from %(low)s to %(high)s"), field=field, low=low, high=high
        )
    return x


def methodology_validate(
    *, weights: dict[str, Any], thresholds: list[Any], half_life_days: Any
) -> tuple[dict[str, dict[str, Any]], list[list[Any]], int]:
    """Check a version and return it normalised. Each factor is known, its weight and its value
    without data lie in [0, 1], the weights sum to 1; the thresholds give every class
    (AAA, AA, A, B, C) a lowest score in [0, 100], strictly falling, C at 0; the half-life is a
    whole number of days from 1 to 3650. Refusals name the field (``weights.<key>``,
    ``weights``, ``thresholds.<class>``, ``half_life_days``)."""
    if not isinstance(weights, dict) or not weights:
        raise CreditError(_("Give at least one factor"), field="weights")
    clean: dict[str, dict[str, Any]] = {}
    for key, spec in weights.items():
        if key not in KNOWN_FACTORS:
            raise CreditError(_("Unknown factor %(key)s"), field=f"weights.{key}", key=key)
        spec = spec if isinstance(spec, dict) else {"weight": spec}
        w = _number(spec.get("weight"), field=f"weights.{key}", low=0, high=1)
        missing = _number(spec.get("missing", 0), field=f"weights.{key}.missing", low=0, high=1)
        if w > 0:
            clean[key] = {
                "weight": round(w, 6),
                "missing": round(missing, 6),
                "source": KNOWN_FACTORS[key],
            }
    total = sum(v["weight"] for v in clean.values())
    if abs(total - 1) > 1e-6:
        raise CreditError(
            _("The weights sum to %(total)s; they must sum to 1"),
            field="weights",
            total=round(total, 6),
        )
    given = {str(c): t for c, t in (thresholds or []) if c is not None} if thresholds else {}
    out: list[list[Any]] = []
    previous = math.inf
    for klass in CLASS_ORDER:
        field = f"thresholds.{klass}"
        if klass not in given or given[klass] in ("", None):
            raise CreditError(_("This field is required."), field=field)
        t = _number(given[klass], field=field, low=0, high=100)
        if t >= previous:
            raise CreditError(
                _("Class %(klass)s must start below the class above it (%(above)s)"),
                field=field,
                klass=klass,
                above=previous,
            )
        out.append([klass, t])
        previous = t
    if out[-1][1] != 0:
        raise CreditError(_("The lowest class starts at 0"), field=f"thresholds.{CLASS_ORDER[-1]}")
    days = _number(half_life_days, field="half_life_days", low=1, high=3650)
    if days != int(days):
        raise CreditError(_("Enter a whole number of days"), field="half_life_days")
    return clean, out, int(days)


def _draft_for(actor: Actor, code: str) -> Methodology:
    if not may_edit_credit_methodology(actor):
        raise NotFound
    m = Methodology.objects.select_for_update().filter(code=code).first()
    if m is None:
        raise NotFound
    if m.status != MethodologyStatus.DRAFT:
        raise CreditError(
            _("Version %(code)s is published and cannot be changed; draft a new version"),
            field="status",
            code=code,
        )
    return m


def methodology_draft(
    *,
    actor: Actor,
    code: str,
    weights: dict[str, Any],
    thresholds: list[Any],
    half_life_days: Any,
    note: str = "",
) -> Methodology:
    """Draft a new methodology version (a new, unique version code)."""
    if not may_edit_credit_methodology(actor):
        raise NotFound
    code = (code or "").strip()
    _required(code, field="code")
    if not CODE_RE.match(code):
        raise CreditError(
            _("A version code is letters, digits, dots and dashes (up to 20)"), field="code"
        )
    clean, th, days = methodology_validate(
        weights=weights, thresholds=thresholds, half_life_days=half_life_days
    )
    with transaction.atomic():
        if Methodology.objects.filter(code=code).exists():
            raise CreditError(_("Version %(code)s exists already"), field="code", code=code)
        m = Methodology.objects.create(
            code=code,
            weights=clean,
            thresholds=th,
            half_life_days=days,
            note=(note or "").strip(),
            status=MethodologyStatus.DRAFT,
            created_by=actor.user,
        )
        _audit(actor, "methodology_draft", m, code=code, weights=clean, thresholds=th)
    return m


def methodology_update(
    *,
    actor: Actor,
    code: str,
    weights: dict[str, Any],
    thresholds: list[Any],
    half_life_days: Any,
    note: str = "",
) -> Methodology:
    """Change a draft version (refused once published: published versions are immutable)."""
    clean, th, days = methodology_validate(
        weights=weights, thresholds=thresholds, half_life_days=half_life_days
    )
    with transaction.atomic():
        m = _draft_for(actor, code)
        m.weights, m.thresholds, m.half_life_days = clean, th, days
        m.note = (note or "").strip()
        m.save(update_fields=["weights", "thresholds", "half_life_days", "note"])
        _audit(actor, "methodology_update", m, code=code, weights=clean, thresholds=th)
    return m


def methodology_publish(*, actor: Actor, code: str) -> Methodology:
    """Publish a draft (a second officer: not the one who drafted it). It is validated again and
    is in force from now: every rating computed from now on cites it."""
    with transaction.atomic():
        m = _draft_for(actor, code)
        if not may_publish_credit_methodology(actor, m.created_by_id):
            raise CreditError(
                _("A second officer publishes a version: you drafted this one"), field="status"
            )
        methodology_validate(
            weights=m.weights, thresholds=m.thresholds, half_life_days=m.half_life_days
        )
        m.status = MethodologyStatus.PUBLISHED
        m.published_at = timezone.now()
        m.published_by = actor.user
        m.save(update_fields=["status", "published_at", "published_by"])
        _audit(actor, "methodology_publish", m, code=code)
    return m
