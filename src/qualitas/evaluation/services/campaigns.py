"""Campaigns over enterprises of a region and their assignments to evaluation institutions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    may_govern_region,
    may_run_campaign,
    region_within,
)
from qualitas.core.audit import AuditRecord, audit_append, audit_append_many
from qualitas.evaluation.choices import (
    AssignmentStatus,
)
from qualitas.evaluation.models import (
    Assignment,
    Campaign,
    Framework,
)
from qualitas.evaluation.services._common import EvaluationError
from qualitas.evaluation.services.frameworks import framework_active
from qualitas.registry.models import Enterprise, Institution, Region


def campaign_create(
    *,
    actor: Actor,
    name: str,
    region: Region | None,
    deadline: date,
    enterprise_ids: Sequence[int],
    institution_ids: Sequence[int] = (),
    criteria: dict[str, Any] | None = None,
    framework: Framework | None = None,
) -> Campaign:
    """Create a campaign over the given enterprises (all within the actor's regions; ``region``
    None = nationwide, administrators only) and its assignments, shared round-robin among the
    chosen evaluation institutions; one audit entry each."""
    if not may_run_campaign(actor, region.code if region is not None else None):
        raise Forbidden(_("only authority officers run campaigns in their regions"))
    if not name.strip():
        raise EvaluationError(_("give the campaign a name"), field="name")
    if deadline <= timezone.localdate():
        raise EvaluationError(_("the deadline must lie in the future"), field="deadline")
    ids = list(dict.fromkeys(int(i) for i in enterprise_ids))
    if not ids:
        raise EvaluationError(_("the selection contains no enterprise"), field="enterprises")
    found = (
        dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "region_id"))
        if len(ids) <= 20000
        else _regions_of(ids)
    )
    outside = [
        i
        for i in ids
        if i not in found or (region is not None and not region_within(found[i], region.code))
    ]
    if outside:
        raise EvaluationError(
            _("%(n)d enterprise(s) lie outside the campaign's region"),
            field="enterprises",
            n=len(outside),
        )
    institutions = (
        list(Institution.objects.filter(pk__in=institution_ids, kind="evaluation").order_by("pk"))
        if institution_ids
        else []
    )
    if institution_ids and len(institutions) != len(set(institution_ids)):
        raise EvaluationError(_("choose evaluation institutions only"), field="institutions")
    fw = framework or framework_active()
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            framework=fw,
            region=region,
            deadline=deadline,
            criteria=criteria or {},
            created_by=actor.user,
        )
        rows = [
            Assignment(
                campaign=campaign,
                enterprise_id=eid,
                institution=institutions[k % len(institutions)] if institutions else None,
                deadline=deadline,
            )
            for k, eid in enumerate(ids)
        ]
        Assignment.objects.bulk_create(rows, batch_size=2000)
        pks = dict(Assignment.objects.filter(campaign=campaign).values_list("enterprise_id", "pk"))
        audit_append_many(
            actor=actor.user,
            records=[
                AuditRecord(
                    action="create",
                    model="evaluation.campaign",
                    object_pk=str(campaign.pk),
                    changes={
                        "name": name,
                        "region": region.code if region else None,
                        "deadline": deadline.isoformat(),
                        "enterprises": len(ids),
                        "framework": f"{fw.code} {fw.version}",
                    },
                ),
                *(
                    AuditRecord(
                        action="create",
                        model="evaluation.assignment",
                        object_pk=str(pks[a.enterprise_id]),
                        changes={
                            "campaign": campaign.pk,
                            "enterprise": a.enterprise_id,
                            "institution": a.institution_id,
                        },
                    )
                    for a in rows
                ),
            ],
        )
    return campaign


def _regions_of(ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for i in range(0, len(ids), 20000):
        out.update(
            Enterprise.objects.filter(pk__in=ids[i : i + 20000]).values_list("pk", "region_id")
        )
    return out


def assignment_set_institution(
    *, actor: Actor, assignment: Assignment, institution: Institution
) -> Assignment:
    """Authority: (re)assign an enterprise of a campaign to an evaluation institution before scoring starts."""
    if not may_govern_region(actor, assignment.enterprise.region_id):
        raise Forbidden(_("not your campaign"))
    if institution.kind != "evaluation":
        raise EvaluationError(_("choose an evaluation institution"), field="institution")
    if assignment.status not in (AssignmentStatus.PENDING, AssignmentStatus.ASSIGNED):
        raise EvaluationError(
            _("scoring has started: the institution cannot change"),
            field="institution",
        )
    with transaction.atomic():
        before = assignment.institution_id
        assignment.institution = institution
        assignment.status = AssignmentStatus.PENDING
        assignment.lead = None
        assignment.save(update_fields=["institution", "status", "lead", "updated_at"])
        assignment.evaluators.clear()
        audit_append(
            actor=actor.user,
            action="assign_institution",
            model="evaluation.assignment",
            object_pk=assignment.pk,
            changes={"institution": [before, institution.pk]},
        )
    return assignment
