"""CSV/XLSX downloads of the evaluation lists a user takes to a meeting: results, the
enterprises of a campaign, assignments, and the level distribution of the dashboard.

Each download holds the rows of its page (same access, same status filter), every row and not
one page of them, with the headers, statuses and levels in the reader's language;
``?header=keys`` gives the machine keys and the raw codes (``published``, ``2``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import NotFound, actor_for, may_see_assignments
from qualitas.core.exports import Column, export_response, wants_keys
from qualitas.evaluation import selectors
from qualitas.evaluation.choices import AssignmentStatus, Level, ResultStatus
from qualitas.evaluation.views._shared import _authority

FORMATS = ("csv", "xlsx")

_ENTERPRISE = (
    Column("credit_code", _("Unified social credit code")),
    Column("enterprise", _("Enterprise")),
    Column("region", _("Region")),
    Column("industry", _("Industry code")),
)
_ASSIGNMENT = (
    *_ENTERPRISE,
    Column("campaign", _("Campaign")),
    Column("institution", _("Institution")),
    Column("lead", _("Lead evaluator")),
    Column("status", _("Status"), choices=AssignmentStatus.choices),
    Column("deadline", _("Deadline")),
)


def _check(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Http404


def _name(obj: Any) -> str:
    return str(obj.name) if obj is not None else ""


def _assignment_row(a: Any) -> tuple[Any, ...]:
    e = a.enterprise
    return (
        e.credit_code,
        e.name,
        _name(e.region),
        e.industry_id,
        a.origin,
        _name(a.institution),
        a.lead.username if a.lead_id else "",
        a.status,
        a.deadline,
    )


@login_required
def results_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The results the reader may see (``?status=`` as on the page)."""
    _check(fmt)
    actor = actor_for(request.user)
    qs = selectors.results_for(actor=actor).select_related("enterprise__region")
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    columns = (
        *_ENTERPRISE,
        Column("level", _("Level"), choices=Level.choices),
        Column("score", _("Score")),
        Column("self_score", _("Self-assessed score")),
        Column("version", _("Version")),
        Column("status", _("Status"), choices=ResultStatus.choices),
        Column("institution", _("Institution")),
        Column("evaluated_on", _("Evaluation date")),
        Column("certificate", _("Certificate")),
        Column("valid_until", _("Valid until")),
        Column("published_at", _("Published")),
    )
    rows = (
        (
            r.enterprise.credit_code,
            r.enterprise.name,
            _name(r.enterprise.region),
            r.enterprise.industry_id,
            r.level,
            r.score,
            r.self_score,
            r.version,
            r.status,
            _name(r.institution),
            r.evaluated_on,
            r.certificate_code,
            r.valid_until,
            r.published_at,
        )
        for r in qs.order_by("-created_at")
    )
    return export_response(
        rows=list(rows), columns=columns, keys=wants_keys(request), filename="results", fmt=fmt
    )


@login_required
def campaign_export(
    request: HttpRequest, campaign_pk: int, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The enterprises of one campaign with their institution, lead, status and deadline."""
    _check(fmt)
    actor = actor_for(request.user)
    c = selectors.campaign_get(actor=actor, pk=campaign_pk)
    qs = selectors.assignments_for(actor=actor).filter(campaign=c)
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    return export_response(
        rows=[_assignment_row(a) for a in qs.order_by("pk")],
        columns=_ASSIGNMENT,
        keys=wants_keys(request),
        filename=f"campaign-{c.pk}",
        fmt=fmt,
    )


@login_required
def assignments_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The reader's assignments (``?status=`` as on the page)."""
    _check(fmt)
    actor = actor_for(request.user)
    if not may_see_assignments(actor):
        raise NotFound
    qs = selectors.assignments_for(actor=actor)
    status = request.GET.get("status", "")
    if status:
        qs = qs.filter(status=status)
    return export_response(
        rows=[_assignment_row(a) for a in qs.order_by("deadline", "pk")],
        columns=_ASSIGNMENT,
        keys=wants_keys(request),
        filename="assignments",
        fmt=fmt,
    )


@login_required
def distribution_export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The dashboard's level distribution (``?by=province|prefecture|industry``)."""
    _check(fmt)
    actor = _authority(request)
    by = request.GET.get("by", "province")
    if by not in ("province", "prefecture", "industry"):
        by = "province"
    dist = selectors.level_distribution(actor=actor, by=by)
    group = {"province": _("Province"), "prefecture": _("City"), "industry": _("Industry")}[by]
    columns = (
        Column("code", _("Code")),
        Column("name", group),
        Column("official", _("Official")),
        Column("not_rated", _("Not rated")),
        *(Column(f"l{lv}", f"L{lv}") for lv in range(1, 6)),
        Column("self_assessed", _("Self-assessed")),
        Column("withheld", _("Withheld")),
    )
    rows = [
        (
            r["code"],
            r["name"],
            r["n"],
            *(r["levels"] or [None] * 6),
            r["n_self"],
            r["withheld"],
        )
        for r in dist["rows"]
    ]
    return export_response(
        rows=rows,
        columns=columns,
        keys=wants_keys(request),
        filename=f"level-distribution-{by}",
        fmt=fmt,
    )
