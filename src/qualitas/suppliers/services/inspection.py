"""Suppliers, parts and incoming inspection. Plans are read from the GB/T 2828.1 library
(:mod:`qualitas.analytics.sampling`): the code letter (Table 1), the single sampling plan of the
severity in force (Tables 2-A/2-B/2-C, arrows followed, 100 % when n ≥ N) and the switching
rules of clause 9 (:func:`~qualitas.analytics.sampling.switching_step`). Nothing here repeats a
table.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.analytics.errors import AnalyticsError
from qualitas.analytics.sampling import (
    SamplingPlan,
    SwitchingState,
    single_sampling_plan,
    switching_step,
    tighter_accept_number,
)
from qualitas.analytics.sampling import tables as sampling_tables
from qualitas.core.access import Actor, Forbidden, may_manage_suppliers
from qualitas.registry.models import Enterprise
from qualitas.suppliers.choices import ApprovalStatus, LotDecision, Severity, SwitchReason
from qualitas.suppliers.models import IncomingLot, SuppliedPart, Supplier
from qualitas.suppliers.services.common import SupplierError, audit, require_customer, today

#: Largest lot the form accepts (Table 1's last row is "500 001 and over"; this guards typing).
MAX_LOT_SIZE = 100_000_000


# --- validation shared by page, API, import and CLI -----------------------------------------


def aql_label(value: Any, *, field: str = "aql") -> str:
    """The table column of an AQL given as text or number ("1", "1.0" → "1.0"); refused when the
    AQL is not a column of GB/T 2828.1 Table 2-A."""
    text = str(value if value is not None else "").strip()
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if math.isfinite(number):
        for label in sampling_tables.AQL_LABELS:
            if math.isclose(float(label), number, rel_tol=1e-9):
                return label
    raise SupplierError(
        _("AQL %(aql)s is not in the GB/T 2828.1 table; valid AQLs are: %(valid)s"),
        field=field,
        aql=text or "—",
        valid=", ".join(sampling_tables.AQL_LABELS),
    )


def _level(value: Any, *, field: str = "level") -> str:
    text = str(value or "").strip()
    if text not in sampling_tables.LEVELS:
        raise SupplierError(
            _("inspection level %(level)s is not one of: %(valid)s"),
            field=field,
            level=text or "—",
            valid=", ".join(sampling_tables.LEVELS),
        )
    return text


def _lot_size(given: Any, *, field: str = "lot_size") -> int:
    value: int
    if isinstance(given, int) and not isinstance(given, bool):
        value = given
    else:
        try:
            value = int(str(given).strip())
        except ValueError:
            raise SupplierError(
                _("the lot size must be a whole number of items"), field=field
            ) from None
    if value < 2:
        raise SupplierError(
            _("a lot size of %(n)s is refused: GB/T 2828.1 Table 1 starts at 2 items"),
            field=field,
            n=value,
        )
    if value > MAX_LOT_SIZE:
        raise SupplierError(
            _("a lot size of %(n)s is refused: at most %(max)s items"),
            field=field,
            n=value,
            max=MAX_LOT_SIZE,
        )
    return value


def sampling_plan(*, lot_size: Any, aql: Any, level: Any = "II", severity: str) -> SamplingPlan:
    """The GB/T 2828.1 single sampling plan for a lot, validated with the field named."""
    size = _lot_size(lot_size)
    label = aql_label(aql)
    lvl = _level(level)
    if severity == Severity.DISCONTINUED:
        raise SupplierError(
            _(
                "inspection of this part is discontinued (5 lots not accepted on tightened "
                "inspection): resume on tightened inspection once the corrective action is accepted"
            ),
            field="severity",
        )
    try:
        return single_sampling_plan(
            lot_size=size, aql=float(label), level=lvl, inspection=severity, standard="gb2828"
        )
    except AnalyticsError:
        # reduced plans above AQL 10 are not tabulated
        raise SupplierError(
            _("GB/T 2828.1 has no %(severity)s plan for AQL %(aql)s"),
            field="aql",
            severity=Severity(severity).label,
            aql=label,
        ) from None


# --- suppliers and parts --------------------------------------------------------------------


def supplier_create(
    *,
    actor: Actor,
    customer: Enterprise,
    code: str,
    name: str = "",
    enterprise: Enterprise | None = None,
    status: str = ApprovalStatus.APPROVED,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> Supplier:
    """Add a supplier to a customer's list: a registry enterprise (its name is taken) or an
    external supplier by name."""
    if not may_manage_suppliers(actor):
        raise Forbidden
    require_customer(actor, customer.pk)
    code = (code or "").strip()
    if not code:
        raise SupplierError(_("give the supplier code"), field="code")
    if Supplier.objects.filter(customer=customer, code=code).exists():
        raise SupplierError(_("supplier code %(code)s is already used"), field="code", code=code)
    if enterprise is not None and enterprise.pk == customer.pk:
        raise SupplierError(_("an enterprise cannot be its own supplier"), field="enterprise")
    name = (name or "").strip() or (enterprise.name_zh if enterprise is not None else "")
    if not name:
        raise SupplierError(
            _("give the supplier's name or choose it in the registry"), field="name"
        )
    if status not in ApprovalStatus.values:
        raise SupplierError(_("unknown approval status %(s)s"), field="status", s=status)
    supplier = Supplier.objects.create(
        customer=customer,
        enterprise=enterprise,
        code=code,
        name=name,
        status=status,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    audit(actor, "supplier_create", supplier, code=code, enterprise=getattr(enterprise, "pk", None))
    return supplier


def part_create(
    *,
    actor: Actor,
    supplier: Supplier,
    part_number: str,
    name: str,
    aql: Any,
    level: Any = "II",
    characteristics: str = "",
) -> SuppliedPart:
    """Add a part a supplier delivers, with its AQL and inspection level; inspection starts normal."""
    require_customer(actor, supplier.customer_id)
    part_number = (part_number or "").strip()
    if not part_number:
        raise SupplierError(_("give the part number"), field="part_number")
    if not (name or "").strip():
        raise SupplierError(_("give the part name"), field="name")
    label = aql_label(aql)
    lvl = _level(level)
    if supplier.parts.filter(part_number=part_number).exists():
        raise SupplierError(
            _("part number %(p)s is already listed for this supplier"),
            field="part_number",
            p=part_number,
        )
    part = SuppliedPart.objects.create(
        supplier=supplier,
        part_number=part_number,
        name=name.strip(),
        aql=label,
        level=lvl,
        characteristics=characteristics,
    )
    audit(actor, "part_create", part, part_number=part_number, aql=label, level=lvl)
    return part


# --- incoming inspection --------------------------------------------------------------------


@transaction.atomic
def lot_receive(
    *,
    actor: Actor,
    part: SuppliedPart,
    lot_number: str,
    lot_size: Any,
    received_on: date | None = None,
    trace_ref: str = "",
    due_on: date | None = None,
) -> IncomingLot:
    """Receive a lot: the plan is read for the part's AQL and level at the severity in force
    (read again here, under a lock: the caller's copy of the part may be older than the last
    result)."""
    part = SuppliedPart.objects.select_for_update().select_related("supplier").get(pk=part.pk)
    require_customer(actor, part.supplier.customer_id)
    lot_number = (lot_number or "").strip()
    if not lot_number:
        raise SupplierError(_("give the lot number"), field="lot_number")
    day = received_on or today()
    if day > today():
        raise SupplierError(_("%(day)s is in the future"), field="received_on", day=day.isoformat())
    plan = sampling_plan(lot_size=lot_size, aql=part.aql, level=part.level, severity=part.severity)
    if part.lots.filter(lot_number=lot_number).exists():
        raise SupplierError(
            _("lot %(lot)s of this part is already received"), field="lot_number", lot=lot_number
        )
    lot = IncomingLot.objects.create(
        part=part,
        lot_number=lot_number,
        lot_size=plan.lot_size,
        received_on=day,
        trace_ref=(trace_ref or "").strip(),
        due_on=due_on,
        severity=part.severity,
        aql=part.aql,
        level=part.level,
        code_letter=plan.code_letter,
        code_letter_used=plan.code_letter_after_arrow,
        sample_size=plan.sample_size,
        accept_number=plan.accept,
        reject_number=plan.reject,
        hundred_percent=plan.hundred_percent,
    )
    audit(
        actor,
        "lot_receive",
        lot,
        lot_number=lot_number,
        lot_size=plan.lot_size,
        severity=part.severity,
        n=plan.sample_size,
        ac=plan.accept,
        re=plan.reject,
    )
    return lot


# The library's reasons (English, for its own callers) → the reasons this app stores and translates.
_REASONS = (
    ("2 of 5", SwitchReason.TO_TIGHTENED),
    ("5 consecutive lots accepted on tightened", SwitchReason.TO_NORMAL_FROM_TIGHTENED),
    ("switching score", SwitchReason.TO_REDUCED),
    ("lot not accepted on reduced", SwitchReason.REDUCED_REJECTED),
    ("production irregular", SwitchReason.REDUCED_IRREGULAR),
    ("other conditions", SwitchReason.REDUCED_OTHER),
    ("5 lots not accepted on tightened", SwitchReason.DISCONTINUED),
)


def _reason_key(reason: str) -> str:
    for start, key in _REASONS:
        if reason.startswith(start):
            return str(key)
    return ""


def _state_of(part: SuppliedPart) -> SwitchingState:
    return SwitchingState(
        inspection=part.severity,
        switching_score=part.switching_score,
        normal_results=tuple(c == "A" for c in part.normal_results),
        normal_accepted_run=part.normal_accepted_run,
        tightened_accepted_run=part.tightened_accepted_run,
        tightened_not_accepted=part.tightened_not_accepted,
    )


def _store_state(part: SuppliedPart, state: SwitchingState) -> None:
    part.severity = state.inspection
    part.switching_score = state.switching_score
    part.normal_results = "".join("A" if ok else "R" for ok in state.normal_results)
    part.normal_accepted_run = state.normal_accepted_run
    part.tightened_accepted_run = state.tightened_accepted_run
    part.tightened_not_accepted = state.tightened_not_accepted


def _nonconforming(value: Any, lot: IncomingLot) -> int:
    if isinstance(value, bool):
        value = None
    try:
        d = int(str(value).strip()) if value is not None and str(value).strip() != "" else None
    except ValueError:
        d = None
    if d is None or d < 0:
        raise SupplierError(
            _("give the number of nonconforming items found, a whole number of at least 0"),
            field="nonconforming",
        )
    if d > lot.sample_size:
        raise SupplierError(
            _("%(d)s nonconforming items is more than the sample size %(n)s"),
            field="nonconforming",
            d=d,
            n=lot.sample_size,
        )
    return d


@transaction.atomic
def lot_record_result(
    *,
    actor: Actor,
    lot: IncomingLot,
    nonconforming: Any,
    steady_production: bool = True,
) -> IncomingLot:
    """Enter a lot's result: accepted when d ≤ Ac, rejected when d ≥ Re; the part's switching
    state moves by GB/T 2828.1 clause 9 (this lot is the next in the part's sequence)."""
    part = SuppliedPart.objects.select_for_update().select_related("supplier").get(pk=lot.part_id)
    require_customer(actor, part.supplier.customer_id)
    lot = IncomingLot.objects.select_for_update().get(pk=lot.pk)
    if lot.decision != LotDecision.PENDING:
        raise SupplierError(_("the result of this lot is already entered"), field="nonconforming")
    d = _nonconforming(nonconforming, lot)
    accepted = d <= lot.accept_number
    state = _state_of(part)
    reason = ""
    if lot.severity == part.severity:
        tighter = (
            tighter_accept_number(code_letter=lot.code_letter_used, aql=float(lot.aql))
            if lot.severity == Severity.NORMAL
            else None
        )
        state, reason = switching_step(
            state,
            accepted=accepted,
            nonconforming=d,
            accept=lot.accept_number,
            reject=lot.reject_number,
            tighter_accept=tighter,
            steady_production=steady_production,
            approved_for_reduced=part.reduced_approved,
            standard="gb2828",
        )
        _store_state(part, state)
        part.save()
    lot.nonconforming = d
    lot.decision = LotDecision.ACCEPTED if accepted else LotDecision.REJECTED
    lot.decided_at = timezone.now()
    lot.decided_by = actor.user
    lot.switch_reason = _reason_key(reason)
    lot.severity_after = part.severity
    lot.save()
    audit(
        actor,
        "lot_result",
        lot,
        nonconforming=d,
        decision=lot.decision,
        severity_after=part.severity,
        reason=reason,
    )
    return lot


def part_set_reduced_approval(*, actor: Actor, part: SuppliedPart, approved: bool) -> SuppliedPart:
    """Record whether the responsible authority (the customer) considers reduced inspection
    desirable for this part (GB/T 2828.1 9.3.3 c)); without it normal never becomes reduced."""
    require_customer(actor, part.supplier.customer_id)
    part.reduced_approved = bool(approved)
    part.save(update_fields=["reduced_approved"])
    audit(actor, "part_reduced_approval", part, approved=part.reduced_approved)
    return part


@transaction.atomic
def part_resume(*, actor: Actor, part: SuppliedPart, note: str) -> SuppliedPart:
    """Resume discontinued inspection on tightened inspection once the supplier's corrective
    action is accepted (GB/T 2828.1 9.4); the note names the action."""
    part = SuppliedPart.objects.select_for_update().select_related("supplier").get(pk=part.pk)
    require_customer(actor, part.supplier.customer_id)
    if part.severity != Severity.DISCONTINUED:
        raise SupplierError(
            _("inspection of this part is not discontinued: nothing to resume"), field="severity"
        )
    if not (note or "").strip():
        raise SupplierError(_("name the corrective action that was accepted"), field="note")
    _store_state(part, SwitchingState(inspection=Severity.TIGHTENED, switching_score=0))
    part.save()
    audit(actor, "part_resume", part, note=note.strip(), reason=str(SwitchReason.RESUMED))
    return part
