"""Import of results of evaluations done elsewhere (issue 13): an authority uploads an XLSX
sheet, one result a row; every row is checked first and the report names each rejected row
(line, column, reason). Nothing is written unless every row is valid. Imported results are
published at once, say where they came from (``source``, ``source_certificate_no``) and count
in the statistics like any other published result.

Columns (header on line 1, in any order): ``credit_code``, ``level`` (1–5), ``score`` (optional,
the continuous score: its whole part is the level), ``evaluated_on``, ``valid_until``,
``source`` (the institution that evaluated), ``certificate_no`` (its certificate's number).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, Forbidden, may_import_results
from qualitas.core.audit import audit_append
from qualitas.evaluation.choices import ResultStatus
from qualitas.evaluation.models import Result
from qualitas.evaluation.services._common import EvaluationError
from qualitas.evaluation.services.frameworks import framework_active
from qualitas.registry.models import Enterprise

COLUMNS = (
    "credit_code",
    "level",
    "score",
    "evaluated_on",
    "valid_until",
    "source",
    "certificate_no",
)
REQUIRED = tuple(c for c in COLUMNS if c != "score")


@dataclass
class RejectedRow:
    line: int  # the header is line 1
    column: str
    message: str


@dataclass
class ResultImportReport:
    rows: int = 0
    created: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def _read(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise EvaluationError(_("not a readable XLSX file"), field="file") from None
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise EvaluationError(
            _("missing column(s): %(missing)s; expected columns: %(expected)s"),
            field="file",
            missing=", ".join(missing),
            expected=", ".join(COLUMNS),
        )
    out = []
    for line, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        out.append((line, dict(zip(header, values, strict=False))))
    return out


def _date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(str(v).strip())
    except ValueError:
        return None


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def results_import(*, actor: Actor, content: bytes) -> ResultImportReport:
    """Check every row, then write all of them or none; the report names each rejected row."""
    if not may_import_results(actor):
        raise Forbidden(_("only authorities import evaluation results"))
    rows = _read(content)
    report = ResultImportReport(rows=len(rows))
    codes = {_text(r.get("credit_code")).upper() for _l, r in rows}
    enterprises = {
        e.credit_code: e
        for e in Enterprise.objects.filter(credit_code__in=codes).only(
            "pk", "credit_code", "region_id"
        )
    }
    known = set(
        Result.objects.exclude(source="")
        .filter(source_certificate_no__in={_text(r.get("certificate_no")) for _l, r in rows})
        .values_list("source", "source_certificate_no")
    )
    seen: dict[tuple[str, str], int] = {}
    today = timezone.localdate()
    valid: list[tuple[Enterprise, dict[str, Any]]] = []

    def reject(at: int, column: str, message: Any, **params: Any) -> None:
        report.rejected.append(
            RejectedRow(at, column, str(message) % params if params else str(message))
        )

    for line, r in rows:
        before = len(report.rejected)
        ent = enterprises.get(_text(r.get("credit_code")).upper())
        if ent is None:
            reject(line, "credit_code", _("no registered enterprise has this credit code"))
        elif not may_import_results(actor, ent.region_id):
            reject(line, "credit_code", _("the enterprise lies outside your regions"))
        try:
            level = int(_text(r.get("level")))
        except ValueError:
            level = 0
        if not 1 <= level <= 5:
            reject(line, "level", _("the level is a whole number from 1 to 5"))
        score: Decimal | None = Decimal(level) if 1 <= level <= 5 else None
        if _text(r.get("score")):
            try:
                score = Decimal(_text(r.get("score")))
            except InvalidOperation:
                score = None
            if score is None or not (level <= score < level + 1):
                reject(line, "score", _("the score's whole part must be the level"))
        evaluated = _date(r.get("evaluated_on"))
        if evaluated is None or evaluated > today:
            reject(
                line, "evaluated_on", _("give the evaluation date (YYYY-MM-DD), not in the future")
            )
        until = _date(r.get("valid_until"))
        if until is None or (evaluated is not None and until <= evaluated):
            reject(
                line,
                "valid_until",
                _("give the validity end (YYYY-MM-DD), after the evaluation date"),
            )
        source, number = _text(r.get("source")), _text(r.get("certificate_no"))
        if not source:
            reject(line, "source", _("name the institution that evaluated"))
        if not number:
            reject(line, "certificate_no", _("give the certificate's number"))
        elif (source, number) in known:
            reject(line, "certificate_no", _("this certificate is already imported"))
        elif (source, number) in seen:
            reject(
                line, "certificate_no", _("duplicate of line %(line)s"), line=seen[(source, number)]
            )
        seen.setdefault((source, number), line)
        if len(report.rejected) == before and ent is not None:
            valid.append(
                (
                    ent,
                    {
                        "level": level,
                        "score": score,
                        "evaluated_on": evaluated,
                        "valid_until": until,
                        "source": source,
                        "source_certificate_no": number,
                    },
                )
            )
    if report.rejected or not rows:
        return report
    fw = framework_active()
    now = timezone.now()
    with transaction.atomic():
        created = Result.objects.bulk_create(
            [
                Result(
                    enterprise=ent,
                    framework=fw,
                    status=ResultStatus.PUBLISHED,
                    uncapped_level=d["level"],
                    published_by=actor.user,
                    published_at=now,
                    approved_by=actor.user,
                    approved_at=now,
                    detail={
                        "level": d["level"],
                        "uncapped_level": d["level"],
                        "score": float(d["score"]),
                        "imported": True,
                    },
                    **d,
                )
                for ent, d in valid
            ],
            batch_size=1000,
        )
        for res in created:  # each import is the first version of its own series
            res.series = res.pk
        Result.objects.bulk_update(created, ["series"], batch_size=1000)
        audit_append(
            actor=actor.user,
            action="import",
            model="evaluation.result",
            object_pk=created[0].pk if created else "",
            changes={"rows": len(created), "results": [r.pk for r in created]},
        )
    report.created = len(created)
    return report
