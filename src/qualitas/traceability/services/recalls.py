"""The defective-product recall (SAMR Order No. 19): report → investigation → plan → scope →
filing → notice → progress → closure; effectiveness = units recovered / units affected.

Regulated record: the producer reports and plans, an authority officer of its region files,
publishes and closes (two people); every step is audited. A published plan is not edited;
progress reports are appended. The scope is traced forward from the defective lots
(:func:`recall_scope_compute`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    NotFound,
    may_report_defect,
    may_supervise_recall,
    may_write_recall_plan,
)
from qualitas.core.audit import audit_append
from qualitas.traceability.choices import DefectSource, RecallStatus, Remedy
from qualitas.traceability.errors import RecallError
from qualitas.traceability.models import Recall, RecallProgress, RecallScopeItem
from qualitas.traceability.rows import write_rows

PLAN_FIELDS = (
    "recall_no",
    "producer_address",
    "legal_rep",
    "recall_owner",
    "recall_contact",
    "product_name",
    "brand",
    "model_spec",
    "batch",
    "lots",
    "production_start",
    "production_end",
    "production_qty",
    "recall_qty",
    "origin_type",
    "sales_channels",
    "defect_description",
    "consequence",
    "incidents",
    "component_suppliers",
    "remedy",
    "remedy_text",
    "start_date",
    "consumer_contact",
    "trigger",
)
PLAN_REQUIRED = (
    "product_name",
    "model_spec",
    "batch",
    "recall_qty",
    "defect_description",
    "consequence",
    "remedy",
    "start_date",
)


def _audit(
    actor: Actor, recall: Recall, action: str, changes: dict[str, Any] | None = None
) -> None:
    audit_append(
        actor=actor.user,
        action=action,
        model="traceability.Recall",
        object_pk=recall.pk,
        changes=changes or {},
    )


def _region(recall: Recall) -> str | None:
    return recall.enterprise.region_id if recall.enterprise_id and recall.enterprise else None


def recall_report(
    *,
    actor: Actor,
    enterprise: Any,
    defect_source: str,
    product_name: str,
    defect_description: str,
    lots: str = "",
) -> Recall:
    """A defect report on an enterprise's product: the start of a recall."""
    if not may_report_defect(actor, enterprise):
        raise NotFound
    if defect_source not in DefectSource.values:
        raise RecallError(_("Choose where the defect was reported from."), field="defect_source")
    if not (product_name or "").strip():
        raise RecallError(_("Name the product."), field="product_name")
    if not (defect_description or "").strip():
        raise RecallError(_("Describe the defect."), field="defect_description")
    with transaction.atomic():
        recall = Recall.objects.create(
            enterprise=enterprise,
            region_id=enterprise.region_id,
            producer_name=enterprise.name_zh,
            defect_source=defect_source,
            product_name=product_name.strip(),
            defect_description=defect_description.strip(),
            lots=lots.strip(),
            status=RecallStatus.INVESTIGATING
            if defect_source == DefectSource.INVESTIGATION
            else RecallStatus.REPORTED,
            reported_by=actor.user,
        )
        _audit(actor, recall, "recall_report", {"source": defect_source})
    return recall


def recall_investigate(*, actor: Actor, recall: Recall) -> Recall:
    """An authority officer opens an investigation of a reported defect."""
    if not may_supervise_recall(actor, _region(recall)):
        raise NotFound
    if recall.status != RecallStatus.REPORTED:
        raise RecallError(
            _("Only a reported defect can be put under investigation."), field="status"
        )
    recall.status = RecallStatus.INVESTIGATING
    recall.save(update_fields=["status"])
    _audit(actor, recall, "recall_investigate")
    return recall


def recall_plan(*, actor: Actor, recall: Recall, data: dict[str, Any]) -> Recall:
    """The producer's recall plan with the template's fields; resubmitted until it is filed."""
    if not may_write_recall_plan(actor, recall.enterprise_id):
        raise NotFound
    if recall.status not in (
        RecallStatus.REPORTED,
        RecallStatus.INVESTIGATING,
        RecallStatus.PLANNED,
    ):
        raise RecallError(
            _("A filed recall plan is not changed; report progress instead."), field="status"
        )
    for name in PLAN_FIELDS:
        if name in data:
            setattr(
                recall,
                name,
                data[name] if data[name] is not None else getattr(Recall, name).field.get_default(),
            )
    for name in PLAN_REQUIRED:
        if getattr(recall, name) in (None, ""):
            raise RecallError(
                _("The recall plan needs %(name)s."),
                field=name,
                name=getattr(Recall._meta.get_field(name), "verbose_name", name),
            )
    if recall.remedy not in Remedy.values:
        raise RecallError(_("Choose a remedy."), field="remedy")
    if (
        recall.production_start
        and recall.production_end
        and recall.production_start > recall.production_end
    ):
        raise RecallError(_("The production period ends before it starts."), field="production_end")
    if (
        recall.production_qty is not None
        and recall.recall_qty
        and recall.recall_qty > recall.production_qty
    ):
        raise RecallError(_("More units affected than produced."), field="recall_qty")
    recall.status = RecallStatus.PLANNED
    with transaction.atomic():
        recall.save()
        _audit(actor, recall, "recall_plan", {k: str(data.get(k, "")) for k in PLAN_REQUIRED})
    return recall


def recall_scope_compute(*, actor: Actor, recall: Recall) -> int:
    """Trace forward from every defective lot (the whole genealogy) and keep what it reached:
    output lots, products, pallets, parties with their enterprises, quantities (as the recall's
    :class:`RecallScopeItem` rows, replacing earlier ones). Returns how many were kept."""
    from qualitas.traceability.selectors import parties_of, trace_walk

    if not (
        may_write_recall_plan(actor, recall.enterprise_id)
        or may_supervise_recall(actor, _region(recall))
    ):
        raise NotFound
    lots = [line.strip() for line in recall.lots.splitlines() if line.strip()]
    if not lots:
        raise RecallError(_("List the defective lots first."), field="lots")
    best: dict[str, Any] = {}
    for lot in lots:
        for node in trace_walk(lot, direction="forward").nodes:
            if node.id not in best or node.depth < best[node.id].depth:
                best[node.id] = node
    owners = parties_of(best)
    rows = [
        (recall.pk, n.id, n.depth, n.kind, n.quantity, n.uom, owners.get(n.id))
        for n in sorted(best.values(), key=lambda n: (n.depth, n.id))
    ]
    with transaction.atomic():
        RecallScopeItem.objects.filter(recall=recall).delete()
        write_rows(
            RecallScopeItem._meta.db_table,
            ("recall_id", "identifier", "depth", "kind", "quantity", "uom", "party_id"),
            rows,
        )
        recall.scope_computed_at = timezone.now()
        recall.save(update_fields=["scope_computed_at"])
        _audit(actor, recall, "recall_scope", {"items": len(rows)})
    return len(rows)


def recall_file(*, actor: Actor, recall: Recall) -> Recall:
    """The authority files the submitted plan (a person other than the one who reported it)."""
    if not may_supervise_recall(actor, _region(recall)):
        raise NotFound
    if recall.status != RecallStatus.PLANNED:
        raise RecallError(_("Only a submitted recall plan can be filed."), field="status")
    if recall.reported_by_id and recall.reported_by_id == getattr(actor.user, "pk", None):
        raise RecallError(
            _("The plan is filed by someone other than who reported the defect."), field="status"
        )
    recall.status = RecallStatus.FILED
    recall.filed_by = actor.user
    recall.filed_at = timezone.now()
    if not recall.recall_no:
        recall.recall_no = f"QR-{timezone.localdate():%Y}-{recall.pk:05d}"
    recall.save(update_fields=["status", "filed_by", "filed_at", "recall_no"])
    _audit(actor, recall, "recall_file", {"recall_no": recall.recall_no})
    return recall


def recall_publish(*, actor: Actor, recall: Recall) -> Recall:
    """The public notice: the filed recall becomes visible to everyone."""
    if not may_supervise_recall(actor, _region(recall)):
        raise NotFound
    if recall.status != RecallStatus.FILED:
        raise RecallError(_("Only a filed recall is published."), field="status")
    recall.status = RecallStatus.PUBLISHED
    recall.published_at = timezone.now()
    recall.save(update_fields=["status", "published_at"])
    _audit(actor, recall, "recall_publish")
    return recall


def recall_progress_add(
    *,
    actor: Actor,
    recall: Recall,
    report_date: date,
    units_recovered: int,
    channel: str = "",
    region_id: str | None = None,
    note: str = "",
) -> RecallProgress:
    """A progress report of a published recall: units recovered (by channel and region)."""
    if not (
        may_write_recall_plan(actor, recall.enterprise_id)
        or may_supervise_recall(actor, _region(recall))
    ):
        raise NotFound
    if recall.status != RecallStatus.PUBLISHED:
        raise RecallError(_("Progress is reported for a published recall."), field="status")
    if units_recovered is None or units_recovered < 0:
        raise RecallError(_("Units recovered cannot be negative."), field="units_recovered")
    if report_date > timezone.localdate():
        raise RecallError(_("The report date is in the future."), field="report_date")
    recovered = sum(p.units_recovered for p in recall.progress.all())
    if recall.recall_qty and recovered + units_recovered > recall.recall_qty:
        raise RecallError(
            _("More units recovered (%(total)s) than affected (%(affected)s)."),
            field="units_recovered",
            total=recovered + units_recovered,
            affected=recall.recall_qty,
        )
    with transaction.atomic():
        row = RecallProgress.objects.create(
            recall=recall,
            report_date=report_date,
            units_recovered=units_recovered,
            channel=channel.strip(),
            region_id=region_id or None,
            note=note.strip(),
            created_by=actor.user,
        )
        _audit(
            actor, recall, "recall_progress", {"units": units_recovered, "date": str(report_date)}
        )
    return row


def recall_close(*, actor: Actor, recall: Recall) -> Recall:
    """The authority closes a published recall (the summary report received)."""
    if not may_supervise_recall(actor, _region(recall)):
        raise NotFound
    if recall.status != RecallStatus.PUBLISHED:
        raise RecallError(_("Only a published recall is closed."), field="status")
    recall.status = RecallStatus.CLOSED
    recall.closed_at = timezone.now()
    recall.save(update_fields=["status", "closed_at"])
    _audit(actor, recall, "recall_close")
    return recall
