"""Reads of a certificate's surveillance and standing: the yearly schedule, the latest action,
and what is due (issue 13)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from qualitas.evaluation.choices import CertificateActionKind, ResultStatus
from qualitas.evaluation.models import CertificateAction, Result, Surveillance
from qualitas.evaluation.selectors._common import years_after

# the standings under which a certificate's level is not in force
OUT_OF_FORCE = (CertificateActionKind.SUSPEND, CertificateActionKind.WITHDRAW)


def surveillance_schedule(result: Result) -> list[tuple[int, date]]:
    """(year, due date) of each surveillance of a published certificate: every anniversary of
    its publication before it expires."""
    if result.status != ResultStatus.PUBLISHED or result.published_at is None:
        return []
    if not result.certificate_code or result.valid_until is None:
        return []
    start = timezone.localdate(result.published_at)
    out = []
    year = 1
    while (due := years_after(start, year)) < result.valid_until:
        out.append((year, due))
        year += 1
    return out


def certificate_standing(result: Result) -> CertificateAction | None:
    """The latest suspension, reinstatement or withdrawal of the certificate (None: never acted on)."""
    return CertificateAction.objects.filter(result=result).order_by("-at", "-pk").first()


def with_standing(qs: QuerySet[Result]) -> QuerySet[Result]:
    """Annotate ``standing``: the kind of each result's latest certificate action (or None)."""
    latest = CertificateAction.objects.filter(result=OuterRef("pk")).order_by("-at", "-pk")
    return qs.annotate(standing=Subquery(latest.values("kind")[:1]))


@dataclass(frozen=True)
class SurveillanceYear:
    year: int
    due_on: date
    record: Surveillance | None

    @property
    def overdue(self) -> bool:
        return self.record is None and self.due_on < timezone.localdate()


def surveillance_years(result: Result) -> list[SurveillanceYear]:
    """The schedule with what was recorded, for the result page."""
    done = {s.year: s for s in Surveillance.objects.filter(result=result)}
    return [SurveillanceYear(y, d, done.get(y)) for y, d in surveillance_schedule(result)]


def surveillance_due(
    *, institution_id: int, today: date, until: date, limit: int
) -> list[tuple[Result, int, date]]:
    """(result, year, due date) of the institution's certificates in force whose surveillance is
    due by ``until`` (or overdue) and not recorded, the earliest first, at most ``limit``."""
    rows = (
        with_standing(
            Result.objects.filter(
                institution_id=institution_id,
                status=ResultStatus.PUBLISHED,
                certificate_code__isnull=False,
                valid_until__gte=today,
            )
        )
        .select_related("enterprise")
        .prefetch_related("surveillances")
    )
    out = []
    for r in rows.iterator(chunk_size=500):
        if getattr(r, "standing", None) == CertificateActionKind.WITHDRAW:
            continue
        done = {s.year for s in r.surveillances.all()}
        for year, due in surveillance_schedule(r):
            if due <= until and year not in done:
                out.append((r, year, due))
    out.sort(key=lambda t: (t[2], t[0].pk))
    return out[:limit]
