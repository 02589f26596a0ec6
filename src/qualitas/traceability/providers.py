"""What traceability and recalls contribute to other apps through ``core.providers``.

Only published recall notices are public facts: the public profile section (recalls, units
affected and recovered, the latest notice), the evaluation evidence (topic ``recalls``), the
index indicator ``recalls`` (published recalls per enterprise and quarter), the credit factor
``recall_record`` and one search document per notice. Events and traces are private and feed
nothing public. Registered from ``AppConfig.ready()``; readers never import this module.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitas.core.providers import (
    CreditFactor,
    EvidenceOffer,
    Fact,
    IndicatorSource,
    ProfileSection,
    SearchDocument,
    Signal,
    credit_provider,
    evidence_provider,
    indicator_frame,
    indicator_source,
    profile_provider,
    quarter_end,
    search_provider,
    signal_provider,
)
from qualitas.traceability.models import Recall
from qualitas.traceability.recall_selectors import PUBLIC_STATUSES, recall_totals

APP = "traceability"


@profile_provider
def profile(*, enterprise_id: int, public: bool) -> list[ProfileSection]:
    """Published recalls of the enterprise (public; two queries)."""
    totals = recall_totals(enterprise_id)
    if not totals["count"]:
        return []
    rate = totals["recovered"] / totals["affected"] if totals["affected"] else None
    facts = (
        Fact(label=_("Published recalls"), value=totals["count"], url="/recalls/"),
        Fact(label=_("Units affected"), value=totals["affected"]),
        Fact(label=_("Units recovered"), value=totals["recovered"]),
        Fact(
            label=_("Recall effectiveness"),
            value=f"{100 * rate:.0f} %" if rate is not None else None,
        ),
        Fact(
            label=_("Latest recall notice"),
            value=timezone.localdate(totals["latest"]) if totals["latest"] else None,
        ),
    )
    return [
        ProfileSection(
            key="recalls",
            title=_("Product recalls"),
            facts=facts,
            public=True,
            source_app=APP,
            order=60,
            url="/recalls/",
        )
    ]


@evidence_provider
def evidence(enterprise_id: int) -> list[EvidenceOffer]:
    """Recalls of the last three years and how many units came back."""
    since = timezone.localdate() - timedelta(days=3 * 365)
    totals = recall_totals(enterprise_id, since=since)
    if not totals["count"]:
        return []
    text = gettext(
        "Published product recalls in the last three years: %(n)d, %(affected)d units affected, %(recovered)d recovered"
    ) % {"n": totals["count"], "affected": totals["affected"], "recovered": totals["recovered"]}
    return [EvidenceOffer(topic="recalls", text=text, source_app=APP, url="/recalls/")]


def source_recalls(quarters: Sequence[str]) -> pd.DataFrame:
    """Published recalls per enterprise in each quarter (num), per enterprise (den = 1); enterprises
    without a recall in a quarter are absent (the index reads them as no data, not as zero)."""
    rows = list(
        Recall.objects.filter(status__in=PUBLIC_STATUSES, enterprise__isnull=False).values_list(
            "enterprise_id", "published_at"
        )
    )
    cells = []
    for q in quarters:
        end = quarter_end(q)
        start = date(end.year, end.month - 2, 1)
        counts: dict[int, int] = {}
        for ent, at in rows:
            if at is not None and start <= timezone.localdate(at) <= end:
                counts[ent] = counts.get(ent, 0) + 1
        cells += [{"enterprise": e, "quarter": q, "n": n} for e, n in counts.items()]
    frame = pd.DataFrame(cells, columns=["enterprise", "quarter", "n"])
    return indicator_frame(frame, num=frame["n"].astype(float), den=1.0)


indicator_source(
    IndicatorSource(
        key="recalls",
        label=_("Product recalls"),
        unit="rate",
        higher_is_better=False,
        description=_("Published product recalls per enterprise and quarter (lower is better)."),
        normalisation="ratio",
        weight=0.1,
        source_app=APP,
        source=source_recalls,
        # offered to methodology versions, not in the default one: the index refuses an
        # indicator without base-period values, and recalls are too few to have them (issue 15)
        in_default=False,
    )
)


@credit_provider
def credit(enterprise_id: int, as_of: date) -> list[CreditFactor]:
    """``recall_record``: 1 without a published recall in the three years before ``as_of``; with
    recalls, the share of affected units recovered (a recall run well weighs less), halved per
    further recall."""
    since = as_of - timedelta(days=3 * 365)
    qs = Recall.objects.filter(
        enterprise_id=enterprise_id,
        status__in=PUBLIC_STATUSES,
        published_at__date__gte=since,
        published_at__date__lte=as_of,
    )
    totals = recall_totals(enterprise_id, since=since)
    n = qs.count()
    if not n:
        value, text = 1.0, gettext("No published product recall in the last three years.")
    else:
        rate = totals["recovered"] / totals["affected"] if totals["affected"] else 0.0
        value = max(0.0, min(1.0, rate)) * 0.5 ** (n - 1) * 0.8
        text = gettext(
            "%(n)d published product recall(s) in the last three years; %(rate).0f %% of the affected units recovered."
        ) % {"n": n, "rate": 100 * rate}
    return [
        CreditFactor(
            key="recall_record",
            label=_("Recall record"),
            value=value,
            explanation=text,
            source_app=APP,
            as_of=as_of,
        )
    ]


@search_provider
def search() -> Iterator[SearchDocument]:
    """One document per published recall notice."""
    qs = Recall.objects.filter(status__in=PUBLIC_STATUSES).select_related("enterprise")
    for r in qs.iterator(chunk_size=500):
        yield SearchDocument(
            kind="recall",
            key=str(r.pk),
            title=f"{r.producer_name} · {r.product_name} {r.model_spec}".strip(),
            text=" ".join(
                x for x in (r.recall_no, r.brand, r.batch, r.defect_description, r.consequence) if x
            ),
            url=f"/recalls/{r.pk}/",
            source_app=APP,
            enterprise_id=r.enterprise_id,
            region_code=r.region_id or "",
            industry_code=r.enterprise.industry_id if r.enterprise else "",
            published_at=r.published_at,
        )


@signal_provider
def recall_signals(enterprise_ids: Sequence[int], since: date) -> Iterator[Signal]:
    """One adverse signal per published recall notice, dated at publication."""
    qs = Recall.objects.filter(
        enterprise_id__in=list(enterprise_ids),
        status__in=PUBLIC_STATUSES,
        published_at__date__gte=since,
    ).order_by("pk")
    for r in qs:
        if r.enterprise_id is None or r.published_at is None:
            continue
        yield Signal(
            kind="recall",
            enterprise_id=r.enterprise_id,
            day=timezone.localdate(r.published_at),
            label=f"{r.product_name} {r.model_spec}".strip(),
            adverse=True,
            source_app=APP,
            url=f"/recalls/{r.pk}/",
        )
