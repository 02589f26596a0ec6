"""Credit's contributions through ``core.providers`` (ADR 0007). Registered from
``CreditConfig.ready()``; readers never import this module.

* credit factor ``penalties_lists``: 1 without penalties in publicity; each published penalty
  in publicity takes off its severity, halved every ``half_life_days`` of the methodology since
  the decision; 0 while on the serious-violation list. A granted repair ends the publicity, so
  the penalty stops counting.
* profile sections: public — the quality credit class and the records in publicity; private
  (scope ``credit_report``) — the score and each factor's points.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from qualitas.core.choices import ConsentScope
from qualitas.core.providers import (
    CreditFactor,
    Fact,
    ProfileSection,
    credit_provider,
    profile_provider,
)
from qualitas.credit.choices import ListKind, PenaltyType
from qualitas.credit.models import CreditRecord, ListEntry, Methodology, Rating

SOURCE = "credit"
SEVERITY: dict[str, float] = {
    PenaltyType.WARNING: 0.1,
    PenaltyType.FINE: 0.3,
    PenaltyType.OTHER: 0.3,
    PenaltyType.SUSPENSION: 0.6,
    PenaltyType.LICENCE: 0.8,
    PenaltyType.DETENTION: 0.6,
}
MAJOR_SEVERITY = 0.8


def _render(msgid: str, params: dict[str, Any], serious: bool) -> str:
    text = gettext(msgid) % params
    if serious:
        text += " " + gettext("On the serious violation and dishonesty list.")
    return text


#: the explanation rendered when read, in the reader's language (the rating stores both)
_explained = lazy(_render, str)
gettext_noop(
    "%(n)d published penalty record(s) in publicity (%(nos)s), weighing %(loss).2f after decay."
)


def severity(penalty_type: str, major: bool) -> float:
    return max(SEVERITY.get(penalty_type, 0.3), MAJOR_SEVERITY if major else 0.0)


@credit_provider
def penalties_lists(enterprise_id: int, as_of: date) -> list[CreditFactor]:
    from qualitas.credit.selectors import current_listing_q, in_publicity_q

    m = Methodology.objects.filter(status="published").order_by("-published_at").first()
    half_life = m.half_life_days if m else 365
    recs = list(
        CreditRecord.objects.filter(in_publicity_q(as_of), enterprise_id=enterprise_id).values_list(
            "decision_no", "penalty_type", "major", "decided_on"
        )
    )
    serious = ListEntry.objects.filter(
        current_listing_q(as_of), enterprise_id=enterprise_id, kind=ListKind.SERIOUS
    ).exists()
    loss = sum(
        severity(t, major) * 0.5 ** (max(0, (as_of - day).days) / half_life)
        for _no, t, major, day in recs
    )
    value = 0.0 if serious else max(0.0, 1.0 - loss)
    if not recs and not serious:
        text: Any = _("No published penalty in publicity and on no list.")
    else:
        params = {"n": len(recs), "nos": "; ".join(no for no, *_rest in recs) or "—", "loss": loss}
        text = _explained(
            "%(n)d published penalty record(s) in publicity (%(nos)s), weighing %(loss).2f after decay.",
            params,
            serious,
        )
    return [
        CreditFactor(
            key="penalties_lists",
            label=_("Penalties and lists"),
            value=round(value, 4),
            explanation=text,
            source_app=SOURCE,
            as_of=as_of,
        )
    ]


@profile_provider
def credit_profile(*, enterprise_id: int, public: bool) -> Iterator[ProfileSection]:
    from qualitas.credit.selectors import public_listings, public_records

    rating = Rating.objects.filter(enterprise_id=enterprise_id, current=True).first()
    records = list(public_records().filter(enterprise_id=enterprise_id)[:5])
    listings = list(public_listings().filter(enterprise_id=enterprise_id))
    if rating is None and not records and not listings:
        return
    url = f"/credit/ratings/{enterprise_id}/"
    facts = []
    if rating is not None:
        facts.append(Fact(label=_("Quality credit class"), value=rating.klass, url=url))
    for r in records:
        facts.append(
            Fact(
                label=r.decision_no,
                value=r.get_penalty_type_display(),
                url=f"/credit/penalties/{r.pk}/",
            )
        )
    for e in listings:
        facts.append(Fact(label=e.get_kind_display(), value=e.entered_on))
    yield ProfileSection(
        key="credit.public",
        title=_("Integrity and quality credit"),
        facts=tuple(facts),
        public=True,
        source_app=SOURCE,
        order=60,
        url=url,
    )
    if not public and rating is not None:
        lang = "en" if (translation.get_language() or "").startswith("en") else "zh"
        yield ProfileSection(
            key="credit.report",
            title=_("Quality credit report"),
            facts=(
                Fact(label=_("Score"), value=float(rating.score), url=url),
                *(
                    Fact(label=f[f"label_{lang}"], value=f"{f['points']} / {f['max_points']}")
                    for f in rating.factors
                ),
            ),
            public=False,
            source_app=SOURCE,
            scope=ConsentScope.CREDIT_REPORT,
            order=61,
            url=url,
        )
