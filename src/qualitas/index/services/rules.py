"""Warning rules: created and changed by admins, and by authority officers for their regions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    may_configure_rule_region,
    may_edit_rule,
    may_supervise_index,
)
from qualitas.core.audit import audit_append
from qualitas.index import indicators as registry
from qualitas.index.choices import RuleKind
from qualitas.index.models import WarningRule
from qualitas.index.services.common import IndexInputError

RULE_FIELDS = (
    "name",
    "kind",
    "indicator",
    "amount",
    "threshold",
    "below",
    "k",
    "window",
    "region_prefix",
    "industry",
    "active",
)


def _check_rule(actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    prefix = data.get("region_prefix", "") or ""
    if not may_supervise_index(actor):
        raise Forbidden(_("Only authorities and administrators configure warning rules."))
    if not may_configure_rule_region(actor, prefix):
        raise IndexInputError(
            _("Choose a region within your jurisdiction."),
            field="region_prefix",
        )
    kind = data.get("kind")
    if kind in (RuleKind.FALL_PREVIOUS, RuleKind.FALL_YEAR_AGO) and (
        data.get("amount") is None or Decimal(str(data["amount"])) <= 0
    ):
        raise IndexInputError(_("A fall rule needs a positive amount."), field="amount")
    if kind == RuleKind.THRESHOLD and (data.get("threshold") is None or not data.get("indicator")):
        raise IndexInputError(
            _("A threshold rule needs an indicator and a threshold."),
            field="threshold",
        )
    if kind == RuleKind.ALERT_SURGE and (data.get("k") is None or Decimal(str(data["k"])) <= 0):
        raise IndexInputError(_("A surge rule needs k > 0."), field="k")
    if data.get("indicator") and data["indicator"] not in registry.INDICATORS:
        raise IndexInputError(
            _("Unknown indicator %(key)s."), field="indicator", key=data["indicator"]
        )
    return data


def rule_create(*, actor: Actor, data: dict[str, Any]) -> WarningRule:
    """A new warning rule; authority officers only within their regions."""
    data = _check_rule(actor, {k: v for k, v in data.items() if k in RULE_FIELDS})
    with transaction.atomic():
        rule = WarningRule.objects.create(**data, updated_by=actor.user)
        audit_append(
            actor=actor.user,
            action="create",
            model="index.warningrule",
            object_pk=rule.pk,
            changes={k: str(v) for k, v in data.items()},
        )
    return rule


def rule_update(*, actor: Actor, rule: WarningRule, data: dict[str, Any]) -> WarningRule:
    """Change a rule's thresholds; authority officers only rules of their regions."""
    if not may_edit_rule(actor, rule.region_prefix):
        raise NotFound
    changes = {k: v for k, v in data.items() if k in RULE_FIELDS}
    merged = {f: getattr(rule, f) for f in RULE_FIELDS} | changes
    _check_rule(actor, merged)
    with transaction.atomic():
        for k, v in changes.items():
            setattr(rule, k, v)
        rule.updated_by = actor.user
        rule.save()
        audit_append(
            actor=actor.user,
            action="update",
            model="index.warningrule",
            object_pk=rule.pk,
            changes={k: str(v) for k, v in changes.items()},
        )
    return rule
