"""Writes of problem diagnosis: characteristics, frozen limits, alerts, managed lists and tokens.
Measurements are written by :mod:`.ingest`, alerts opened by :mod:`.monitoring`, studies by
:mod:`.studies`, capability summaries by :mod:`.summaries` (those are re-exported here). Changes
to characteristics, limits, alert acknowledgements and tokens are audited.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, Forbidden, may_write_quality_data
from qualitas.core.audit import audit_append
from qualitas.diagnosis.choices import (
    ATTRIBUTE_CHARTS,
    CHART_FAMILIES,
    AlertStatus,
    ChartType,
    RuleSet,
    StudyKind,
)
from qualitas.diagnosis.errors import DiagnosisError
from qualitas.diagnosis.ingest import IngestResult, batch_parse, measurements_ingest  # noqa: F401 (re-exported)
from qualitas.diagnosis.models import (
    Alert,
    AssignableCause,
    Characteristic,
    CorrectiveAction,
    Study,
)
from qualitas.diagnosis.selectors import actions_for, causes_for
from qualitas.diagnosis.studies import study_run as study_run  # re-exported
from qualitas.diagnosis.summaries import (  # re-exported
    capability_summaries_compute as capability_summaries_compute,
)
from qualitas.diagnosis.summaries import (
    capability_summary_compute as capability_summary_compute,
)
from qualitas.diagnosis.summaries import (
    capability_summary_refresh as capability_summary_refresh,
)
from qualitas.diagnosis.tokens import gateway_token_create as token_create  # noqa: F401 (re-exported)
from qualitas.diagnosis.units import normalise_unit
from qualitas.registry.models import Product, Site

logger = logging.getLogger(__name__)

CHARACTERISTIC_FIELDS = (
    "name",
    "unit",
    "lsl",
    "usl",
    "target",
    "subgroup_size",
    "chart_type",
    "rule_set",
    "site_id",
    "product_id",
    "line",
    "monitored",
)


def _decimal(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        raise DiagnosisError(
            _("%(name)s: %(value)s is not a number"), field=field, name=field, value=repr(value)
        ) from None
    if not d.is_finite():
        raise DiagnosisError(_("%(name)s must be a finite number"), field=field, name=field)
    return d


def characteristic_validate(
    *,
    enterprise_id: int,
    data: dict[str, Any],
    partial: bool = False,
    instance: Characteristic | None = None,
) -> dict[str, Any]:
    """Clean and check characteristic fields; raises DiagnosisError naming the field."""
    out: dict[str, Any] = {}
    if "name" in data or not partial:
        name = str(data.get("name") or "").strip()
        if not name or len(name) > 200:
            raise DiagnosisError(_("name: 1 to 200 characters"), field="name")
        out["name"] = name
    if "unit" in data or not partial:
        unit = normalise_unit(str(data.get("unit") or ""))
        if unit is None:
            raise DiagnosisError(
                _("unit: %(value)s is not a known unit name; see the list of units"),
                field="unit",
                value=repr(data.get("unit")),
            )
        out["unit"] = unit
    for key in ("lsl", "usl", "target"):
        if key in data or not partial:
            out[key] = _decimal(data.get(key), key)
    if "subgroup_size" in data or not partial:
        try:
            n = int(data.get("subgroup_size") or 1)
        except (TypeError, ValueError):
            n = 0
        if not 1 <= n <= 25:
            raise DiagnosisError(
                _("subgroup_size: a whole number from 1 to 25"), field="subgroup_size"
            )
        out["subgroup_size"] = n
    if "chart_type" in data or not partial:
        ct = data.get("chart_type") or ChartType.IMR
        if ct not in ChartType.values:
            raise DiagnosisError(
                _("chart_type: one of %(choices)s"),
                field="chart_type",
                choices=", ".join(ChartType.values),
            )
        out["chart_type"] = ct
    if "rule_set" in data or not partial:
        rs = data.get("rule_set") or RuleSet.NELSON
        if rs not in RuleSet.values:
            raise DiagnosisError(
                _("rule_set: one of %(choices)s"),
                field="rule_set",
                choices=", ".join(RuleSet.values),
            )
        out["rule_set"] = rs
    for key, model in (("site_id", Site), ("product_id", Product)):
        if key in data or not partial:
            pk = data.get(key) or None
            if (
                pk is not None
                and not model.objects.filter(pk=pk, enterprise_id=enterprise_id).exists()
            ):
                raise DiagnosisError(
                    _("%(name)s: not one of this enterprise's"), field=key[:-3], name=key[:-3]
                )
            out[key] = pk
    if "line" in data or not partial:
        out["line"] = str(data.get("line") or "")[:100]
    if "monitored" in data or not partial:
        out["monitored"] = bool(data.get("monitored"))
    merged = (
        {k: getattr(instance, k) for k in ("lsl", "usl", "target", "subgroup_size", "chart_type")}
        if instance
        else {}
    )
    merged.update(out)
    lsl, usl, target = merged.get("lsl"), merged.get("usl"), merged.get("target")
    if lsl is not None and usl is not None and usl <= lsl:
        raise DiagnosisError(_("usl must be greater than lsl"), field="usl")
    if target is not None and (
        (lsl is not None and target < lsl) or (usl is not None and target > usl)
    ):
        raise DiagnosisError(_("target must lie within the specification limits"), field="target")
    n, ct = merged.get("subgroup_size", 1), merged.get("chart_type", ChartType.IMR)
    if ct in ATTRIBUTE_CHARTS:
        # counts per inspected sample: the sample size comes with each count, not from here
        if "subgroup_size" in out or "chart_type" in out:
            out["subgroup_size"] = 1
        if instance is not None and instance.measurements.exists() and not instance.is_attribute:
            raise DiagnosisError(
                _("this characteristic has measured values: an attribute chart needs counts"),
                field="chart_type",
            )
    elif instance is not None and instance.is_attribute and instance.measurements.exists():
        raise DiagnosisError(
            _("this characteristic has counts: a variables chart needs measured values"),
            field="chart_type",
        )
    elif (n == 1) != (ct == ChartType.IMR):
        raise DiagnosisError(
            _("use the I-MR chart for subgroup size 1 and X̄-R/X̄-S for subgroups of 2 or more"),
            field="chart_type",
        )
    return out


def _snapshot(c: Characteristic) -> dict[str, Any]:
    return {
        k: (str(getattr(c, k)) if isinstance(getattr(c, k), Decimal) else getattr(c, k))
        for k in CHARACTERISTIC_FIELDS
    }


def characteristic_create(
    *, actor: Actor, enterprise_id: int, data: dict[str, Any]
) -> Characteristic:
    """Create a characteristic for an enterprise (its own users, admins); audited."""
    if not may_write_quality_data(actor, enterprise_id):
        raise Forbidden(_("you may not add characteristics to this enterprise"))
    clean = characteristic_validate(enterprise_id=enterprise_id, data=data)
    with transaction.atomic():
        c = Characteristic.objects.create(enterprise_id=enterprise_id, **clean)
        audit_append(
            actor=actor.user,
            action="create",
            model="diagnosis.characteristic",
            object_pk=c.pk,
            changes=_snapshot(c),
        )
    return c


def characteristic_update(
    *, actor: Actor, characteristic: Characteristic, data: dict[str, Any]
) -> Characteristic:
    """Change fields; the audit entry records old and new values. Monitoring needs frozen limits."""
    if not may_write_quality_data(actor, characteristic.enterprise_id):
        raise Forbidden(_("you may not change this characteristic"))
    clean = characteristic_validate(
        enterprise_id=characteristic.enterprise_id, data=data, partial=True, instance=characteristic
    )
    if clean.get("monitored") and not characteristic.has_frozen_limits:
        raise DiagnosisError(
            _("freeze limits from a control-chart study before monitoring"),
            field="monitored",
        )
    before = _snapshot(characteristic)
    for k, v in clean.items():
        setattr(characteristic, k, v)
    after = _snapshot(characteristic)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changes:
        with transaction.atomic():
            characteristic.save()
            audit_append(
                actor=actor.user,
                action="update",
                model="diagnosis.characteristic",
                object_pk=characteristic.pk,
                changes=changes,
            )
    return characteristic


def limits_freeze(
    *, actor: Actor, characteristic: Characteristic, study: Study, monitor: bool = True
) -> Characteristic:
    """Freeze the Phase I limits of a control-chart study on its characteristic and (by default) start monitoring."""
    if not may_write_quality_data(actor, characteristic.enterprise_id):
        raise Forbidden(_("you may not change this characteristic"))
    if study.characteristic_id != characteristic.pk or study.kind not in (
        StudyKind.CONTROL_CHART,
        StudyKind.CAPABILITY,
    ):
        raise DiagnosisError(
            _("limits come from a control-chart study of this characteristic"),
            field="study",
        )
    limits = study.results.get("limits")
    if not limits:
        raise DiagnosisError(
            _("this study has no single set of limits to freeze (unequal subgroups?)"),
            field="study",
        )
    chart = limits.get("chart")
    if chart != characteristic.chart_type and not any(
        {chart, characteristic.chart_type} <= family for family in CHART_FAMILIES
    ):
        raise DiagnosisError(
            _("the study used another chart type than the characteristic"),
            field="study",
        )
    with transaction.atomic():
        # a chart the study proposed for the same data (X̄-S for large subgroups, u for defects
        # counted per unit) becomes the characteristic's chart
        characteristic.chart_type = chart
        characteristic.frozen_limits = dict(limits)
        characteristic.frozen_from = study
        characteristic.frozen_at = timezone.now()
        characteristic.monitored = characteristic.monitored or monitor
        characteristic.save(
            update_fields=["chart_type", "frozen_limits", "frozen_from", "frozen_at", "monitored"]
        )
        audit_append(
            actor=actor.user,
            action="freeze_limits",
            model="diagnosis.characteristic",
            object_pk=characteristic.pk,
            changes={"limits": limits, "study": study.pk, "monitored": characteristic.monitored},
        )
    return characteristic


def alert_acknowledge(
    *,
    actor: Actor,
    alert: Alert,
    cause_id: int,
    action_id: int,
    note: str = "",
    close: bool = False,
) -> Alert:
    """Acknowledge an alert with an assignable cause and a corrective action from the managed lists; audited."""
    eid = alert.characteristic.enterprise_id
    if not may_write_quality_data(actor, eid):
        raise Forbidden(_("you may not acknowledge this alert"))
    if alert.status == AlertStatus.CLOSED:
        raise DiagnosisError(_("this alert is closed"), field="status")
    if not causes_for(enterprise_id=eid).filter(pk=cause_id).exists():
        raise DiagnosisError(_("choose an assignable cause from the list"), field="cause")
    if not actions_for(enterprise_id=eid).filter(pk=action_id).exists():
        raise DiagnosisError(_("choose a corrective action from the list"), field="action")
    now = timezone.now()
    with transaction.atomic():
        alert.cause_id, alert.action_id, alert.note = cause_id, action_id, note[:2000]
        alert.acknowledged_by, alert.acknowledged_at = actor.user, now
        alert.status = AlertStatus.CLOSED if close else AlertStatus.ACKNOWLEDGED
        alert.closed_at = now if close else None
        alert.save()
        audit_append(
            actor=actor.user,
            action="acknowledge",
            model="diagnosis.alert",
            object_pk=alert.pk,
            changes={
                "cause": cause_id,
                "action": action_id,
                "note": note[:2000],
                "status": alert.status,
            },
        )
    return alert


def managed_item_create(
    *, actor: Actor, enterprise_id: int, kind: str, code: str, name_zh: str, name_en: str = ""
) -> AssignableCause | CorrectiveAction:
    """Add an enterprise's own assignable cause (``kind="cause"``) or corrective action (``"action"``)."""
    if not may_write_quality_data(actor, enterprise_id):
        raise Forbidden(_("you may not change this enterprise's lists"))
    model = AssignableCause if kind == "cause" else CorrectiveAction
    if not name_zh.strip():
        raise DiagnosisError(_("name_zh is required"), field="name_zh")
    with transaction.atomic():
        item = model.objects.create(
            enterprise_id=enterprise_id,
            code=(code or name_zh)[:32],
            name_zh=name_zh[:200],
            name_en=name_en[:200],
        )
        audit_append(
            actor=actor.user,
            action="create",
            model=f"diagnosis.{model.__name__.lower()}",
            object_pk=item.pk,
            changes={"name_zh": name_zh, "name_en": name_en},
        )
    return item
