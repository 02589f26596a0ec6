"""Study reports: what the study page shows of a saved study, and its report page and PDF.

The report page (``diagnosis/report.html``, on ``core/print.html``) is what ``study_report``
serves and what ``core.pdf`` prints: rendered in the report's language with plotly.js, the chart
labels and charts.js inlined, printed by headless Chromium once every chart has drawn (no
second HTTP request, no session hand-over; this also works under the test client).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from qualitas.charts.spc import TITLES
from qualitas.core.pdf import print_pdf, render_print_page
from qualitas.diagnosis.choices import (
    CapabilityMethod,
    InspectionSeverity,
    StudyChart,
    StudyKind,
)
from qualitas.diagnosis.forms import option_rows
from qualitas.diagnosis.rules import rule_description, rule_label
from qualitas.diagnosis.statistical_warnings import warning_text

STANDARDS = {
    StudyKind.CONTROL_CHART: ["GB/T 17989.2-2020 (ISO 7870-2:2013)"],
    StudyKind.CAPABILITY: ["ISO 22514-2:2017", "GB/T 17989.2-2020 (ISO 7870-2:2013)"],
    StudyKind.GAGE_RR: ["AIAG MSA, 4th edition (2010)"],
    StudyKind.WEIBULL: ["IEC 61649:2008"],
    StudyKind.GROWTH: ["IEC 61164:2004"],
    StudyKind.PARETO: [],
    StudyKind.SAMPLING: ["GB/T 2828.1-2012 (ISO 2859-1:1999)"],
}


def violation_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored violations with the chart, the rule and what it tests in the reader's language."""
    return [
        {
            **v,
            "chart": gettext(TITLES.get(v.get("chart", ""), v.get("chart", ""))),
            "rule_label": rule_label(str(v.get("rule", ""))),
            "description": rule_description(str(v.get("rule", "")), v.get("description", "")),
        }
        for v in rows
    ]


def sampling_rows(plan: dict[str, Any]) -> list[tuple[Any, Any]]:
    """A sampling plan's figures under GB/T 2828.1's names (severity shown separately)."""
    if not plan:
        return []
    letter = plan.get("code_letter") or ""
    after = plan.get("code_letter_after_arrow") or ""
    rows: list[tuple[Any, Any]] = [
        (_("Lot size"), plan.get("lot_size")),
        (_("Inspection level"), plan.get("level")),
        ("AQL", plan.get("aql")),
        (
            _("Sample size code letter"),
            f"{letter} → {after}" if after and after != letter else letter,
        ),
        (_("Sample size (n)"), plan.get("sample_size")),
        (_("Acceptance number (Ac)"), plan.get("accept")),
        (_("Rejection number (Re)"), plan.get("reject")),
    ]
    if plan.get("hundred_percent"):
        rows.append((_("Every unit inspected"), _("the sample is at least the lot")))
    return rows


def _num(value: Any) -> Any:
    return f"{value:.4g}" if isinstance(value, float) else ("—" if value is None else value)


def _pct(value: Any) -> str:
    return f"{value:.1f}%" if isinstance(value, (int, float)) else "—"


VERDICTS = {
    "acceptable": _("acceptable"),
    "marginal": _("marginal (may be acceptable for the application)"),
    "unacceptable": _("unacceptable"),
}
GAGE_SOURCES = {
    "repeatability": _("Repeatability"),
    "reproducibility": _("Reproducibility"),
    "gage_rr": _("Gage R&R"),
    "part_to_part": _("Part-to-part"),
    "total": _("Total"),
}


def result_rows(results: dict[str, Any]) -> list[tuple[Any, Any]]:
    """The headline figures of a Gage R&R, Weibull or growth study, named in the reader's
    language (the full JSON stays in the API answer)."""
    if w := results.get("weibull"):
        pairs = [
            (_("Shape β"), w.get("shape")),
            (_("Scale η"), w.get("scale")),
            (_("B10 life"), w.get("b10")),
            (_("Mean time to failure (MTTF)"), w.get("mttf")),
            (_("Failures"), w.get("n_failures")),
            (_("Censored (still running)"), w.get("n_censored")),
        ]
    elif g := results.get("growth"):
        pairs = [
            (_("Shape β"), g.get("beta")),
            (_("Scale λ"), g.get("lambda")),
            (_("Growth rate"), g.get("growth_rate")),
            (_("Instantaneous MTBF"), g.get("mtbf_instantaneous")),
            (_("Cumulative MTBF"), g.get("mtbf_cumulative")),
            (_("Failures"), g.get("n_failures")),
            (_("End of test"), g.get("end_time")),
        ]
        if g.get("target_mtbf") is not None:
            pairs.append((_("Time to the target MTBF"), g.get("time_to_target")))
    elif r := results.get("gage_rr"):
        pairs = [
            (_("Number of distinct categories (ndc)"), r.get("ndc")),
            (_("Verdict"), VERDICTS.get(r.get("verdict", ""), r.get("verdict"))),
            (
                _("Parts × operators × replicates"),
                "{} × {} × {}".format(r.get("parts"), r.get("operators"), r.get("replicates")),
            ),
        ]
    else:
        return []
    return [(label, _num(v)) for label, v in pairs]


def gage_rows(results: dict[str, Any]) -> list[tuple[Any, Any, Any, Any]]:
    """Gage R&R by source: % contribution, % study variation, % tolerance."""
    r = results.get("gage_rr") or {}
    contribution, study = r.get("pct_contribution") or {}, r.get("pct_study_var") or {}
    tolerance = r.get("pct_tolerance") or {}
    return [
        (label, _pct(contribution.get(k)), _pct(study.get(k)), _pct(tolerance.get(k)))
        for k, label in GAGE_SOURCES.items()
        if k in study
    ]


def _label(choices: Any, code: Any) -> Any:
    """The translated label of a stored code (the code itself if the list does not know it)."""
    return choices(code).label if code in choices.values else (code or "")


def study_context(study: Any) -> dict[str, Any]:
    """What the study page, the report page and its PDF show of a saved study."""
    figures = study.results.get("figures", [])
    chart = study.results.get("chart_type")
    method = (study.results.get("capability") or {}).get("method")
    inspection = (study.results.get("sampling") or {}).get("inspection")
    cutoff = (study.results.get("pareto") or {}).get("cutoff")
    return {
        "result_rows": result_rows(study.results),
        "gage_rows": gage_rows(study.results),
        "sampling_rows": sampling_rows(study.results.get("sampling") or {}),
        "option_rows": option_rows(study.options or {}),
        "capability_warnings": [warning_text(w) for w in study.results.get("warnings") or []],
        "pareto_cutoff": f"{cutoff * 100:g}%" if isinstance(cutoff, (int, float)) else "",
        "method_label": _label(CapabilityMethod, method),
        "inspection_label": _label(InspectionSeverity, inspection),
        "chart_label": StudyChart(chart).label if chart in StudyChart.values else "",
        "study": study,
        "figs": [(f"fig-{i}", f) for i, f in enumerate(figures)],
        "standards": STANDARDS.get(study.kind, []),
        "r": study.results,
        "violations": violation_rows(
            study.results.get("violations")
            or study.results.get("stability", {}).get("violations")
            or []
        ),
    }


def report_html(*, request: Any, study: Any, lang: str, inline: bool) -> str:
    """The report page in ``lang`` on ``core/print.html``: scripts inlined for Chromium, linked
    when a browser asks for it (``inline=False``)."""
    return render_print_page(
        "diagnosis/report.html", study_context(study), request=request, lang=lang, inline=inline
    )


def report_pdf(*, request: Any, study: Any, lang: str) -> bytes:
    """Print the report to PDF (A4) with Chromium (core.pdf); raises PdfError on failure."""
    return print_pdf(report_html(request=request, study=study, lang=lang, inline=True), lang=lang)
