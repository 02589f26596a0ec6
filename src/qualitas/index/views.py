"""Pages of the index: dashboards, the quality digital map, methodology, warnings, rules, jobs.

Thin: read the query, call a selector or service, render. The map page draws itself from
``/api/index/map`` and the geometry views below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from qualitas.analytics.index import ALL_INDUSTRIES, NATION
from qualitas.core.access import (
    NotFound,
    actor_for,
    may_edit_rule,
    may_manage_methodology,
    rule_region_prefixes,
)
from qualitas.core.exports import Column, export_response, wants_keys
from qualitas.core.http import HtmxHttpRequest
from qualitas.core.providers import collect_supervision
from qualitas.core.selectors import job_get
from qualitas.index import charts, conf, selectors, services
from qualitas.index import indicators as registry
from qualitas.index.choices import CellStatus, WarningStatus
from qualitas.index.forms import (
    AcknowledgeForm,
    RecomputeForm,
    VersionForm,
    VersionNewForm,
    WarningRuleForm,
)


def _supervisor(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    if not selectors.is_supervisor(actor):
        raise NotFound
    return actor


def _indicator_choices(run: Any) -> list[tuple[str, str]]:
    keys = [i["key"] for i in run.version.indicators] if run else list(registry.INDICATORS)
    return [("", registry.indicator_label(""))] + [(k, registry.indicator_label(k)) for k in keys]


def map_page(request: HttpRequest) -> HttpResponse:
    """The quality digital map: choropleth of provinces, drill down to cities, then enterprises."""
    actor = actor_for(request.user)
    run = selectors.current_run()
    quarters, years = selectors.run_periods(run) if run else ([], [])
    config = {
        "api": "/api/index/map",
        "geoProvinces": "/index/geo/provinces.geojson",
        "geoDash": "/index/geo/nine-dash-line.geojson",
        "geoCities": "/index/geo/{province}.geojson",
        "enterprises": "/enterprises/",
        "periods": quarters,
        "years": years,
        "period": quarters[-1] if quarters else "",
        "province": request.GET.get("province", ""),
        "labels": {
            "index": _("Index"),
            "rank": _("Rank"),
            "trend": _("Change vs previous"),
            "band": _("95% band"),
            "insufficient": _("insufficient data"),
            "nodata": _("no data"),
            "value": _("Value"),
            "enterprises": _("Enterprises"),
            "alerts": _("Open alerts"),
            "of": _("of"),
            "country": _("China"),
            "back": _("All provinces"),
            "list": _("List its enterprises"),
            "raw": _("Raw value"),
            "inset": _("South China Sea islands"),
            "count": _("%(n)s regions"),
            "more": _("scroll the list to see them all"),
        },
        "detail": selectors.is_supervisor(actor),
    }
    return render(
        request,
        "index/map.html",
        {
            "run": run,
            "config": config,
            "indicators": _indicator_choices(run),
            "industries": selectors.industries_for_picker(),
            "approval": conf.map_approval(),
            "quarters": quarters,
        },
    )


def _geo_file(relative: str) -> Path:
    path = conf.geo_dir() / relative
    if not path.is_file():
        raise Http404
    return path


def _geo_response(path: Path) -> FileResponse:
    response = FileResponse(path.open("rb"), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def geo_provinces(request: HttpRequest) -> FileResponse:
    return _geo_response(_geo_file("provinces.geojson"))


def geo_nine_dash(request: HttpRequest) -> FileResponse:
    return _geo_response(_geo_file("nine_dash_line.geojson"))


def geo_cities(request: HttpRequest, province: str) -> FileResponse:
    if not (len(province) == 6 and province.isdigit()):
        raise Http404
    return _geo_response(_geo_file(f"cities/{province}.geojson"))


def dashboard(request: HttpRequest) -> HttpResponse:
    """Overview, trends per indicator, rankings by region and industry, comparison of two regions,
    level distribution against the 2027 targets. Public variant without private detail."""
    actor = actor_for(request.user)
    run = selectors.current_run()
    if run is None:
        return render(request, "index/dashboard.html", {"run": None})
    quarters, years = selectors.run_periods(run)
    region = request.GET.get("region") or selectors.home_region(actor)
    industry = request.GET.get("industry") or ALL_INDUSTRIES
    period = request.GET.get("period") or (quarters[-1] if quarters else "")
    regions = selectors.regions_with_values(run=run)
    codes = [c for c, _ in regions]
    a = request.GET.get("a") or region
    b = request.GET.get("b") or next((c for c in codes if c != a), NATION)
    region_name = selectors.region_name(region)
    trends = selectors.indicator_trends(run=run, region=region, industry=industry)
    provinces = selectors.map_cells(
        actor=actor, run=run, query=selectors.MapQuery(period=period, industry=industry)
    )["cells"]
    industries = selectors.industry_ranking(run=run, region=region, period=period)
    comparison = charts.comparison_figure(
        (selectors.region_name(a), selectors.trend(run=run, region=a, industry=industry)),
        (selectors.region_name(b), selectors.trend(run=run, region=b, industry=industry)),
        title=_("Comparison of two regions"),
    )
    targets = _targets(actor)
    context = {
        "run": run,
        "overview": selectors.overview(run=run, region=region, industry=industry),
        "region": region,
        "region_name": region_name,
        "industry": industry,
        "period": period,
        "quarters": quarters,
        "years": years,
        "regions": regions,
        "a": a,
        "b": b,
        "industries_picker": selectors.industries_for_picker(),
        "provinces": provinces,
        "industry_rows": industries,
        "fig_trend": charts.trend_figure(
            trends, title=_("Index and indicators, %(region)s") % {"region": region_name}
        ),
        "fig_provinces": charts.ranking_figure(
            [{**c} for c in provinces], title=_("Provinces, %(period)s") % {"period": period}
        ),
        "fig_industries": charts.ranking_figure(
            industries,
            title=_("Industries in %(region)s, %(period)s")
            % {"region": region_name, "period": period},
        ),
        "fig_compare": comparison,
        "targets": targets,
        "fig_targets": charts.targets_figure(
            targets, title=_("Enterprises reaching each level against the 2027 targets")
        )
        if targets
        else None,
        "detail": selectors.sees_detail(actor, region),
        "supervisor": selectors.is_supervisor(actor),
        "open_warnings": selectors.warnings_for(actor=actor, status=WarningStatus.OPEN).count()
        if selectors.is_supervisor(actor)
        else 0,
        "query": request.GET.urlencode(),
    }
    return render(request, "index/dashboard.html", context)


def _targets(actor: Any) -> dict[str, Any] | None:
    """Level distribution against the 2027 targets, when an app provides them (evaluation, through core.providers)."""
    if not selectors.is_supervisor(actor):
        return None
    progress = collect_supervision("level_targets", actor)
    if not progress:
        return None
    return progress if any(r["done"] for r in progress.get("national", [])) else None


EXPORT_TABLES = ("provinces", "cities", "industries", "trend", "warnings")


def _indicator_labels() -> dict[str, str]:
    """Indicator keys → labels in the page's language (the index itself: "" and "index")."""
    labels = {key: registry.indicator_label(key) for key in registry.INDICATORS}
    labels[""] = labels["index"] = registry.indicator_label("")
    return labels


def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """CSV/XLSX of every dashboard table; the same columns as on the page (private ones only
    where allowed), headers and coded values in the reader's language (``?header=keys``: the
    machine keys and raw codes)."""
    if fmt not in ("csv", "xlsx") or table not in EXPORT_TABLES:
        raise Http404
    actor = actor_for(request.user)
    keys = wants_keys(request)
    indicator = Column("indicator", _("Indicator"), choices=_indicator_labels())
    band = (Column("band_low", _("Band, low")), Column("band_high", _("Band, high")))
    if table == "warnings":
        if not selectors.is_supervisor(actor):
            raise Http404
        items = list(selectors.warnings_for(actor=actor))
        names = selectors.region_names([w.region for w in items])  # one query, not one per row
        rows: list[tuple[Any, ...]] = [
            (
                w.pk,
                w.rule.name,
                w.status,
                w.region,
                names.get(w.region, w.region),
                w.industry,
                w.period,
                w.indicator,
                w.numbers.get("current"),
                w.numbers.get("reference"),
                w.numbers.get("change"),
                w.note,
            )
            for w in items
        ]
        columns: tuple[Column, ...] = (
            Column("id", _("No.")),
            Column("rule", _("Warning rule")),
            Column("status", _("Status"), choices=WarningStatus.choices),
            Column("region", _("Region code")),
            Column("region_name", _("Region")),
            Column("industry", _("Industry code")),
            Column("period", _("Period")),
            indicator,
            Column("current", _("Current value")),
            Column("reference", _("Reference value")),
            Column("change", _("Change")),
            Column("note", _("Note")),
        )
        return export_response(
            rows=rows, columns=columns, keys=keys, filename="index-warnings", fmt=fmt
        )
    run = selectors.current_run()
    if run is None:
        raise Http404
    g = request.GET
    if table in ("provinces", "cities"):
        query = selectors.MapQuery(
            period=g.get("period", ""),
            industry=g.get("industry") or ALL_INDUSTRIES,
            indicator=g.get("indicator", ""),
            province=g.get("province", "") if table == "cities" else "",
        )
        data = selectors.map_cells(actor=actor, run=run, query=query)
        columns = (
            Column("code", _("Region code")),
            Column("name", _("Region")),
            Column("period", _("Period")),
            Column("value", _("Value")),
            *band,
            Column("rank", _("Rank")),
            Column("previous", _("Previous period")),
            Column("change", _("Change")),
            Column("status", _("Status"), choices=CellStatus.choices),
            Column("n", _("Enterprises")),
        )
        rows = [
            (
                c["code"],
                c["name"],
                data["period"],
                c["value"],
                c["lo"],
                c["hi"],
                c["rank"],
                c["prev"],
                c["change"],
                c["status"],
                c.get("n"),
            )
            for c in data["cells"]
        ]
        return export_response(
            rows=rows,
            columns=columns,
            keys=keys,
            filename=f"index-{table}-{data['period']}",
            fmt=fmt,
        )
    region = g.get("region") or NATION
    if table == "industries":
        period = g.get("period") or (selectors.run_periods(run)[0] or [""])[-1]
        rows = [
            (r["code"], r["name"], period, r["value"], r["lo"], r["hi"], r["rank"])
            for r in selectors.industry_ranking(
                run=run, region=region, period=period, indicator=g.get("indicator", "")
            )
        ]
        columns = (
            Column("industry", _("Industry code")),
            Column("name", _("Industry")),
            Column("period", _("Period")),
            Column("value", _("Value")),
            *band,
            Column("rank", _("Rank")),
        )
        return export_response(
            rows=rows,
            columns=columns,
            keys=keys,
            filename=f"index-industries-{region}",
            fmt=fmt,
        )
    trends = selectors.indicator_trends(
        run=run, region=region, industry=g.get("industry") or ALL_INDUSTRIES
    )
    rows = [
        (key or "index", p["period"], p["value"], p["raw"], p["lo"], p["hi"])
        for key, points in trends.items()
        for p in points
    ]
    columns = (
        indicator,
        Column("period", _("Period")),
        Column("score", _("Score")),
        Column("raw_value", _("Raw value")),
        *band,
    )
    return export_response(
        rows=rows,
        columns=columns,
        keys=keys,
        filename=f"index-trend-{region}",
        fmt=fmt,
    )


def methodology(request: HttpRequest) -> HttpResponse:
    """Published methodology versions (drafts too for admins), how many runs used each, and the
    indicator registry."""
    actor = actor_for(request.user)
    return render(
        request,
        "index/methodology.html",
        {
            "versions": selectors.versions_with_runs(actor=actor),
            "indicators": registry.INDICATORS.values(),
            "admin": may_manage_methodology(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_new(request: HttpRequest) -> HttpResponse:
    """A new draft version, copied from the current one (admins)."""
    actor = actor_for(request.user)
    if not may_manage_methodology(actor):
        raise Http404
    source = selectors.version_default_source()
    form = VersionNewForm(request.POST or None, initial={"code": selectors.version_suggest_code()})
    if request.method == "POST" and form.is_valid() and source is not None:
        try:
            v = services.version_copy(
                actor=actor,
                source=source,
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
            )
        except services.IndexInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Draft created: edit it, then publish it."))
            return redirect("index:version", version_pk=v.pk)
    return render(request, "index/version_new.html", {"form": form, "source": source})


def _version_form(v: Any, data: Any = None) -> VersionForm:
    current = {i["key"]: i for i in v.indicators}
    keys = list(current) + [k for k in registry.INDICATORS if k not in current]
    initial: dict[str, Any] = {
        "title": v.title,
        "base_period": v.base_period,
        "min_group_size": v.min_group_size,
        "replicates": v.replicates,
        "notes": v.notes,
    }
    for k in keys:
        initial[f"weight_{k}"] = current[k]["weight"] if k in current else None
        initial[f"normalisation_{k}"] = (
            current[k].get("normalisation", "ratio")
            if k in current
            else registry.INDICATORS[k].normalisation
        )
    return VersionForm(
        data,
        initial=initial,
        indicators=[(k, str(registry.indicator_label(k))) for k in keys],
    )


@require_http_methods(["GET", "POST"])
def version(request: HttpRequest, version_pk: int) -> HttpResponse:
    """One version: its settings and the runs that used it. A draft is edited and published
    here by admins; a published version is read-only."""
    actor = actor_for(request.user)
    v = selectors.version_get(actor=actor, pk=version_pk)
    editable = may_manage_methodology(actor) and v.status == "draft"
    form = _version_form(v) if editable else None
    if request.method == "POST":
        if not editable:
            raise Http404
        if request.POST.get("action") == "publish":
            try:
                services.version_publish(actor=actor, version=v)
            except services.IndexInputError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Version published; it can no longer be changed."))
            return redirect("index:version", version_pk=v.pk)
        form = _version_form(v, request.POST)
        if form.is_valid():
            try:
                _v, notes = services.version_update(
                    actor=actor, version=v, data=form.version_data()
                )
            except services.IndexInputError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, _("Draft saved."))
                if notes:
                    messages.warning(
                        request,
                        _("The weights did not sum to 1 and were rescaled proportionally."),
                    )
                return redirect("index:version", version_pk=v.pk)
        v.refresh_from_db()
    rows = [{**i, "label": registry.indicator_label(i["key"])} for i in v.indicators]
    weight_sum = round(sum(float(i["weight"]) for i in v.indicators), 6)
    return render(
        request,
        "index/version.html",
        {
            "v": v,
            "rows": rows,
            "runs": selectors.version_runs(actor=actor, version=v),
            "form": form,
            "editable": editable,
            "weight_sum": weight_sum,
        },
    )


@login_required
def warnings(request: HttpRequest) -> HttpResponse:
    """Warnings of the officer's regions, open first."""
    actor = _supervisor(request)
    status = request.GET.get("status", "")
    items = list(selectors.warnings_for(actor=actor, status=status)[:300])
    names = selectors.region_names([w.region for w in items])  # one query, not one per row
    for w in items:
        w.region_name = names.get(w.region, w.region)  # type: ignore[attr-defined]
        w.indicator_label = registry.indicator_label(w.rule.indicator)  # type: ignore[attr-defined]
        driver = w.numbers.get("driver", "")
        w.driver_label = (  # type: ignore[attr-defined]
            registry.indicator_label(driver) if driver and driver != w.rule.indicator else ""
        )
    return render(request, "index/warnings.html", {"items": items, "status": status})


@login_required
@require_http_methods(["GET", "POST"])
def warning(request: HttpRequest, warning_pk: int) -> HttpResponse:
    """One warning: the rule, the numbers, the enterprises behind it; acknowledge with a note."""
    actor = _supervisor(request)
    w = selectors.warning_get(actor=actor, pk=warning_pk)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.warning_acknowledge(actor=actor, warning=w, note=form.cleaned_data["note"])
        except services.IndexInputError as exc:
            form.add_error("note", str(exc))
        else:
            messages.success(request, _("Warning acknowledged."))
            return redirect("index:warning", warning_pk=w.pk)
    industry = "" if w.industry == ALL_INDUSTRIES else w.industry
    return render(
        request,
        "index/warning.html",
        {
            "w": w,
            "form": form,
            "region_name": selectors.region_name(w.region),
            "indicator_label": registry.indicator_label(w.rule.indicator),
            "industry_name": selectors.industry_name(w.industry),
            "driver_label": registry.indicator_label(w.numbers.get("driver", "")),
            "enterprises": selectors.warning_enterprises(actor=actor, warning=w),
            "search": f"region={w.region}" + (f"&industry={industry}" if industry else ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    """Warning rules and their thresholds; authority officers add rules for their regions."""
    actor = _supervisor(request)
    form = WarningRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_create(actor=actor, data=form.cleaned_data)
        except services.IndexInputError as exc:
            form.add_error(exc.field or None, str(exc))
        else:
            messages.success(request, _("Rule saved."))
            return redirect("index:rules")
    return render(
        request,
        "index/rules.html",
        {
            "rules": selectors.rules_for(actor=actor),
            "form": form,
            "prefixes": rule_region_prefixes(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule(request: HttpRequest, rule_pk: int) -> HttpResponse:
    actor = _supervisor(request)
    r = selectors.rule_get(actor=actor, pk=rule_pk)
    editable = may_edit_rule(actor, r.region_prefix)
    form = WarningRuleForm(
        request.POST or None,
        instance=None,
        initial={f: getattr(r, f) for f in services.RULE_FIELDS},
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.rule_update(actor=actor, rule=r, data=form.cleaned_data)
        except services.IndexInputError as exc:
            form.add_error(exc.field or None, str(exc))
        else:
            messages.success(request, _("Rule saved."))
            return redirect("index:rules")
    return render(request, "index/rule.html", {"r": r, "form": form, "editable": editable})


@login_required
@require_http_methods(["GET", "POST"])
def recompute(request: HttpRequest) -> HttpResponse:
    """Start a recomputation (background job with progress), re-extracting the chosen quarters."""
    actor = _supervisor(request)
    latest = services.latest_complete_quarter()
    choices = selectors.recent_quarters(latest, count=12)
    form = RecomputeForm(request.POST or None, quarters=choices, initial={"quarters": [latest]})
    if request.method == "POST" and form.is_valid():
        try:
            job = services.index_recompute_start(
                actor=actor, quarters=form.cleaned_data["quarters"]
            )
        except services.IndexInputError as exc:
            form.add_error("quarters" if exc.field == "quarters" else None, str(exc))
        else:
            return redirect("index:job", job_pk=job.pk)
    run = selectors.current_run()
    return render(
        request,
        "index/recompute.html",
        {
            "version": services.current_version(),
            "run": run,
            "counts": selectors.run_counts(run) if run else None,
            "form": form,
            "latest": latest,
        },
    )


@login_required
@vary_on_headers("HX-Request")
def job(request: HtmxHttpRequest, job_pk: int) -> HttpResponse:
    the_job = job_get(actor=actor_for(request.user), pk=job_pk)
    template = "index/job.html#progress" if request.htmx else "index/job.html"
    return render(request, template, {"job": the_job})
