"""REST endpoints of supplier quality (mounted at /api/suppliers/; token scopes
``suppliers:read`` / ``suppliers:write``). Thin: validate, call a service or selector, return.

Reads are scoped through ``core.access`` (``supplier_records_q``): a customer's users see its
suppliers' records, a supplier enterprise's users its own records at each customer, officers the
customers of their regions; writes go through the services, which refuse bad input with the
field named (422) exactly as the pages do."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.security import django_auth

from qualitas.core.access import actor_for
from qualitas.core.bearer import bearer_auth
from qualitas.suppliers import selectors, services
from qualitas.suppliers.models import CorrectiveAction, IncomingLot, SupplierAudit
from qualitas.suppliers.schemas import (
    ActionIn,
    ActionOut,
    AnswersIn,
    ApplyClassesIn,
    AuditDetailOut,
    AuditIn,
    AuditOut,
    ChecklistOut,
    CloseIn,
    DisciplineIn,
    LotIn,
    LotOut,
    PartIn,
    PartOut,
    ResultIn,
    ScorecardOut,
    ScorecardQuery,
    StatusChangeOut,
    StatusIn,
    SupplierIn,
    SupplierOut,
    TrendOut,
    VerifyIn,
)

router = Router(tags=["suppliers"])
AUTH = [bearer_auth, django_auth]
LIMIT = 500


def _lot(lot: IncomingLot) -> dict[str, Any]:
    out = {f: getattr(lot, f) for f in LotOut.model_fields if f != "supplier_id"}
    out["supplier_id"] = lot.part.supplier_id
    return out


def _audit(a: SupplierAudit, *, answers: bool = False) -> dict[str, Any]:
    out = {f: getattr(a, f) for f in AuditOut.model_fields if f not in ("template", "overall")}
    out["template"] = f"{a.template.code} v{a.template.version}"
    out["overall"] = None if a.overall is None else float(a.overall)
    if answers:
        out["answers"] = [
            {
                "number": r.question.number,
                "element": r.question.element,
                "star": r.question.star,
                "text": r.question.text,
                "scores": list(r.scores),
                "not_evaluated_reason": r.not_evaluated_reason,
                "finding": r.finding,
                "evidence": r.evidence,
            }
            for r in selectors.audit_rows(a)
        ]
    return out


def _action(ca: CorrectiveAction) -> dict[str, Any]:
    out = {f: getattr(ca, f) for f in ActionOut.model_fields if f != "overdue"}
    out["overdue"] = selectors.is_overdue(ca)
    return out


# --- suppliers and parts ------------------------------------------------------------------


@router.get("/suppliers", response=list[SupplierOut], auth=AUTH, summary="Suppliers you may see")
def suppliers(request: HttpRequest, status: str = "") -> Any:
    rows = selectors.suppliers_for(actor_for(request.user))
    if status:
        rows = rows.filter(status=status)
    return rows[:LIMIT]


@router.post(
    "/suppliers",
    response={201: SupplierOut},
    auth=AUTH,
    summary="Add a supplier to your enterprise's list (by registry credit code, or external)",
)
def supplier_create(request: HttpRequest, payload: SupplierIn) -> Any:
    actor = actor_for(request.user)
    enterprise = None
    if payload.credit_code.strip():
        enterprise = selectors.enterprise_by_credit_code(payload.credit_code)
        if enterprise is None:
            raise services.SupplierError(
                _("no enterprise with this credit code in the registry"), field="credit_code"
            )
    data = payload.dict()
    data.pop("credit_code")
    s = services.supplier_create(
        actor=actor, customer=selectors.own_enterprise(actor), enterprise=enterprise, **data
    )
    return 201, s


@router.get("/suppliers/{int:supplier_pk}", response=SupplierOut, auth=AUTH, summary="One supplier")
def supplier(request: HttpRequest, supplier_pk: int) -> Any:
    return selectors.supplier_get(actor=actor_for(request.user), pk=supplier_pk)


@router.post(
    "/suppliers/{int:supplier_pk}/status",
    response=SupplierOut,
    auth=AUTH,
    summary="Set a supplier's approval status (approved, conditional, blocked) with the reason",
)
def supplier_status(request: HttpRequest, supplier_pk: int, payload: StatusIn) -> Any:
    actor = actor_for(request.user)
    s = selectors.supplier_get(actor=actor, pk=supplier_pk)
    return services.supplier_set_status(
        actor=actor, supplier=s, status=payload.status, reason=payload.reason
    )


@router.get(
    "/suppliers/{int:supplier_pk}/parts",
    response=list[PartOut],
    auth=AUTH,
    summary="A supplier's parts with their AQL, level and switching state",
)
def parts(request: HttpRequest, supplier_pk: int) -> Any:
    s = selectors.supplier_get(actor=actor_for(request.user), pk=supplier_pk)
    return list(s.parts.order_by("part_number"))


@router.post(
    "/suppliers/{int:supplier_pk}/parts",
    response={201: PartOut},
    auth=AUTH,
    summary="Add a part the supplier delivers (AQL from the GB/T 2828.1 table, level)",
)
def part_create(request: HttpRequest, supplier_pk: int, payload: PartIn) -> Any:
    actor = actor_for(request.user)
    s = selectors.supplier_get(actor=actor, pk=supplier_pk)
    return 201, services.part_create(actor=actor, supplier=s, **payload.dict())


@router.get("/parts/{int:part_pk}", response=PartOut, auth=AUTH, summary="One supplied part")
def part(request: HttpRequest, part_pk: int) -> Any:
    return selectors.part_get(actor=actor_for(request.user), pk=part_pk)


# --- incoming inspection ------------------------------------------------------------------


@router.get(
    "/lots",
    response=list[LotOut],
    auth=AUTH,
    summary="Incoming lots you may see, newest first (by supplier, part, decision)",
)
def lots(
    request: HttpRequest, supplier: int | None = None, part: int | None = None, decision: str = ""
) -> Any:
    rows = selectors.lots_for(actor_for(request.user))
    if supplier is not None:
        rows = rows.filter(part__supplier_id=supplier)
    if part is not None:
        rows = rows.filter(part_id=part)
    if decision:
        rows = rows.filter(decision=decision)
    return [_lot(lot) for lot in rows[:LIMIT]]


@router.post(
    "/parts/{int:part_pk}/lots",
    response={201: LotOut},
    auth=AUTH,
    summary="Receive a lot: the GB/T 2828.1 plan at the part's severity is read and kept",
)
def lot_receive(request: HttpRequest, part_pk: int, payload: LotIn) -> Any:
    actor = actor_for(request.user)
    p = selectors.part_get(actor=actor, pk=part_pk)
    lot = services.lot_receive(actor=actor, part=p, **payload.dict())
    return 201, _lot(selectors.lot_get(actor=actor, pk=lot.pk))


@router.get(
    "/lots/{int:lot_pk}", response=LotOut, auth=AUTH, summary="One lot: plan, result, decision"
)
def lot(request: HttpRequest, lot_pk: int) -> Any:
    return _lot(selectors.lot_get(actor=actor_for(request.user), pk=lot_pk))


@router.post(
    "/lots/{int:lot_pk}/result",
    response=LotOut,
    auth=AUTH,
    summary="Enter the nonconforming count: accepted when d ≤ Ac, rejected when d ≥ Re; "
    "the part's switching state moves",
)
def lot_result(request: HttpRequest, lot_pk: int, payload: ResultIn) -> Any:
    actor = actor_for(request.user)
    lot = selectors.lot_get(actor=actor, pk=lot_pk)
    services.lot_record_result(
        actor=actor,
        lot=lot,
        nonconforming=payload.nonconforming,
        steady_production=payload.steady_production,
    )
    return _lot(selectors.lot_get(actor=actor, pk=lot_pk))


@router.post(
    "/lots/results",
    response=list[LotOut],
    auth=AUTH,
    summary="Import results from an XLSX sheet (supplier_code, part_number, lot_number, "
    "nonconforming): all or nothing, a bad row named",
)
def lot_results_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    actor = actor_for(request.user)
    customer = selectors.own_enterprise(actor)
    decided = services.lot_results_import(actor=actor, customer_id=customer.pk, data=file.read())
    return [_lot(selectors.lot_get(actor=actor, pk=lot.pk)) for lot in decided]


# --- audits -------------------------------------------------------------------------------


@router.get("/audits", response=list[AuditOut], auth=AUTH, summary="Supplier audits you may see")
def audits(request: HttpRequest, supplier: int | None = None) -> Any:
    rows = selectors.audits_for(actor_for(request.user))
    if supplier is not None:
        rows = rows.filter(supplier_id=supplier)
    return [_audit(a) for a in rows[:LIMIT]]


@router.post(
    "/suppliers/{int:supplier_pk}/audits",
    response={201: AuditDetailOut},
    auth=AUTH,
    summary="Plan a process audit of the supplier (the shipped checklist)",
)
def audit_plan(request: HttpRequest, supplier_pk: int, payload: AuditIn) -> Any:
    actor = actor_for(request.user)
    s = selectors.supplier_get(actor=actor, pk=supplier_pk)
    data = payload.dict()
    checklist_id = data.pop("checklist_id")
    template = selectors.checklist_get(actor=actor, pk=checklist_id) if checklist_id else None
    a = services.audit_plan(actor=actor, supplier=s, template=template, **data)
    return 201, _audit(selectors.audit_get(actor=actor, pk=a.pk), answers=True)


@router.get(
    "/audits/{int:audit_pk}",
    response=AuditDetailOut,
    auth=AUTH,
    summary="One audit with its answers, findings, element results, downgrades and class",
)
def audit(request: HttpRequest, audit_pk: int) -> Any:
    return _audit(selectors.audit_get(actor=actor_for(request.user), pk=audit_pk), answers=True)


@router.post(
    "/audits/{int:audit_pk}/answers",
    response=AuditDetailOut,
    auth=AUTH,
    summary="Record answers (scores 0/4/6/8/10, findings, evidence); complete to score and class",
)
def audit_answers(request: HttpRequest, audit_pk: int, payload: AnswersIn) -> Any:
    actor = actor_for(request.user)
    a = selectors.audit_get(actor=actor, pk=audit_pk)
    answers = {k: v.dict() for k, v in payload.answers.items()}
    if answers:
        services.audit_record(actor=actor, audit_obj=a, answers=answers)
    if payload.complete:
        services.audit_complete(actor=actor, audit_obj=a, performed_on=payload.performed_on)
    return _audit(selectors.audit_get(actor=actor, pk=audit_pk), answers=True)


@router.get(
    "/checklists",
    response=list[ChecklistOut],
    auth=AUTH,
    summary="Audit checklists: the shipped process audit and your imported ones, every version",
)
def checklists(request: HttpRequest) -> Any:
    services.default_template()  # the shipped checklist, loaded on first use
    rows = selectors.checklists_for(actor_for(request.user)).annotate(n=Count("questions"))
    return [{**_checklist_fields(t), "questions": t.n} for t in rows[:LIMIT]]


def _checklist_fields(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "owner_id": t.owner_id,
        "code": t.code,
        "version": t.version,
        "name": t.name,
    }


@router.post(
    "/checklists",
    response={201: ChecklistOut},
    auth=AUTH,
    summary="Import a customer-specific checklist (CSV: number, element, sub_element, star, "
    "text_en, text_zh) as the next version of its code",
)
def checklist_import(
    request: HttpRequest, code: Form[str], name: Form[str], file: File[UploadedFile]
) -> Any:
    actor = actor_for(request.user)
    t = services.checklist_import(
        actor=actor,
        customer=selectors.own_enterprise(actor),
        code=code,
        name=name,
        data=file.read(),
    )
    return 201, {**_checklist_fields(t), "questions": t.questions.count()}


# --- corrective actions (8D) --------------------------------------------------------------


@router.get(
    "/actions", response=list[ActionOut], auth=AUTH, summary="8D corrective actions you may see"
)
def actions(
    request: HttpRequest, supplier: int | None = None, status: str = "", overdue: bool = False
) -> Any:
    actor = actor_for(request.user)
    rows = (
        selectors.overdue_actions(actor, timezone.localdate())
        if overdue
        else selectors.actions_for(actor)
    )
    if supplier is not None:
        rows = rows.filter(supplier_id=supplier)
    if status:
        rows = rows.filter(status=status)
    return [_action(ca) for ca in rows[:LIMIT]]


@router.post(
    "/suppliers/{int:supplier_pk}/actions",
    response={201: ActionOut},
    auth=AUTH,
    summary="Open an 8D (from a rejected lot, an audit finding, a complaint or a field failure)",
)
def action_open(request: HttpRequest, supplier_pk: int, payload: ActionIn) -> Any:
    actor = actor_for(request.user)
    s = selectors.supplier_get(actor=actor, pk=supplier_pk)
    lot = selectors.lot_get(actor=actor, pk=payload.lot_id) if payload.lot_id else None
    audit_obj = selectors.audit_get(actor=actor, pk=payload.audit_id) if payload.audit_id else None
    title = payload.title
    if lot is not None and not title.strip():
        title = f"{lot.part.part_number} {lot.lot_number}: {lot.nonconforming}/{lot.sample_size}"
    ca = services.action_open(
        actor=actor,
        supplier=s,
        title=title,
        source=payload.source,
        lot=lot,
        audit_obj=audit_obj,
        due_on=payload.due_on,
    )
    return 201, _action(ca)


@router.get("/actions/{int:action_pk}", response=ActionOut, auth=AUTH, summary="One 8D with D1–D8")
def action(request: HttpRequest, action_pk: int) -> Any:
    return _action(selectors.action_get(actor=actor_for(request.user), pk=action_pk))


@router.post(
    "/actions/{int:action_pk}/disciplines",
    response=ActionOut,
    auth=AUTH,
    summary="Complete the next discipline D1–D7 (the supplier, or the customer for an external "
    "one); D4 needs the 5 Why chain and the cause category",
)
def action_discipline(request: HttpRequest, action_pk: int, payload: DisciplineIn) -> Any:
    actor = actor_for(request.user)
    ca = selectors.action_get(actor=actor, pk=action_pk)
    return _action(services.action_submit(actor=actor, action=ca, **payload.dict()))


@router.post(
    "/actions/{int:action_pk}/verify",
    response=ActionOut,
    auth=AUTH,
    summary="Verify effectiveness after D7 (the customer): effective, or back to the root cause",
)
def action_verify(request: HttpRequest, action_pk: int, payload: VerifyIn) -> Any:
    actor = actor_for(request.user)
    ca = selectors.action_get(actor=actor, pk=action_pk)
    return _action(services.action_verify(actor=actor, action=ca, **payload.dict()))


@router.post(
    "/actions/{int:action_pk}/close",
    response=ActionOut,
    auth=AUTH,
    summary="Close the 8D (D8, the customer) — refused unless effectiveness was verified",
)
def action_close(request: HttpRequest, action_pk: int, payload: CloseIn) -> Any:
    actor = actor_for(request.user)
    ca = selectors.action_get(actor=actor, pk=action_pk)
    return _action(services.action_close(actor=actor, action=ca, **payload.dict()))


# --- scorecards ---------------------------------------------------------------------------


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    today = timezone.localdate()
    end = end or today
    start = start or end.replace(year=end.year - 1)
    if start > end:
        raise services.SupplierError(_("the period ends before it starts"), field="start")
    return start, end


@router.get(
    "/scorecards",
    response=list[ScorecardOut],
    auth=AUTH,
    summary="Your suppliers' scorecards over a period (default: the last twelve months) with "
    "your weights and limits",
)
def scorecards(request: HttpRequest, q: Query[ScorecardQuery]) -> Any:
    actor = actor_for(request.user)
    customer = selectors.own_enterprise(actor)
    given = q.dict()
    start, end = _period(given.pop("start"), given.pop("end"))
    weights, limits = services.scorecard_options(given)
    cards = selectors.scorecards(
        actor=actor, customer_id=customer.pk, start=start, end=end, weights=weights, limits=limits
    )
    return [
        _card(c) for c in sorted(cards, key=lambda c: (c.score is None, -(c.score or 0), c.code))
    ]


@router.get(
    "/suppliers/{int:supplier_pk}/trend",
    response=list[TrendOut],
    auth=AUTH,
    summary="A supplier's scorecard per calendar quarter up to today (default weights), oldest "
    "first; the supplier reads its own",
)
def scorecard_trend(request: HttpRequest, supplier_pk: int, quarters: int = 4) -> Any:
    actor = actor_for(request.user)
    s = selectors.supplier_get(actor=actor, pk=supplier_pk)
    if not 1 <= quarters <= 20:
        raise services.SupplierError(_("from 1 to 20 quarters"), field="quarters")
    rows = selectors.scorecard_trend(
        actor=actor, supplier=s, end=timezone.localdate(), quarters=quarters
    )
    return [{"quarter": label, "card": _card(c)} for label, c in rows]


def _card(c: Any) -> dict[str, Any]:
    return {
        **asdict(c),
        "ppm": c.ppm,
        "rejection_rate": c.rejection_rate,
        "on_time_rate": c.on_time_rate,
    }


@router.post(
    "/scorecards/apply-classes",
    response=list[StatusChangeOut],
    auth=AUTH,
    summary="Set the approval of suppliers by their scorecard class (default weights and limits): "
    'e.g. {"classes": {"B": "conditional", "C": "blocked"}}',
)
def scorecards_apply(request: HttpRequest, payload: ApplyClassesIn) -> Any:
    actor = actor_for(request.user)
    customer = selectors.own_enterprise(actor)
    start, end = _period(payload.start, payload.end)
    services.check_class_policy(payload.classes)
    cards = selectors.scorecards(actor=actor, customer_id=customer.pk, start=start, end=end)
    changes = services.scorecards_apply_classes(
        actor=actor,
        customer_id=customer.pk,
        cards=cards,
        policy=payload.classes,
        period=f"{start:%Y-%m-%d}–{end:%Y-%m-%d}",
    )
    return [
        {"supplier_id": s.pk, "code": s.code, "before": before, "after": after}
        for s, before, after in changes
    ]
