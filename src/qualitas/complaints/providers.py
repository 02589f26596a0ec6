"""What consumer complaints contribute through ``core.providers``: the index indicator
``complaint_problem_share`` (share of an enterprise's complaints that belong to a confirmed
common-problem warning: an index warning rule on it turns confirmed warnings into index
warnings) and the ``complaints`` credit factor. Individual complaints never leave the app.
Registered from ``AppConfig.ready()``; readers never import this module."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qualitas.complaints.choices import WarningStatus
from qualitas.complaints.models import Complaint, ProblemWarning
from qualitas.core.providers import (
    CreditFactor,
    IndicatorSource,
    credit_provider,
    empty_indicator_frame,
    indicator_source,
    quarter_end,
    trailing_share_frame,
)

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "complaints"
DAYS = 365
CONFIRMED = (WarningStatus.CONFIRMED, WarningStatus.PUBLISHED)


def _routed(since: date, until: date):  # type: ignore[no-untyped-def]
    in_warning = ProblemWarning.evidence.through.objects.filter(
        complaint_id=OuterRef("pk"), problemwarning__status__in=CONFIRMED
    )
    return Complaint.objects.filter(
        enterprise__isnull=False, received_on__gt=since, received_on__lte=until
    ).annotate(in_warning=Exists(in_warning))


def _problem_share_source(quarters: Sequence[str]) -> pd.DataFrame:
    """Per enterprise and quarter: complaints sent to it in the year up to the quarter's end
    (den) and those in a confirmed or published warning (num)."""
    if not quarters:
        return empty_indicator_frame()
    ends = [quarter_end(q) for q in quarters]
    rows = _routed(min(ends) - timedelta(days=DAYS), max(ends)).values_list(
        "enterprise_id", "received_on", "in_warning"
    )
    return trailing_share_frame(list(rows), quarters, days=DAYS, hit=lambda v: v.astype(bool))


indicator_source(
    IndicatorSource(
        key="complaint_problem_share",
        label=gettext_lazy("Complaints in common-problem warnings"),
        description=gettext_lazy(
            "Share of the complaints sent to an enterprise in the last year that belong to a "
            "confirmed common-problem warning"
        ),
        unit="share",
        higher_is_better=False,
        normalisation="ratio",
        weight=0.05,
        source_app=SOURCE,
        source=_problem_share_source,
        # offered to methodology versions; no history in the base period yet
        in_default=False,
    )
)


@credit_provider
def complaints_credit(enterprise_id: int, as_of: date) -> Iterator[CreditFactor]:
    """Complaints sent to the enterprise in the year up to ``as_of``: the share answered by
    their deadline times the share outside confirmed warnings; ``None`` without any."""
    rows = list(
        _routed(as_of - timedelta(days=DAYS), as_of)
        .filter(enterprise_id=enterprise_id)
        .values_list("deadline", "responded_on", "in_warning")
    )
    label = gettext_lazy("Consumer complaints")
    if not rows:
        yield CreditFactor(
            key="complaints",
            label=label,
            value=None,
            explanation=gettext_lazy("No complaint sent to the enterprise in the last year."),
            source_app=SOURCE,
            as_of=as_of,
        )
        return
    n = len(rows)
    on_time = sum(1 for d, r, _w in rows if d and r and r <= d)
    in_warning = sum(1 for _d, _r, w in rows if w)
    yield CreditFactor(
        key="complaints",
        label=label,
        value=(on_time / n) * (1 - in_warning / n),
        explanation=_(
            "%(n)d complaints in the last year: %(on_time)d answered by the deadline, "
            "%(in_warning)d in a confirmed common-problem warning."
        )
        % {"n": n, "on_time": on_time, "in_warning": in_warning},
        source_app=SOURCE,
        as_of=as_of,
    )
