"""Procurement eligibility (joint punishment): by credit code and purpose, eligible or not with
the grounds, the time, and an Ed25519 signature a procurement system verifies offline.

Grounds that exclude, all public: a current entry on the serious-violation list or the abnormal
operations list; a heavier administrative penalty decided in the last three years whose publicity
still runs (a granted credit repair ends it).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.credit import signing
from qualitas.credit.choices import ListKind, ProcurementPurpose
from qualitas.credit.models import CreditRecord, ListEntry
from qualitas.credit.selectors import current_listing_q, enterprise_public_get, in_publicity_q
from qualitas.credit.services import CreditError

MAJOR_YEARS = 3


def eligibility(*, credit_code: str, purpose: str, day: date | None = None) -> dict[str, Any]:
    """The signed answer for ``credit_code`` and ``purpose``; an unknown code is not found, an
    unknown purpose refused with the field named."""
    if purpose not in ProcurementPurpose.values:
        raise CreditError(
            _("Unknown purpose %(value)s; use one of %(values)s"),
            field="purpose",
            value=purpose,
            values=", ".join(ProcurementPurpose.values),
        )
    e = enterprise_public_get(credit_code=credit_code)
    today = day or timezone.localdate()
    grounds: list[dict[str, Any]] = []
    for entry in ListEntry.objects.filter(
        current_listing_q(today),
        enterprise_id=e.pk,
        kind__in=(ListKind.SERIOUS, ListKind.ABNORMAL),
    ).order_by("entered_on", "pk"):
        grounds.append(
            {
                "kind": f"{entry.kind}_list",
                "authority": entry.authority_zh,
                "since": entry.entered_on.isoformat(),
                "until": entry.term_until.isoformat(),
                "grounds": entry.grounds,
            }
        )
    since = today - timedelta(days=365 * MAJOR_YEARS)
    for rec in CreditRecord.objects.filter(
        in_publicity_q(today), enterprise_id=e.pk, major=True, decided_on__gte=since
    ).order_by("decided_on", "pk"):
        grounds.append(
            {
                "kind": "major_penalty",
                "authority": rec.authority_zh,
                "decision_no": rec.decision_no,
                "decided_on": rec.decided_on.isoformat(),
                "publicity_until": rec.publicity_end.isoformat(),
            }
        )
    answer: dict[str, Any] = {
        "credit_code": e.credit_code,
        "name_zh": e.name_zh,
        "purpose": purpose,
        "eligible": not grounds,
        "grounds": grounds,
        "checked_at": timezone.localtime().isoformat(timespec="seconds"),
        "algorithm": signing.ALGORITHM,
    }
    answer["signature"] = signing.sign(answer)
    return answer
