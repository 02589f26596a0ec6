"""Second-party process audits of suppliers (VDA 6.3-style): checklists (the shipped one and a
customer's imported ones, versioned), planning, answers with findings and evidence, scoring and
classification by :mod:`qualitas.suppliers.vda`."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor
from qualitas.registry.models import Enterprise
from qualitas.suppliers.choices import AuditStatus
from qualitas.suppliers.models import (
    AuditAnswer,
    AuditQuestion,
    AuditTemplate,
    Supplier,
    SupplierAudit,
)
from qualitas.suppliers.services.common import SupplierError, audit, require_customer, today
from qualitas.suppliers.vda import ELEMENTS, SCORES, Answer, AuditScoringError, score_audit

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "process_audit_v1.csv"
COLUMNS = ("number", "element", "sub_element", "star", "text_en", "text_zh")


def checklist_rows(text: str) -> list[dict[str, Any]]:
    """Parse and check a checklist CSV (``number, element, sub_element, star, text_en,
    text_zh``); a bad row is refused with its line."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise SupplierError(
            _("the checklist lacks the columns: %(cols)s"), field="file", cols=", ".join(missing)
        )
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line, row in enumerate(reader, start=2):
        number = (row["number"] or "").strip()
        element = (row["element"] or "").strip().upper()
        if not number or number in seen:
            raise SupplierError(_("question number missing or repeated"), field="number", row=line)
        if element not in ELEMENTS:
            raise SupplierError(
                _("process element %(e)s is not one of: %(valid)s"),
                field="element",
                row=line,
                e=element or "—",
                valid=", ".join(ELEMENTS),
            )
        if not (row["text_zh"] or "").strip():
            raise SupplierError(
                _("the question's Chinese text is empty"), field="text_zh", row=line
            )
        seen.add(number)
        rows.append(
            {
                "number": number,
                "element": element,
                "sub_element": (row["sub_element"] or "").strip(),
                "star": (row["star"] or "").strip().lower() in ("1", "true", "yes", "*"),
                "text_en": (row["text_en"] or "").strip(),
                "text_zh": row["text_zh"].strip(),
                "position": len(rows),
            }
        )
    if not rows:
        raise SupplierError(_("the checklist has no questions"), field="file")
    return rows


def _create_template(
    *, owner: Enterprise | None, code: str, name_zh: str, name_en: str, rows: list[dict[str, Any]]
) -> AuditTemplate:
    last = AuditTemplate.objects.filter(owner=owner, code=code).order_by("-version").first()
    template = AuditTemplate.objects.create(
        owner=owner,
        code=code,
        version=(last.version + 1) if last else 1,
        name_zh=name_zh,
        name_en=name_en,
    )
    AuditQuestion.objects.bulk_create(AuditQuestion(template=template, **r) for r in rows)
    return template


def default_template() -> AuditTemplate:
    """The shipped process-audit checklist (latest version), loaded on first use."""
    found = (
        AuditTemplate.objects.filter(owner__isnull=True, code="process-audit")
        .order_by("-version")
        .first()
    )
    if found is not None:
        return found
    return _create_template(
        owner=None,
        code="process-audit",
        name_zh="过程审核（参照VDA 6.3结构）",
        name_en="Process audit (after the VDA 6.3 structure)",
        rows=checklist_rows(DEFAULT_TEMPLATE.read_text(encoding="utf-8")),
    )


@transaction.atomic
def checklist_import(
    *, actor: Actor, customer: Enterprise, code: str, name: str, data: bytes
) -> AuditTemplate:
    """Import a customer-specific checklist as the next version of ``code`` of this customer."""
    require_customer(actor, customer.pk)
    code = (code or "").strip()
    if not code:
        raise SupplierError(_("give the checklist code"), field="code")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SupplierError(_("the file is not UTF-8 text"), field="file") from None
    rows = checklist_rows(text)
    template = _create_template(
        owner=customer, code=code, name_zh=name or code, name_en="", rows=rows
    )
    audit(actor, "checklist_import", template, code=code, version=template.version, rows=len(rows))
    return template


@transaction.atomic
def audit_plan(
    *,
    actor: Actor,
    supplier: Supplier,
    planned_on: date,
    lead_auditor: str,
    scope: str = "",
    template: AuditTemplate | None = None,
) -> SupplierAudit:
    """Schedule a process audit of a supplier with a checklist (the shipped one by default)."""
    require_customer(actor, supplier.customer_id)
    if not (lead_auditor or "").strip():
        raise SupplierError(_("name the lead auditor"), field="lead_auditor")
    template = template or default_template()
    if template.owner_id not in (None, supplier.customer_id):
        raise SupplierError(_("this checklist belongs to another enterprise"), field="template")
    a = SupplierAudit.objects.create(
        supplier=supplier,
        template=template,
        planned_on=planned_on,
        lead_auditor=lead_auditor.strip(),
        scope=scope,
    )
    AuditAnswer.objects.bulk_create(
        AuditAnswer(audit=a, question=q) for q in template.questions.all()
    )
    audit(actor, "audit_plan", a, planned_on=planned_on, template=template.pk)
    return a


def parse_scores(value: Any, *, field: str) -> list[int]:
    """Scores as given on the page or in the API: "8", "8 6 10" (one per product or process
    step), or a list; each one of 0, 4, 6, 8, 10; empty: not evaluated."""
    items = value if isinstance(value, list) else str(value or "").replace(",", " ").split()
    scores: list[int] = []
    for item in items:
        try:
            score = int(str(item).strip())
        except ValueError:
            score = -1
        if score not in SCORES:
            raise SupplierError(
                _("score %(s)s is not one of 0, 4, 6, 8, 10"), field=field, s=str(item)
            )
        scores.append(score)
    return scores


@transaction.atomic
def audit_record(
    *, actor: Actor, audit_obj: SupplierAudit, answers: Mapping[str, Mapping[str, Any]]
) -> SupplierAudit:
    """Record answers by question number: ``scores``, ``not_evaluated_reason``, ``finding``,
    ``evidence``. A question left unscored needs a reason once the audit is completed."""
    a = SupplierAudit.objects.select_for_update().select_related("supplier").get(pk=audit_obj.pk)
    require_customer(actor, a.supplier.customer_id)
    if a.status == AuditStatus.COMPLETED:
        raise SupplierError(_("the audit is completed: its answers are closed"), field="status")
    rows = {r.question.number: r for r in a.answers.select_related("question")}
    changed = []
    for number, given in answers.items():
        row = rows.get(number)
        if row is None:
            raise SupplierError(
                _("question %(q)s is not in this audit's checklist"), field="number", q=number
            )
        row.scores = parse_scores(given.get("scores"), field=f"q-{number}")
        row.not_evaluated_reason = str(given.get("not_evaluated_reason") or "").strip()
        row.finding = str(given.get("finding") or "").strip()
        row.evidence = str(given.get("evidence") or "").strip()
        changed.append(row)
    AuditAnswer.objects.bulk_update(
        changed, ["scores", "not_evaluated_reason", "finding", "evidence"]
    )
    if a.status == AuditStatus.PLANNED:
        a.status = AuditStatus.IN_PROGRESS
        a.save(update_fields=["status"])
    audit(actor, "audit_record", a, questions=len(changed))
    return a


def audit_answers(a: SupplierAudit) -> list[Answer]:
    return [
        Answer(
            number=r.question.number,
            element=r.question.element,
            sub_element=r.question.sub_element,
            star=r.question.star,
            scores=tuple(r.scores),
        )
        for r in a.answers.select_related("question")
    ]


@transaction.atomic
def audit_complete(
    *, actor: Actor, audit_obj: SupplierAudit, performed_on: date | None = None
) -> SupplierAudit:
    """Score and classify the audit (element and overall results, downgrades, A/B/C); refused
    while a question is neither scored nor given a reason, or an element has fewer than two
    thirds of its questions evaluated."""
    a = SupplierAudit.objects.select_for_update().select_related("supplier").get(pk=audit_obj.pk)
    require_customer(actor, a.supplier.customer_id)
    if a.status == AuditStatus.COMPLETED:
        raise SupplierError(_("the audit is already completed"), field="status")
    day = performed_on or today()
    if day > today():
        raise SupplierError(
            _("%(day)s is in the future"), field="performed_on", day=day.isoformat()
        )
    for r in a.answers.select_related("question"):
        if not r.scores and not r.not_evaluated_reason:
            raise SupplierError(
                _("question %(q)s is neither scored nor marked not evaluated with a reason"),
                field=f"q-{r.question.number}",
                q=r.question.number,
            )
    try:
        result = score_audit(audit_answers(a))
    except AuditScoringError as exc:
        if exc.code == "two_thirds":
            raise SupplierError(
                _("%(element)s: fewer than two thirds of its questions are evaluated"),
                field="answers",
                element=exc.where.get("element", ""),
            ) from None
        raise SupplierError(_("no question is evaluated"), field="answers") from None
    a.performed_on = day
    a.overall = round(result.overall, 1)
    a.score_class = result.score_class
    a.final_class = result.final_class
    a.element_results = {
        **{k: str(round(v, 1)) for k, v in sorted(result.elements.items())},
        **{k: str(round(v, 1)) for k, v in sorted(result.sub_elements.items())},
    }
    a.downgrades = [list(d) for d in result.downgrades]
    a.status = AuditStatus.COMPLETED
    a.completed_at = timezone.now()
    a.save()
    audit(
        actor,
        "audit_complete",
        a,
        overall=str(a.overall),
        score_class=a.score_class,
        final_class=a.final_class,
    )
    return a
