"""The English labels the chart builders write into figures, translated when the page is drawn.

``qualitas.charts`` (shared with the CLI's HTML reports, so no Django there) and the diagnosis
studies (whose figures are stored in ``Study.results`` at run time) write English labels. The
page's language is known only when the page is rendered, so ``core/static/core/charts.js``
translates each figure just before drawing it, with the dictionary this module gives every
template (``{{ chart_labels|json_script:"chart-labels" }}`` in ``core/base.html``).

``LABELS`` lists every fixed English string a chart builder emits: trace names, titles, axis
titles, annotation texts and the fixed words of hover texts (``subgroup 3``, ``time …``). A
label with ``{}`` is a pattern: the part a builder fills in (a level, a parameter) is kept
and placed where ``{}`` stands in the translation. Builders write no ``English / 中文``
strings (tests/core/test_no_bilingual_literals.py); charts.js still shows the page's side of
such a label, for figures stored by earlier versions and for names users type that way.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.utils.translation import get_language, gettext, gettext_noop

LABELS: tuple[str, ...] = (
    # control charts (qualitas.charts.spc): chart titles, trace names, axes, hover words
    gettext_noop("Individuals"),
    gettext_noop("Moving range"),
    gettext_noop("X̄"),
    gettext_noop("R"),
    gettext_noop("S"),
    gettext_noop("p (proportion nonconforming)"),
    gettext_noop("np (number nonconforming)"),
    gettext_noop("c (nonconformities)"),
    gettext_noop("u (nonconformities per unit)"),
    gettext_noop("EWMA"),
    gettext_noop("CUSUM (σ units)"),
    gettext_noop("lower CUSUM"),
    gettext_noop("CL"),
    gettext_noop("UCL"),
    gettext_noop("LCL"),
    gettext_noop("rule violations"),
    gettext_noop("points of this alert"),
    gettext_noop("Nelson rule {}"),
    gettext_noop("Western Electric rule {}"),
    gettext_noop("subgroup"),
    gettext_noop("time"),
    gettext_noop("label"),
    gettext_noop("value"),
    gettext_noop("lower"),
    gettext_noop("excluded from the limits"),
    # rule descriptions shown in the hover of flagged points (qualitas.analytics.spc.rules)
    gettext_noop("1 point beyond the control limits"),
    gettext_noop("9 points in a row on the same side of the centre line"),
    gettext_noop("6 points in a row steadily increasing or decreasing"),
    gettext_noop("14 points in a row alternating up and down"),
    gettext_noop("2 of 3 points beyond 2σ on the same side"),
    gettext_noop("4 of 5 points beyond 1σ on the same side"),
    gettext_noop("15 points in a row within 1σ of the centre line"),
    gettext_noop("8 points in a row beyond 1σ, on both sides"),
    gettext_noop("8 points in a row on the same side of the centre line"),
    # capability histogram and Pareto (qualitas.charts.capability)
    gettext_noop("LSL"),
    gettext_noop("USL"),
    gettext_noop("Target"),
    gettext_noop("normal fit"),
    gettext_noop("lognormal fit"),
    gettext_noop("weibull fit"),
    gettext_noop("gamma fit"),
    gettext_noop("logistic fit"),
    gettext_noop("normal (overall σ)"),
    gettext_noop("Process capability (normal)"),
    gettext_noop("Process capability (boxcox)"),
    gettext_noop("Process capability (johnson)"),
    gettext_noop("Process capability (percentile)"),
    gettext_noop("Process capability (nonparametric)"),
    gettext_noop("values"),
    gettext_noop("density"),
    gettext_noop("Pareto chart"),
    gettext_noop("count"),
    gettext_noop("cumulative %"),
    # reliability (qualitas.charts.reliability)
    gettext_noop("Weibull probability plot"),
    gettext_noop("% failed"),
    gettext_noop("failures (median ranks)"),
    gettext_noop("lower {} bound"),
    gettext_noop("upper {} bound"),
    gettext_noop("Weibull {}"),
    gettext_noop("Reliability growth: cumulative failures"),
    gettext_noop("Reliability growth: MTBF"),
    gettext_noop("cumulative time"),
    gettext_noop("cumulative failures"),
    gettext_noop("failures"),
    gettext_noop("Crow-AMSAA N(t) = λt^β, β={}"),
    gettext_noop("cumulative MTBF tᵢ/i"),
    gettext_noop("Crow-AMSAA cumulative MTBF"),
    gettext_noop("Crow-AMSAA instantaneous MTBF"),
    gettext_noop("Duane cumulative MTBF, α={}"),
    gettext_noop("target MTBF"),
    gettext_noop("MTBF"),
    # measurement system analysis (qualitas.charts.msa)
    gettext_noop("Gage R&R"),
    gettext_noop("Repeatability"),
    gettext_noop("Reproducibility"),
    gettext_noop("Part-to-part"),
    gettext_noop("% Contribution"),
    gettext_noop("% Study Var"),
    gettext_noop("% Tolerance"),
    gettext_noop("Components of variation"),
    gettext_noop("measurement"),
    gettext_noop("mean"),
    gettext_noop("Measurement by part"),
    gettext_noop("Measurement by operator"),
    gettext_noop("Part × operator interaction"),
    gettext_noop("X̄ chart by operator"),
    gettext_noop("R chart by operator"),
    gettext_noop("bias"),
    gettext_noop("fit"),
    gettext_noop("Gage linearity"),
    gettext_noop("ref − K/2·T"),
    gettext_noop("ref + K/2·T"),
    gettext_noop("Type-1 gage study"),
    gettext_noop("within"),
    gettext_noop("vs standard"),
    gettext_noop("Attribute agreement"),
    gettext_noop("% agreement"),
    # acceptance sampling (qualitas.charts.sampling): OC curve and switching history
    gettext_noop("OC curve (binomial)"),
    gettext_noop("OC curve (poisson)"),
    gettext_noop("percent nonconforming"),
    gettext_noop("nonconformities per 100 units"),
    gettext_noop("probability of acceptance"),
    gettext_noop("Switching rules"),
    gettext_noop("inspection severity"),
    gettext_noop("not accepted"),
    gettext_noop("lot"),
    gettext_noop("reduced"),
    gettext_noop("normal"),
    gettext_noop("tightened"),
    gettext_noop("discontinued"),
)

# English words whose msgid another app already uses with another meaning ("reference" is a
# document number in evaluation): the figure's word, and the msgid that carries its translation.
ALIASES: dict[str, str] = {
    "reference": gettext_noop("reference (gage study)"),
}


@lru_cache(maxsize=8)
def _table(language: str) -> dict[str, str]:
    if language.startswith("en"):
        return {}
    out = {}
    for en in LABELS:
        zh = gettext(en)
        if zh != en:
            out[en] = zh
    for en, msgid in ALIASES.items():
        zh = gettext(msgid)
        if zh != msgid:
            out[en] = zh
    return out


def labels_for_language() -> dict[str, str]:
    """``{english: translated}`` for the active language (empty for English)."""
    return _table(get_language() or "en")


def chart_labels(request: Any) -> dict[str, Any]:
    """Context processor: the chart label dictionary of the request's language."""
    return {"chart_labels": labels_for_language()}
