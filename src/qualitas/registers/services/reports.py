"""Writes of annual plans and work summaries: a plan with its target figures; the summary
compiled from the providers (``registers.summary``), its narrative edited, published."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, NotFound, may_keep_region_entry
from qualitas.registers.choices import EntryStatus
from qualitas.registers.models import AnnualPlan, PlanTarget, WorkSummary
from qualitas.registers.services.base import (
    RegisterError,
    audit,
    region_for,
    require_keeper,
    require_text,
)
from qualitas.registers.summary import compile_figures

FIRST_YEAR = 2019  # the platform's policies start with the 2019 implementation opinions


def _year(year: Any, today: date) -> int:
    try:
        y = int(year)
    except (TypeError, ValueError):
        y = 0
    if not FIRST_YEAR <= y <= today.year + 1:
        raise RegisterError(
            _("The year runs from %(first)s to %(last)s."),
            field="year",
            first=FIRST_YEAR,
            last=today.year + 1,
        )
    return y


def parse_targets(text: str) -> dict[str, Decimal]:
    """Targets entered one per line as ``figure key = value``; refuses a line it cannot read."""
    out: dict[str, Decimal] = {}
    for row, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        try:
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            number = None
        if not sep or not key.strip() or number is None or not number.is_finite():
            raise RegisterError(
                _("Target line %(n)s reads “figure = value”: %(line)s"),
                field="targets",
                row=row,
                n=row,
                line=line.strip(),
            )
        if key.strip() in out:
            raise RegisterError(
                _("Target line %(n)s repeats %(key)s."),
                field="targets",
                row=row,
                n=row,
                key=key.strip(),
            )
        out[key.strip()] = number
    return out


def plan_save(
    *,
    actor: Actor,
    region: str,
    year: Any,
    title: str,
    body: str = "",
    targets: Mapping[str, Decimal] | None = None,
    today: date | None = None,
) -> AnnualPlan:
    """Create or change the plan of a region and year (one a year) with its target figures."""
    require_keeper(actor)
    today = today or timezone.localdate()
    r = region_for(actor, region)
    y = _year(year, today)
    title = require_text(title, "title", _("The title"))
    for key, value in (targets or {}).items():
        if value < 0:
            raise RegisterError(_("The target of %(key)s is negative."), field="targets", key=key)
    with transaction.atomic():
        plan, created = AnnualPlan.objects.get_or_create(
            region=r, year=y, defaults={"title": title, "body": body, "created_by": actor.user}
        )
        if not created:
            plan.title, plan.body = title, body
            plan.save(update_fields=["title", "body"])
        plan.targets.all().delete()
        PlanTarget.objects.bulk_create(
            PlanTarget(plan=plan, key=k, target=v) for k, v in (targets or {}).items()
        )
        audit(actor, "plan.save", plan, region=r.code, year=y, targets=len(targets or {}))
    return plan


def plan_publish(*, actor: Actor, plan: AnnualPlan) -> AnnualPlan:
    """Publish the plan (then public with its targets)."""
    require_keeper(actor)
    if not may_keep_region_entry(actor, plan.region_id):
        raise NotFound
    if plan.status == EntryStatus.PUBLISHED:
        raise RegisterError(_("This entry is already published."), field="status")
    plan.status, plan.published_at = EntryStatus.PUBLISHED, timezone.now()
    plan.save(update_fields=["status", "published_at"])
    audit(actor, "plan.publish", plan)
    return plan


def summary_compile(
    *, actor: Actor, region: str, year: Any, today: date | None = None
) -> WorkSummary:
    """Compile (or compile again) the draft work summary of a region and year from the providers,
    setting the plan's targets beside the figures; a published summary is not compiled again."""
    require_keeper(actor)
    today = today or timezone.localdate()
    r = region_for(actor, region)
    y = _year(year, today)
    existing = WorkSummary.objects.filter(region=r, year=y).first()
    if existing is not None and existing.status == EntryStatus.PUBLISHED:
        raise RegisterError(
            _("The summary of %(year)s is published: it is not compiled again."),
            field="year",
            year=y,
        )
    figures = compile_figures(actor=actor, region=r.code, year=y, today=today)
    plan = AnnualPlan.objects.filter(region=r, year=y).first()
    targets = {t.key: t.target for t in plan.targets.all()} if plan else {}
    for f in figures:
        if f["key"] in targets:
            f["target"] = float(targets[f["key"]])
    with transaction.atomic():
        summary = existing or WorkSummary(region=r, year=y)
        summary.figures = figures
        summary.compiled_at = timezone.now()
        summary.compiled_by = actor.user
        summary.save()
        audit(actor, "summary.compile", summary, region=r.code, year=y, figures=len(figures))
    return summary


def summary_edit(*, actor: Actor, summary: WorkSummary, narrative: str) -> WorkSummary:
    """Change the narrative of a draft summary."""
    require_keeper(actor)
    if not may_keep_region_entry(actor, summary.region_id):
        raise NotFound
    if summary.status == EntryStatus.PUBLISHED:
        raise RegisterError(_("A published summary is not edited."), field="narrative")
    summary.narrative = narrative.strip()
    summary.save(update_fields=["narrative"])
    audit(actor, "summary.edit", summary, chars=len(summary.narrative))
    return summary


def summary_publish(*, actor: Actor, summary: WorkSummary) -> WorkSummary:
    """Publish a compiled summary with its narrative (then public)."""
    require_keeper(actor)
    if not may_keep_region_entry(actor, summary.region_id):
        raise NotFound
    if summary.status == EntryStatus.PUBLISHED:
        raise RegisterError(_("This entry is already published."), field="status")
    if not summary.figures:
        raise RegisterError(_("Compile the summary before publishing it."), field="figures")
    if not summary.narrative.strip():
        raise RegisterError(_("Write the narrative before publishing."), field="narrative")
    summary.status, summary.published_at = EntryStatus.PUBLISHED, timezone.now()
    summary.published_by = actor.user
    summary.save(update_fields=["status", "published_at", "published_by"])
    audit(actor, "summary.publish", summary)
    return summary
