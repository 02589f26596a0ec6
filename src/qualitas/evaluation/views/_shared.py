"""Helpers the evaluation pages share: report context, PDF printing, QR codes, the authority check."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from qualitas.core.access import (
    Actor,
    NotFound,
    actor_for,
    may_run_campaigns,
    peer_min_group,
)
from qualitas.core.pdf import pdf_download, pdf_language
from qualitas.evaluation import charts, selectors
from qualitas.registry import selectors as registry_selectors
from qualitas.registry.models import Enterprise, Region


def _min_group() -> int:
    """The smallest group of peers shown (the peer comparison of a self-assessment)."""
    return peer_min_group()


def _report_context(
    *, framework: Any, result: dict[str, Any], enterprise: Enterprise | None, peers: bool
) -> dict[str, Any]:
    labels = selectors.requirement_labels(framework)
    tree = selectors.framework_tree(framework)
    dims = [(n.dimension.code, n.dimension.name) for n in tree]
    dim_scores = result.get("dimension_scores", {})
    gaps = []
    for code, level, score, impact in result.get("gaps", []):
        info = labels.get(code, {})
        gaps.append({"code": code, "level": level, "score": score, "impact": impact, **info})
    ctx: dict[str, Any] = {
        "res": result,
        "tree": tree,
        "gaps": gaps,
        "threshold": float(framework.threshold),
        "radar": charts.radar(
            labels=[name for _, name in dims],
            series={_("Score"): [dim_scores.get(c) for c, _ in dims]},
        ),
        "bars": charts.level_scores_bar(
            level_scores=result.get("level_scores", {}),
            threshold=float(framework.threshold),
            level=int(result.get("level") or 0),
        ),
        "next_level": result["uncapped_level"] + 1 if result.get("uncapped_level", 0) < 5 else None,
        "gate_labels": {g["kind"]: g for g in (framework.spec or {}).get("gating", [])},
    }
    if peers and enterprise is not None:
        pos = selectors.peers_for(enterprise=enterprise, score=float(result["score"]))
        ctx["peers"] = pos
        ctx["peer_charts"] = {
            k: charts.peer_histogram(
                level_counts=p.level_counts, own_level=int(result["level"]), title=title
            )
            for k, p, title in (
                ("industry", pos["industry"], _("Peers in the same industry")),
                ("region", pos["region"], _("Peers in the same province")),
            )
            if not p.withheld
        }
    return ctx


def _pdf_lang(request: HttpRequest) -> str:
    return pdf_language(request)


def _pdf_response(
    request: HttpRequest,
    *,
    template: str,
    ctx: dict[str, Any],
    filename: str,
    back: str,
    charts: bool = True,
) -> HttpResponse:
    """Render a print page of the evaluation (``core/print.html``) in ``?lang=`` and print it
    with Chromium (core.pdf); on failure back to ``back`` with the reason."""
    return pdf_download(
        request,
        template,
        ctx,
        lang=_pdf_lang(request),
        filename=filename,
        back=back,
        charts=charts,
        css=("evaluation/evaluation.css",),
    )


def _report_pdf_response(
    request: HttpRequest, *, ctx: dict[str, Any], filename: str, back: str
) -> HttpResponse:
    """The report of a self-assessment or a result as PDF, charts drawn."""
    return _pdf_response(
        request, template="evaluation/report_print.html", ctx=ctx, filename=filename, back=back
    )


def _authority(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    if not may_run_campaigns(actor):
        raise NotFound
    return actor


def _region(code: str) -> Region:
    """A region of the code list (chosen in a form), else NotFound."""
    region = registry_selectors.region_by_code(code=code)
    if region is None:
        raise NotFound
    return region


def _names(rows: list[Any]) -> str:
    return "; ".join(f"{r.enterprise.name} v{r.version}" for r in rows)


def _qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (segno: pure Python); empty when segno is missing."""
    try:
        import segno
    except ImportError:  # pragma: no cover - segno is a runtime dependency
        return ""

    buf = io.BytesIO()
    segno.make(url, error="m").save(
        buf, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title="QR"
    )
    return buf.getvalue().decode()
