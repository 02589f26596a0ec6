"""Writes of integrity and quality credit: penalty and misconduct records (entry, approval,
publication, correction as a new version), list entries (entry, publication, exit), credit
repair (application, decision).

Every service checks access (``core.access``), validates its input with a :class:`CreditError`
naming the field, runs in one transaction (nothing half-written) and appends the change to the
audit chain (so the records are tamper-evident).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    may_apply_repair,
    may_decide_repair,
    may_enter_credit_records,
    may_manage_credit_record,
    may_publish_credit_record,
)
from qualitas.credit.choices import (
    ListKind,
    PenaltyType,
    RecordKind,
    RecordStatus,
    RepairStatus,
    RepairTarget,
)
from qualitas.credit.models import CreditRecord, ListEntry, RepairRequest
from qualitas.credit.services.base import CreditError, _audit, _required, _today
from qualitas.credit.terms import list_term, record_term
from qualitas.registry.models import Enterprise, Region


def _enterprise(credit_code: str) -> Enterprise:
    e = Enterprise.objects.filter(credit_code=(credit_code or "").strip().upper()).first()
    if e is None:
        raise CreditError(
            _("No enterprise with credit code %(code)s"), field="credit_code", code=credit_code
        )
    return e


def _region(code: str) -> Region:
    r = Region.objects.filter(code=(code or "").strip()).first()
    if r is None:
        raise CreditError(_("Unknown region %(code)s"), field="region", code=code)
    return r


# --- penalty and misconduct records ----------------------------------------------------------


def _record_fields(
    *,
    kind: str,
    decision_no: str,
    legal_basis: str,
    facts: str,
    penalty_type: str,
    amount: Any,
    authority_zh: str,
    decided_on: date | None,
    publicity_from: date | None,
    publicity_until: date | None,
) -> dict[str, Any]:
    """Validate a record's fields (the same rule for page, API, import and CLI)."""
    if kind not in RecordKind.values:
        raise CreditError(_("Unknown record kind %(kind)s"), field="kind", kind=kind)
    for name, value in (
        ("decision_no", decision_no),
        ("legal_basis", legal_basis),
        ("facts", facts),
        ("authority_zh", authority_zh),
        ("decided_on", decided_on),
    ):
        _required(value, field=name)
    if penalty_type not in PenaltyType.values:
        raise CreditError(
            _("Unknown penalty type %(type)s"), field="penalty_type", type=penalty_type
        )
    if amount in ("", None):
        amount = None
    else:
        try:
            amount = Decimal(str(amount))
        except InvalidOperation:
            raise CreditError(_("Enter an amount in yuan"), field="amount") from None
        if amount < 0:
            raise CreditError(_("The amount cannot be negative"), field="amount")
    if penalty_type == PenaltyType.FINE and amount is None:
        raise CreditError(_("A fine needs its amount"), field="amount")
    assert decided_on is not None
    if decided_on > _today():
        raise CreditError(
            _("%(day)s is in the future"), field="decided_on", day=decided_on.isoformat()
        )
    start = publicity_from or decided_on
    if start < decided_on:
        raise CreditError(
            _("Publicity cannot start before the decision (%(day)s)"),
            field="publicity_from",
            day=decided_on.isoformat(),
        )
    end = publicity_until or start + timedelta(
        days=record_term(penalty_type, amount).publicity_days
    )
    if end < start:
        raise CreditError(
            _("The publicity period ends (%(end)s) before it starts (%(start)s)"),
            field="publicity_until",
            end=end.isoformat(),
            start=start.isoformat(),
        )
    return {
        "kind": kind,
        "decision_no": decision_no.strip(),
        "legal_basis": legal_basis.strip(),
        "facts": facts.strip(),
        "penalty_type": penalty_type,
        "amount": amount,
        "authority_zh": authority_zh.strip(),
        "decided_on": decided_on,
        "publicity_from": start,
        "publicity_until": end,
    }


def record_create(
    *,
    actor: Actor,
    credit_code: str,
    region: str,
    kind: str = RecordKind.PENALTY,
    decision_no: str,
    legal_basis: str,
    facts: str,
    penalty_type: str,
    amount: Any = None,
    major: bool = False,
    authority_zh: str,
    authority_en: str = "",
    decided_on: date | None,
    publicity_from: date | None = None,
    publicity_until: date | None = None,
) -> CreditRecord:
    """Enter a penalty or misconduct record as a draft. The decision number is unique (a
    correction is a new version through :func:`record_correct`); the publicity period defaults
    to the term of the penalty type (``data/terms.csv``) and may not end before it starts."""
    if not may_enter_credit_records(actor):
        raise NotFound
    reg = _region(region)
    if not may_manage_credit_record(actor, reg.code):
        raise CreditError(
            _("You may not enter records for region %(code)s"), field="region", code=reg.code
        )
    fields = _record_fields(
        kind=kind,
        decision_no=decision_no,
        legal_basis=legal_basis,
        facts=facts,
        penalty_type=penalty_type,
        amount=amount,
        authority_zh=authority_zh,
        decided_on=decided_on,
        publicity_from=publicity_from,
        publicity_until=publicity_until,
    )
    ent = _enterprise(credit_code)
    with transaction.atomic():
        if CreditRecord.objects.filter(decision_no=fields["decision_no"]).exists():
            raise CreditError(
                _("Decision number %(no)s is already recorded; correct that record instead"),
                field="decision_no",
                no=fields["decision_no"],
            )
        rec = CreditRecord.objects.create(
            enterprise=ent,
            region=reg,
            major=bool(major),
            authority_en=(authority_en or "").strip(),
            created_by=actor.user,
            **fields,
        )
        _audit(actor, "record_create", rec, decision_no=rec.decision_no, enterprise=ent.pk)
    return rec


def _record_for(actor: Actor, pk: int) -> CreditRecord:
    from qualitas.credit.selectors import record_get

    return record_get(actor=actor, pk=pk)


def record_approve(*, actor: Actor, pk: int) -> CreditRecord:
    """Approve a draft: a second officer (not the one who entered it)."""
    with transaction.atomic():
        rec = _record_for(actor, pk)
        rec = CreditRecord.objects.select_for_update().get(pk=rec.pk)
        if rec.status != RecordStatus.DRAFT:
            raise CreditError(_("Only a draft can be approved"), field="status")
        if not may_publish_credit_record(actor, rec.region_id, rec.created_by_id):
            raise Forbidden
        rec.status = RecordStatus.APPROVED
        rec.approved_by = actor.user
        rec.approved_at = timezone.now()
        rec.save(update_fields=["status", "approved_by", "approved_at"])
        _audit(actor, "record_approve", rec)
    return rec


def record_publish(*, actor: Actor, pk: int) -> CreditRecord:
    """Publish an approved record (not by the one who entered it); the version it corrects is
    superseded in the same transaction."""
    with transaction.atomic():
        rec = _record_for(actor, pk)
        rec = CreditRecord.objects.select_for_update().get(pk=rec.pk)
        if rec.status != RecordStatus.APPROVED:
            raise CreditError(_("Only an approved record can be published"), field="status")
        if rec.kind == RecordKind.PENALTY and rec.penalty_type == PenaltyType.WARNING:
            raise CreditError(
                _("A penalty of a warning alone is not publicised (SAMR Order No. 45, art. 2)"),
                field="penalty_type",
            )
        if not may_publish_credit_record(actor, rec.region_id, rec.created_by_id):
            raise Forbidden
        rec.status = RecordStatus.PUBLISHED
        rec.published_by = actor.user
        rec.published_at = timezone.now()
        rec.save(update_fields=["status", "published_by", "published_at"])
        if rec.previous_id:
            CreditRecord.objects.filter(pk=rec.previous_id).update(status=RecordStatus.SUPERSEDED)
        _audit(actor, "record_publish", rec, version=rec.version)
    _rerate(rec.enterprise_id, reason="record_publish")
    return rec


def record_correct(*, actor: Actor, pk: int, revision_note: str, **changes: Any) -> CreditRecord:
    """A correction of a published record: a new draft version with a revision note (the
    published one stays, unchanged, until the correction is published)."""
    _required(revision_note, field="revision_note")
    with transaction.atomic():
        old = _record_for(actor, pk)
        if old.status != RecordStatus.PUBLISHED:
            raise CreditError(_("Only a published record is corrected"), field="status")
        if not may_manage_credit_record(actor, old.region_id):
            raise Forbidden
        if hasattr(old, "correction"):
            raise CreditError(_("A correction of this record exists already"), field="status")
        base: dict[str, Any] = {
            "kind": old.kind,
            "decision_no": old.decision_no,
            "legal_basis": old.legal_basis,
            "facts": old.facts,
            "penalty_type": old.penalty_type,
            "amount": old.amount,
            "authority_zh": old.authority_zh,
            "decided_on": old.decided_on,
            "publicity_from": old.publicity_from,
            "publicity_until": old.publicity_until,
        }
        base.update({k: v for k, v in changes.items() if k in base})
        fields = _record_fields(**base)
        rec = CreditRecord.objects.create(
            enterprise_id=old.enterprise_id,
            region_id=old.region_id,
            major=changes.get("major", old.major),
            authority_en=changes.get("authority_en", old.authority_en),
            version=old.version + 1,
            previous=old,
            revision_note=revision_note.strip(),
            created_by=actor.user,
            **fields,
        )
        _audit(actor, "record_correct", rec, corrects=old.pk, note=rec.revision_note)
    return rec


# --- lists -----------------------------------------------------------------------------------


def listing_create(
    *,
    actor: Actor,
    credit_code: str,
    region: str,
    kind: str,
    grounds: str,
    authority_zh: str,
    authority_en: str = "",
    entered_on: date | None,
    term_until: date | None = None,
    record_pk: int | None = None,
) -> ListEntry:
    """Enter an enterprise on a list (a draft). The serious-violation list needs a published
    heavier penalty of the same enterprise as its grounds (SAMR Order No. 44); the term defaults
    to the list's (``data/terms.csv``) and may not end before entry."""
    if not may_enter_credit_records(actor):
        raise NotFound
    if kind not in ListKind.values:
        raise CreditError(_("Unknown list %(kind)s"), field="kind", kind=kind)
    _required(grounds, field="grounds")
    _required(authority_zh, field="authority_zh")
    _required(entered_on, field="entered_on")
    assert entered_on is not None
    reg = _region(region)
    if not may_manage_credit_record(actor, reg.code):
        raise CreditError(
            _("You may not enter records for region %(code)s"), field="region", code=reg.code
        )
    ent = _enterprise(credit_code)
    rec = None
    if record_pk:
        rec = CreditRecord.objects.filter(
            pk=record_pk, enterprise=ent, status=RecordStatus.PUBLISHED
        ).first()
        if rec is None:
            raise CreditError(
                _("No published penalty %(pk)s of this enterprise"), field="record", pk=record_pk
            )
    if kind == ListKind.SERIOUS and (rec is None or not rec.major):
        raise CreditError(
            _("The serious-violation list needs a published heavier penalty as its grounds"),
            field="record",
        )
    end = term_until or entered_on + timedelta(days=list_term(kind).publicity_days)
    if end < entered_on:
        raise CreditError(
            _("The term ends (%(end)s) before the entry (%(start)s)"),
            field="term_until",
            end=end.isoformat(),
            start=entered_on.isoformat(),
        )
    with transaction.atomic():
        entry = ListEntry.objects.create(
            enterprise=ent,
            kind=kind,
            grounds=grounds.strip(),
            record=rec,
            authority_zh=authority_zh.strip(),
            authority_en=(authority_en or "").strip(),
            region=reg,
            entered_on=entered_on,
            term_until=end,
            created_by=actor.user,
        )
        _audit(actor, "listing_create", entry, kind=kind, enterprise=ent.pk)
    return entry


def listing_publish(*, actor: Actor, pk: int) -> ListEntry:
    """Publish a list entry: a second officer (not the one who entered it)."""
    from qualitas.credit.selectors import listing_get

    with transaction.atomic():
        entry = listing_get(actor=actor, pk=pk)
        entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != RecordStatus.DRAFT:
            raise CreditError(_("Only a draft entry can be published"), field="status")
        if not may_publish_credit_record(actor, entry.region_id, entry.created_by_id):
            raise Forbidden
        entry.status = RecordStatus.PUBLISHED
        entry.published_by = actor.user
        entry.published_at = timezone.now()
        entry.save(update_fields=["status", "published_by", "published_at"])
        _audit(actor, "listing_publish", entry)
    _rerate(entry.enterprise_id, reason="listing_publish")
    return entry


# --- credit repair ---------------------------------------------------------------------------


def repair_apply(
    *,
    actor: Actor,
    record_pk: int | None = None,
    listing_pk: int | None = None,
    evidence: str,
    commitment: bool,
    today: date | None = None,
) -> RepairRequest:
    """An enterprise applies for credit repair of one of its published records (early end of
    publicity) or listings (early removal). Refused for a record not published, before the
    earliest repair day (``data/terms.csv``), without evidence or commitment, or with an open
    application. The decision is due ``decision_days`` after submission."""
    day = today or _today()
    if (record_pk is None) == (listing_pk is None):
        raise CreditError(_("Name one record or one list entry to repair"), field="record")
    _required(evidence, field="evidence")
    if not commitment:
        raise CreditError(_("A credit repair needs the signed commitment"), field="commitment")
    if record_pk is not None:
        rec = CreditRecord.objects.filter(pk=record_pk).first()
        if rec is None or not may_apply_repair(actor, rec.enterprise_id):
            raise NotFound
        if rec.status != RecordStatus.PUBLISHED:
            raise CreditError(
                _("Only a published record can be repaired (this one is %(status)s)"),
                field="record",
                status=rec.get_status_display(),
            )
        if rec.publicity_end < day:
            raise CreditError(_("The publicity of this record has ended"), field="record")
        term = record_term(rec.penalty_type, rec.amount)
        if term.earliest_repair_days >= term.publicity_days:
            raise CreditError(
                _("The publicity of this record ends by itself on %(day)s; it is not repaired"),
                field="record",
                day=rec.publicity_end.isoformat(),
            )
        earliest = rec.publicity_from + timedelta(days=term.earliest_repair_days)
        target, enterprise_id = RepairTarget.PENALTY, rec.enterprise_id
        kw: dict[str, Any] = {"record": rec}
    else:
        assert listing_pk is not None
        entry = ListEntry.objects.filter(pk=listing_pk).first()
        if entry is None or not may_apply_repair(actor, entry.enterprise_id):
            raise NotFound
        if entry.status != RecordStatus.PUBLISHED or entry.end < day:
            raise CreditError(
                _("Only a published, current list entry can be repaired"), field="listing"
            )
        term = list_term(entry.kind)
        earliest = entry.entered_on + timedelta(days=term.earliest_repair_days)
        target, enterprise_id = RepairTarget.LISTING, entry.enterprise_id
        kw = {"listing": entry}
    if day < earliest:
        raise CreditError(
            _("Credit repair can be applied for from %(day)s"),
            field="record" if record_pk is not None else "listing",
            day=earliest.isoformat(),
        )
    with transaction.atomic():
        if RepairRequest.objects.filter(status=RepairStatus.SUBMITTED, **kw).exists():
            raise CreditError(
                _("An application for this record is waiting for its decision"),
                field="record" if record_pk is not None else "listing",
            )
        req = RepairRequest.objects.create(
            enterprise_id=enterprise_id,
            target=target,
            evidence=evidence.strip(),
            commitment=True,
            submitted_by=actor.user,
            submitted_on=day,
            due_on=day + timedelta(days=term.decision_days),
            **kw,
        )
        _audit(actor, "repair_apply", req, target=target, due_on=req.due_on)
    return req


def repair_decide(
    *, actor: Actor, pk: int, grant: bool, note: str, today: date | None = None
) -> RepairRequest:
    """The deciding authority grants or refuses a repair, with reasons. A grant ends the
    record's publicity (or the listing) on the day of the decision and re-rates the enterprise."""
    from qualitas.credit.selectors import repair_get

    day = today or _today()
    _required(note, field="note")
    with transaction.atomic():
        req = repair_get(actor=actor, pk=pk)
        req = RepairRequest.objects.select_for_update().get(pk=req.pk)
        region = req.record.region_id if req.record else req.listing.region_id  # type: ignore[union-attr]
        if not may_decide_repair(actor, region):
            raise Forbidden
        if req.status != RepairStatus.SUBMITTED:
            raise CreditError(_("This application is decided already"), field="status")
        req.status = RepairStatus.GRANTED if grant else RepairStatus.REFUSED
        req.decided_by = actor.user
        req.decided_on = day
        req.decision_note = note.strip()
        req.save(update_fields=["status", "decided_by", "decided_on", "decision_note"])
        if grant and req.record_id:
            CreditRecord.objects.filter(pk=req.record_id).update(publicity_ended_on=day)
        if grant and req.listing_id:
            ListEntry.objects.filter(pk=req.listing_id).update(
                exited_on=day, exit_reason=f"repair {req.pk}"
            )
        _audit(actor, "repair_decide", req, status=req.status, late=day > req.due_on)
    if grant:
        _rerate(req.enterprise_id, reason="repair_grant")
    return req


def _rerate(enterprise_id: int, *, reason: str) -> None:
    """Re-rate one enterprise after a change of its inputs (after commit; a no-op until a
    methodology is published)."""

    def run() -> None:
        from qualitas.credit import rating

        rating.rate_enterprise(enterprise_id, reason=reason)

    transaction.on_commit(run)


# --- ratings and loans -----------------------------------------------------------------------


def rating_refresh(*, actor: Actor, enterprise_id: int) -> Any:
    """Re-rate one enterprise now (officers of its region, admins)."""
    from qualitas.credit import rating

    ent = Enterprise.objects.filter(pk=enterprise_id).first()
    if ent is None or not may_manage_credit_record(actor, ent.region_id):
        raise NotFound
    r = rating.rate_enterprise(ent.pk, reason="manual")
    if r is not None:
        _audit(actor, "rating_refresh", r, klass=r.klass, score=r.score)
    return r


def loan_record(
    *,
    actor: Actor,
    credit_code: str,
    outcome: str,
    amount_band: str = "",
    decided_on: date | None,
) -> Any:
    """A bank records a lending decision citing the enterprise's current rating. Only a partner
    holding the enterprise's ``credit_report`` consent (else: not found); a grant names its
    amount band; the date is not in the future."""
    from qualitas.core.access import may_read_credit_report, may_record_loan
    from qualitas.credit.choices import AmountBand, LoanOutcome
    from qualitas.credit.models import LoanDecision, Rating

    if not may_record_loan(actor):
        raise Forbidden
    ent = Enterprise.objects.filter(credit_code=(credit_code or "").strip().upper()).first()
    if ent is None or not may_read_credit_report(actor, ent):
        raise NotFound
    if outcome not in LoanOutcome.values:
        raise CreditError(_("Unknown outcome %(value)s"), field="outcome", value=outcome)
    if amount_band and amount_band not in AmountBand.values:
        raise CreditError(
            _("Unknown amount band %(value)s"), field="amount_band", value=amount_band
        )
    if outcome == LoanOutcome.GRANTED and not amount_band:
        raise CreditError(_("A granted loan needs its amount band"), field="amount_band")
    _required(decided_on, field="decided_on")
    assert decided_on is not None
    if decided_on > _today():
        raise CreditError(
            _("%(day)s is in the future"), field="decided_on", day=decided_on.isoformat()
        )
    rating = Rating.objects.filter(enterprise=ent, current=True).first()
    if rating is None:
        raise CreditError(
            _("The enterprise has no quality credit rating to cite yet"), field="credit_code"
        )
    with transaction.atomic():
        loan = LoanDecision.objects.create(
            bank=actor.user,
            enterprise=ent,
            rating=rating,
            outcome=outcome,
            amount_band=amount_band if outcome == LoanOutcome.GRANTED else "",
            decided_on=decided_on,
        )
        _audit(actor, "loan_record", loan, enterprise=ent.pk, rating=rating.pk, outcome=outcome)
    return loan
