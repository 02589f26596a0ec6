"""REST endpoints of integrity and quality credit (mounted at /api/credit/). Thin: validate,
call a service or selector, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from qualitas.credit import selectors
from qualitas.credit.models import CreditRecord
from qualitas.credit.schemas import CreditRecordOut

router = Router(tags=["credit"])


def _record(r: CreditRecord) -> dict[str, Any]:
    out = {
        f: getattr(r, f)
        for f in CreditRecordOut.model_fields
        if f not in ("enterprise_credit_code", "enterprise_name_zh", "publicity_until")
    }
    out["enterprise_credit_code"] = r.enterprise.credit_code
    out["enterprise_name_zh"] = r.enterprise.name_zh
    out["publicity_until"] = r.publicity_end
    return out


@router.get("/penalties", response=list[CreditRecordOut], summary="Published records in publicity")
def penalties(request: HttpRequest, q: str = "", limit: int = 100) -> list[dict[str, Any]]:
    """Published penalty and misconduct records whose publicity runs today (public); ``q``
    matches the decision number, the enterprise's name or credit code."""
    return [_record(r) for r in selectors.public_records(q=q)[: max(1, min(limit, 1000))]]


@router.get("/penalties/{record_pk}", response=CreditRecordOut, summary="One public notice")
def penalty(request: HttpRequest, record_pk: int) -> dict[str, Any]:
    return _record(selectors.public_record_get(pk=record_pk))
