"""Writes of the laboratory register: the laboratory with its accredited test items, its
accreditations (CMA, CNAS) and their validity, assessments and their results."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, NotFound, may_keep_region_entry
from qualitas.registers.choices import AssessmentKind, AssessmentResult
from qualitas.registers.models import LabAssessment, Laboratory, LabTestItem
from qualitas.registers.services.base import (
    RegisterError,
    audit,
    publish,
    region_for,
    require_keeper,
    require_text,
)

# CMA (检验检测机构资质认定) certificate numbers are twelve digits; CNAS laboratory
# accreditation numbers are "CNAS L" followed by four or five digits.
CMA_RE = re.compile(r"^\d{12}$")
CNAS_RE = re.compile(r"^(CNAS\s?)?L\d{4,5}$")
CODE_RE = re.compile(r"^[A-Za-z0-9_-]{2,40}$")


def parse_test_items(text: str) -> list[dict[str, str]]:
    """Test items entered one per line as ``item | standard | method | English name`` (the last two optional)."""
    out: list[dict[str, str]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        parts += [""] * (4 - len(parts))
        out.append(
            {"name_zh": parts[0], "standard": parts[1], "method": parts[2], "name_en": parts[3]}
        )
    return out


def _items(items: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    if not items:
        raise RegisterError(_("List at least one accredited test item."), field="items")
    seen: set[tuple[str, str, str]] = set()
    out = []
    for row, item in enumerate(items, start=1):
        name = (item.get("name_zh") or "").strip()
        standard = (item.get("standard") or "").strip()
        method = (item.get("method") or "").strip()
        if not name:
            raise RegisterError(_("Test item %(n)s has no name."), field="items", row=row, n=row)
        if not standard:
            raise RegisterError(
                _("Test item %(n)s (%(name)s) names no standard."),
                field="items",
                row=row,
                n=row,
                name=name,
            )
        key = (name, standard, method)
        if key in seen:
            raise RegisterError(
                _("Test item %(n)s (%(name)s) is listed twice."),
                field="items",
                row=row,
                n=row,
                name=name,
            )
        seen.add(key)
        out.append(
            {
                "name_zh": name,
                "name_en": (item.get("name_en") or "").strip(),
                "standard": standard,
                "method": method,
            }
        )
    return out


def _accreditation(data: Mapping[str, Any]) -> dict[str, Any]:
    cma = (data.get("cma_no") or "").strip()
    cnas = (data.get("cnas_no") or "").strip().upper()
    if not cma and not cnas:
        raise RegisterError(
            _("Give the CMA certificate number or the CNAS accreditation number."), field="cma_no"
        )
    if cma and not CMA_RE.match(cma):
        raise RegisterError(
            _("The CMA certificate number has twelve digits: %(value)s does not."),
            field="cma_no",
            value=cma,
        )
    if cnas and not CNAS_RE.match(cnas):
        raise RegisterError(
            _("The CNAS accreditation number reads like CNAS L1234: %(value)s does not."),
            field="cnas_no",
            value=cnas,
        )
    if cnas:
        cnas = "CNAS " + cnas.removeprefix("CNAS").strip()
    for number, until in ((cma, "cma_valid_until"), (cnas, "cnas_valid_until")):
        if number and not data.get(until):
            raise RegisterError(
                _("Give the date until which the accreditation is valid."), field=until
            )
    return {
        "cma_no": cma,
        "cma_valid_until": data.get("cma_valid_until") if cma else None,
        "cnas_no": cnas,
        "cnas_valid_until": data.get("cnas_valid_until") if cnas else None,
    }


def laboratory_save(
    *,
    actor: Actor,
    data: Mapping[str, Any],
    items: Sequence[Mapping[str, str]],
    lab: Laboratory | None = None,
) -> Laboratory:
    """Create or change a laboratory and replace its test items (all or nothing).

    Rules: a code of letters, digits, ``-``/``_`` unique in the register; a Chinese name; a region
    the officer keeps; at least one accreditation number (CMA twelve digits, CNAS ``L`` and four
    or five digits) each with its validity; at least one test item, each with a standard, none twice.
    """
    require_keeper(actor)
    if lab is not None and not may_keep_region_entry(actor, lab.region_id):
        raise NotFound
    code = require_text(data.get("code", ""), "code", _("Code"))
    if not CODE_RE.match(code):
        raise RegisterError(
            _("The code uses letters, digits, - and _ only (2 to 40)."), field="code"
        )
    clash = Laboratory.objects.filter(code=code)
    if lab is not None:
        clash = clash.exclude(pk=lab.pk)
    if clash.exists():
        raise RegisterError(_("Code %(code)s is taken."), field="code", code=code)
    name_zh = require_text(data.get("name_zh", ""), "name_zh", _("The Chinese name"))
    region = region_for(actor, data.get("region"))
    accreditation = _accreditation(data)
    due = data.get("reassessment_due")
    if (
        due
        and isinstance(due, date)
        and accreditation["cma_valid_until"]
        and due > accreditation["cma_valid_until"]
    ):
        raise RegisterError(
            _("The re-assessment is due after the CMA certificate expires."),
            field="reassessment_due",
        )
    clean_items = _items(items)
    values = {
        "code": code,
        "name_zh": name_zh,
        "name_en": (data.get("name_en") or "").strip(),
        "region": region,
        "specialties": (data.get("specialties") or "").strip(),
        "address": (data.get("address") or "").strip(),
        "reassessment_due": due or None,
        **accreditation,
    }
    with transaction.atomic():
        if lab is None:
            lab = Laboratory.objects.create(created_by=actor.user, **values)
            action = "laboratory.create"
        else:
            for k, v in values.items():
                setattr(lab, k, v)
            lab.save()
            lab.items.all().delete()
            action = "laboratory.update"
        LabTestItem.objects.bulk_create([LabTestItem(lab=lab, **i) for i in clean_items])
        audit(actor, action, lab, code=code, items=len(clean_items))
    return lab


def laboratory_publish(*, actor: Actor, lab: Laboratory) -> Laboratory:
    """Publish the laboratory in the public register."""
    require_keeper(actor)
    with transaction.atomic():
        publish(actor, lab)
    return lab


def lab_assessment_record(
    *,
    actor: Actor,
    lab: Laboratory,
    kind: str,
    assessed_on: date,
    result: str,
    note: str = "",
    next_due: date | None = None,
) -> LabAssessment:
    """Record an assessment and its result; ``next_due`` moves the re-assessment schedule."""
    require_keeper(actor)
    if not may_keep_region_entry(actor, lab.region_id):
        raise NotFound
    if kind not in AssessmentKind.values:
        raise RegisterError(_("Unknown assessment kind."), field="kind")
    if result not in AssessmentResult.values:
        raise RegisterError(_("Unknown assessment result."), field="result")
    if next_due is not None and next_due <= assessed_on:
        raise RegisterError(
            _("The next re-assessment falls after this assessment."), field="next_due"
        )
    with transaction.atomic():
        a = LabAssessment.objects.create(
            lab=lab, kind=kind, assessed_on=assessed_on, result=result, note=note.strip()
        )
        if next_due is not None:
            lab.reassessment_due = next_due
            lab.save(update_fields=["reassessment_due"])
        audit(actor, "laboratory.assess", lab, kind=kind, result=result, on=assessed_on)
    return a
