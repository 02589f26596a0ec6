"""API schemas of supplier quality (explicit fields, never ``__all__``). Inputs carry strings
where the services validate (a lot size, an AQL, a count): their refusals name the field."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class SupplierOut(Schema):
    id: int
    customer_id: int
    enterprise_id: int | None
    code: str
    name: str
    status: str
    contact_name: str
    contact_email: str
    contact_phone: str


class SupplierIn(Schema):
    code: str
    name: str = ""
    credit_code: str = ""
    status: str = "approved"
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""


class StatusIn(Schema):
    status: str
    reason: str


class PartOut(Schema):
    id: int
    supplier_id: int
    part_number: str
    name: str
    characteristics: str
    aql: str
    level: str
    severity: str
    switching_score: int | None
    reduced_approved: bool


class PartIn(Schema):
    part_number: str
    name: str
    aql: str
    level: str = "II"
    characteristics: str = ""


class LotOut(Schema):
    id: int
    part_id: int
    supplier_id: int
    lot_number: str
    lot_size: int
    received_on: date
    due_on: date | None
    trace_ref: str
    severity: str
    aql: str
    level: str
    code_letter: str
    code_letter_used: str
    sample_size: int
    accept_number: int
    reject_number: int
    hundred_percent: bool
    nonconforming: int | None
    decision: str
    switch_reason: str
    severity_after: str


class LotIn(Schema):
    lot_number: str
    lot_size: str
    received_on: date | None = None
    due_on: date | None = None
    trace_ref: str = ""


class ResultIn(Schema):
    nonconforming: str
    steady_production: bool = True


class AuditAnswerOut(Schema):
    number: str
    element: str
    star: bool
    text: str
    scores: list[int]
    not_evaluated_reason: str
    finding: str
    evidence: str


class AuditOut(Schema):
    id: int
    supplier_id: int
    template: str
    planned_on: date
    performed_on: date | None
    lead_auditor: str
    scope: str
    status: str
    overall: float | None
    score_class: str
    final_class: str
    element_results: dict[str, object]
    downgrades: list[object]


class AuditDetailOut(AuditOut):
    answers: list[AuditAnswerOut]


class AuditIn(Schema):
    planned_on: date
    lead_auditor: str
    scope: str = ""
    checklist_id: int | None = None


class ChecklistOut(Schema):
    id: int
    owner_id: int | None
    code: str
    version: int
    name: str
    questions: int


class AuditAnswerIn(Schema):
    scores: str = ""
    not_evaluated_reason: str = ""
    finding: str = ""
    evidence: str = ""


class AnswersIn(Schema):
    answers: dict[str, AuditAnswerIn]
    complete: bool = False
    performed_on: date | None = None


class ActionOut(Schema):
    id: int
    supplier_id: int
    number: str
    title: str
    source: str
    lot_id: int | None
    audit_id: int | None
    opened_on: date
    due_on: date
    step: int
    status: str
    disciplines: dict[str, object]
    whys: list[str]
    cause_category: str
    effective: bool | None
    closed_on: date | None
    overdue: bool


class ActionIn(Schema):
    title: str = ""
    source: str
    lot_id: int | None = None
    audit_id: int | None = None
    due_on: date | None = None


class DisciplineIn(Schema):
    discipline: int
    owner: str
    text: str
    whys: list[str] = []
    cause_category: str = ""


class VerifyIn(Schema):
    effective: bool
    note: str


class CloseIn(Schema):
    note: str = ""
    closed_on: date | None = None


class ScorecardOut(Schema):
    supplier_id: int
    code: str
    name: str
    lots: int
    rejected: int
    inspected: int
    nonconforming: int
    ppm: float | None
    rejection_rate: float | None
    due_lots: int
    on_time: int
    on_time_rate: float | None
    audit: float | None
    actions_opened: int
    actions_closed: int
    closure_days: float | None
    components: dict[str, float]
    score: float | None
    score_class: str


class TrendOut(Schema):
    quarter: str
    card: ScorecardOut


class ScorecardQuery(Schema):
    start: date | None = None
    end: date | None = None
    w_ppm: float | None = None
    w_lots: float | None = None
    w_delivery: float | None = None
    w_audit: float | None = None
    w_actions: float | None = None
    ppm_limit: float | None = None
    grace_days: float | None = None
    a: float | None = None
    b: float | None = None


class ApplyClassesIn(Schema):
    start: date | None = None
    end: date | None = None
    classes: dict[str, str]


class StatusChangeOut(Schema):
    supplier_id: int
    code: str
    before: str
    after: str
