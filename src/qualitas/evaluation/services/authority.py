"""What authority officers record: gating records (incidents, penalties, listings) and regional targets."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    may_govern_region,
)
from qualitas.core.audit import audit_append
from qualitas.evaluation.models import (
    GateRecord,
    RegionalTarget,
)
from qualitas.evaluation.services._common import EvaluationError
from qualitas.registry.models import Enterprise, Region


def gate_record_create(
    *,
    actor: Actor,
    enterprise: Enterprise,
    kind: str,
    occurred_on: date,
    reference: str,
    description: str = "",
) -> GateRecord:
    """An authority officer records a serious incident, penalty or listing for an enterprise in their regions."""
    if not may_govern_region(actor, enterprise.region_id):
        raise Forbidden(_("only authority officers of the enterprise's region may record this"))
    if occurred_on > timezone.localdate():
        raise EvaluationError(_("the date lies in the future"), field="occurred_on")
    if not reference.strip():
        raise EvaluationError(_("give the decision number or report reference"), field="reference")
    with transaction.atomic():
        g = GateRecord.objects.create(
            enterprise=enterprise,
            kind=kind,
            occurred_on=occurred_on,
            reference=reference,
            description=description,
            entered_by=actor.user,
        )
        audit_append(
            actor=actor.user,
            action="create",
            model="evaluation.gaterecord",
            object_pk=g.pk,
            changes={
                "enterprise": enterprise.pk,
                "kind": kind,
                "occurred_on": occurred_on.isoformat(),
                "reference": reference,
            },
        )
    return g


def regional_target_set(
    *, actor: Actor, region: Region, level: int, target: int, year: int = 2027
) -> RegionalTarget:
    """Set the number of enterprises a region aims to bring newly to ``level`` by ``year``."""
    if not may_govern_region(actor, region.code):
        raise Forbidden(_("only authority officers of this region may set its targets"))
    if level not in (2, 3, 4, 5):
        raise EvaluationError(_("targets are set for L2–L5"), field="level")
    if target < 0:
        raise EvaluationError(_("the target cannot be negative"), field="target")
    with transaction.atomic():
        t, _created = RegionalTarget.objects.update_or_create(
            region=region,
            level=level,
            year=year,
            defaults={"target": target, "entered_by": actor.user},
        )
        audit_append(
            actor=actor.user,
            action="set",
            model="evaluation.regionaltarget",
            object_pk=t.pk,
            changes={
                "region": region.code,
                "level": level,
                "year": year,
                "target": target,
            },
        )
    return t
