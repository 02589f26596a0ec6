"""Diagnosis pages. Thin: check access, call a selector or service, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from qualitas.core.access import (
    Actor,
    NotFound,
    actor_for,
    diagnosis_enterprise_for,
    may_use_diagnosis,
    sees_quality_aggregates_only,
)
from qualitas.core.errors import DomainError
from qualitas.core.exports import Column, export_response, wants_keys
from qualitas.core.http import HtmxHttpRequest
from qualitas.core.pdf import PdfError, pdf_language
from qualitas.core.selectors import job_get, token_get, tokens_for
from qualitas.core.tokens import token_revoke
from qualitas.core.uploads import upload_bytes
from qualitas.diagnosis import selectors, services
from qualitas.diagnosis.charts import AROUND, alert_chart, characteristic_chart, point_time
from qualitas.diagnosis.choices import AlertStatus, ChartType, StudyKind
from qualitas.diagnosis.errors import DiagnosisError
from qualitas.diagnosis.forms import (
    AcknowledgeForm,
    CharacteristicForm,
    DataSetUploadForm,
    StudyForm,
)
from qualitas.diagnosis.imports import dataset_import_start, dataset_preview, dataset_upload
from qualitas.diagnosis.report import report_html, report_pdf, study_context
from qualitas.diagnosis.tokens import gateway_token_create


def _diagnosis_actor(request: HttpRequest) -> Actor:
    actor = actor_for(request.user)
    if not may_use_diagnosis(actor):
        raise NotFound
    return actor


def _enterprise_id(actor: Actor, request: HttpRequest) -> int:
    """The enterprise a page works on: an enterprise user's own; for an admin ``?enterprise=``, else the first with data."""
    raw = request.GET.get("enterprise") or request.POST.get("enterprise") or ""
    try:
        requested = int(raw) if raw else None
    except ValueError:
        raise NotFound from None
    eid = diagnosis_enterprise_for(actor, requested or None)
    if eid is None:
        eid = selectors.first_enterprise_id(actor=actor)
    if eid is None:
        raise NotFound
    return eid


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The enterprise dashboard: capability summary, open alerts, characteristics, studies, data sets."""
    actor = actor_for(request.user)
    if sees_quality_aggregates_only(actor):
        return redirect("diagnosis:authority")
    if not may_use_diagnosis(actor):
        raise NotFound
    eid = _enterprise_id(actor, request)
    data = selectors.dashboard(actor=actor, enterprise_id=eid)
    return render(request, "diagnosis/dashboard.html", {**data, "enterprise_id": eid})


@login_required
def characteristic_new(request: HttpRequest) -> HttpResponse:
    actor = _diagnosis_actor(request)
    eid = _enterprise_id(actor, request)
    form = CharacteristicForm(
        request.POST or None,
        sites=selectors.sites_for(enterprise_id=eid),
        products=selectors.products_for(enterprise_id=eid),
    )
    if request.method == "POST" and form.is_valid():
        try:
            c = services.characteristic_create(
                actor=actor, enterprise_id=eid, data=form.cleaned_data
            )
        except DiagnosisError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            return redirect("diagnosis:characteristic", char_pk=c.pk)
    return render(request, "diagnosis/characteristic_form.html", {"form": form})


@login_required
def characteristic(request: HttpRequest, char_pk: int) -> HttpResponse:
    """One characteristic: its chart (frozen limits, violations, acknowledged alerts), alerts, studies."""
    actor = _diagnosis_actor(request)
    c = selectors.characteristic_get(actor=actor, pk=char_pk)
    if request.method == "POST" and "monitored" in request.POST:
        try:
            services.characteristic_update(
                actor=actor, characteristic=c, data={"monitored": request.POST["monitored"] == "1"}
            )
        except DiagnosisError as exc:
            messages.error(request, str(exc))
        return redirect("diagnosis:characteristic", char_pk=c.pk)
    alerts = list(selectors.alerts_for(actor=actor, characteristic=c)[:100])
    fig, notes = characteristic_chart(c, alerts=alerts) or (None, [])
    studies = selectors.studies_for(actor=actor).filter(characteristic=c)[:20]
    return render(
        request,
        "diagnosis/characteristic.html",
        {
            "c": c,
            "fig": fig,
            "notes": notes,
            "alerts": alerts,
            "studies": studies,
            "n": c.measurements.count(),
        },
    )


def _alert_value_label(c: Any) -> str:
    """What an alert's point values are: the plotted statistic of the characteristic's chart."""
    return {
        ChartType.XBAR_R: _("Subgroup mean"),
        ChartType.XBAR_S: _("Subgroup mean"),
        ChartType.P: _("Proportion nonconforming"),
        ChartType.NP: _("Number nonconforming"),
        ChartType.C: _("Nonconformities"),
        ChartType.U: _("Nonconformities per unit"),
    }.get(c.chart_type, _("Value"))


@login_required
def alert(request: HttpRequest, alert_pk: int) -> HttpResponse:
    """One alert: its rule by name and what it tests, the data around it on the chart, every
    point kept, and the out-of-control action plan (cause and action chosen, never preset)."""
    actor = _diagnosis_actor(request)
    a = selectors.alert_get(actor=actor, pk=alert_pk)
    eid = a.characteristic.enterprise_id
    form = AcknowledgeForm(
        request.POST or None,
        initial={"cause": a.cause_id, "action": a.action_id, "note": a.note},
        causes=selectors.causes_for(enterprise_id=eid),
        actions=selectors.actions_for(enterprise_id=eid),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_acknowledge(
                actor=actor,
                alert=a,
                cause_id=form.cleaned_data["cause"],
                action_id=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
                close=form.cleaned_data["close"],
            )
        except DiagnosisError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Alert acknowledged."))
            return redirect("diagnosis:characteristic", char_pk=a.characteristic_id)
    points = [{**p, "time": point_time(p)} for p in a.points]
    return render(
        request,
        "diagnosis/alert.html",
        {
            "a": a,
            "form": form,
            "fig": alert_chart(a),
            "around": AROUND,
            "points": points,
            "kept": len(points),
            "value_label": _alert_value_label(a.characteristic),
        },
    )


@login_required
def dataset_new(request: HttpRequest) -> HttpResponse:
    actor = _diagnosis_actor(request)
    eid = _enterprise_id(actor, request)
    form = DataSetUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            ds = dataset_upload(
                actor=actor,
                enterprise_id=eid,
                filename=upload.name,
                content=upload_bytes(upload),
                name=form.cleaned_data["name"],
            )
        except DomainError as exc:  # the file's own problems and its size
            form.add_error("file", str(exc))
        else:
            return redirect("diagnosis:dataset", dataset_pk=ds.pk)
    return render(request, "diagnosis/dataset_new.html", {"form": form})


@login_required
def dataset(request: HttpRequest, dataset_pk: int) -> HttpResponse:
    """The mapping step: preview of the first rows, choose columns and the target characteristic, import."""
    actor = _diagnosis_actor(request)
    ds = selectors.dataset_get(actor=actor, pk=dataset_pk)
    chars = selectors.characteristics_for(actor=actor).filter(enterprise_id=ds.enterprise_id)
    error = ""
    if request.method == "POST":
        mapping = {k: request.POST.get(k, "") for k in ("time", "value", "subgroup", "size")}
        try:
            c = selectors.characteristic_get(actor=actor, pk=request.POST.get("characteristic"))
            job = dataset_import_start(actor=actor, dataset=ds, characteristic=c, mapping=mapping)
        except NotFound:
            error = _("Choose the characteristic to import into.")
        except DiagnosisError as exc:
            error = str(exc)
        else:
            return redirect("diagnosis:job", job_pk=job.pk)
    try:
        preview = dataset_preview(ds)
    except DiagnosisError as exc:
        preview, error = [], str(exc)
    return render(
        request,
        "diagnosis/dataset.html",
        {"ds": ds, "preview": preview, "chars": chars, "error": error},
    )


@login_required
@vary_on_headers("HX-Request")
def job(request: HtmxHttpRequest, job_pk: int) -> HttpResponse:
    """Progress of a data-set import; htmx polls the fragment until it finishes."""
    j = job_get(actor=actor_for(request.user), pk=job_pk)
    if not j.kind.startswith("diagnosis_"):
        raise NotFound
    ds = selectors.dataset_for_job(job=j)
    template = "diagnosis/job.html#progress" if request.htmx else "diagnosis/job.html"
    return render(request, template, {"job": j, "ds": ds})


def _pk(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        raise NotFound from None


@login_required
def study_new(request: HttpRequest) -> HttpResponse:
    """Step 1 (GET) chooses the study and its source; step 2 shows only that study's options,
    with the columns picked from the chosen data set."""
    actor = _diagnosis_actor(request)
    eid = _enterprise_id(actor, request)
    chars = selectors.characteristics_for(actor=actor).filter(enterprise_id=eid)
    datasets = selectors.datasets_for(actor=actor).filter(enterprise_id=eid)
    params = request.POST if request.method == "POST" else request.GET
    kind = params.get("kind") if params.get("kind") in StudyKind.values else None
    step1 = kind is None or (request.method != "POST" and request.GET.get("step") == "1")
    c = ds = None
    if not step1:
        c_pk, ds_pk = _pk(params.get("characteristic")), _pk(params.get("dataset"))
        c = selectors.characteristic_get(actor=actor, pk=c_pk) if c_pk else None
        ds = selectors.dataset_get(actor=actor, pk=ds_pk) if ds_pk and not c else None
    initial = {
        k: request.GET.get(k) for k in ("kind", "characteristic", "dataset") if request.GET.get(k)
    }
    form = StudyForm(
        request.POST or None,
        initial=initial,
        characteristics=chars,
        datasets=datasets,
        kind=None if step1 else kind,
        source="characteristic" if c else ("dataset" if ds else ""),
        columns=ds.columns if ds else None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            study = services.study_run(
                actor=actor,
                kind=d["kind"],
                enterprise_id=eid,
                characteristic=c,
                dataset=ds,
                options=form.options(),
                title=d.get("title") or "",
            )
        except DiagnosisError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("diagnosis:study", study_pk=study.pk)
    back = {"step": "1", "kind": kind or "", "enterprise": request.GET.get("enterprise", "")}
    back |= {"characteristic": str(c.pk)} if c else ({"dataset": str(ds.pk)} if ds else {})
    return render(
        request,
        "diagnosis/study_new.html",
        {
            "form": form,
            "datasets": datasets,
            "step1": step1,
            "kind_label": StudyKind(kind).label if kind else "",
            "characteristic": c,
            "dataset": ds,
            "change_query": urlencode({k: v for k, v in back.items() if v}),
            "enterprise": request.GET.get("enterprise", ""),
        },
    )


@login_required
def study(request: HttpRequest, study_pk: int) -> HttpResponse:
    """A saved study with its interactive charts; a control-chart study can freeze its limits."""
    actor = _diagnosis_actor(request)
    s = selectors.study_get(actor=actor, pk=study_pk)
    if request.method == "POST" and request.POST.get("freeze") and s.characteristic is not None:
        try:
            services.limits_freeze(actor=actor, characteristic=s.characteristic, study=s)
        except DiagnosisError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Limits frozen; new data are now checked against them."))
            return redirect("diagnosis:characteristic", char_pk=s.characteristic_id)
    return render(request, "diagnosis/study.html", study_context(s))


@login_required
def study_report(request: HttpRequest, study_pk: int) -> HttpResponse:
    """The printable report (HTML) in Chinese (``?lang=zh-hans``) or English (``?lang=en``)."""
    actor = _diagnosis_actor(request)
    s = selectors.study_get(actor=actor, pk=study_pk)
    lang = pdf_language(request)
    return HttpResponse(report_html(request=request, study=s, lang=lang, inline=False))


@login_required
def study_pdf(request: HttpRequest, study_pk: int) -> HttpResponse:
    """The report as PDF, printed by Chromium from the same page (synchronous, time-limited)."""
    actor = _diagnosis_actor(request)
    s = selectors.study_get(actor=actor, pk=study_pk)
    lang = pdf_language(request)
    try:
        pdf = report_pdf(request=request, study=s, lang=lang)
    except PdfError as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="qualitas-study-{s.pk}-{lang}.pdf"'
    return response


@login_required
def authority(request: HttpRequest) -> HttpResponse:
    """Authority officers: counts for their regions only (open alerts, Cpk < 1.0), never measurements."""
    actor = actor_for(request.user)
    data = selectors.authority_aggregates(actor=actor)
    return render(
        request, "diagnosis/authority.html", {"data": data, "figure": _monitoring_figure(data)}
    )


def _name(row: dict[str, Any], prefix: str = "") -> str:
    """A name in the page's language (Chinese when there is no English one)."""
    english = (translation.get_language() or "").startswith("en")
    zh, en = row[f"{prefix}name_zh"], row[f"{prefix}name_en"]
    return str(en if english and en else zh)


def _monitoring_figure(data: dict[str, Any]) -> dict[str, Any]:
    """Open alerts and characteristics with Cpk < 1.0 per industry, named in the page's language."""
    from qualitas.charts.bars import count_bars

    shown = [i for i in data["by_industry"] if not i["withheld"]]
    return count_bars(
        names=[_name(i) for i in shown],
        series=[
            (str(_("Open alerts")), [i["open_alerts"] for i in shown]),
            (str(_("Characteristics with Cpk < 1.0")), [i["below_one"] for i in shown]),
        ],
        axis_title=str(_("Count")),
    )


MONITORING_TABLES = ("industries", "enterprises")


@login_required
def authority_export(
    request: HttpRequest, table: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The monitoring tables as CSV or XLSX, in the reader's language (``?header=keys``: keys)."""
    if fmt not in ("csv", "xlsx") or table not in MONITORING_TABLES:
        raise Http404
    data = selectors.authority_aggregates(actor=actor_for(request.user))
    keys = wants_keys(request)
    if table == "industries":
        columns: tuple[Column, ...] = (
            Column("industry", _("Industry code")),
            Column("industry_name", _("Industry")),
            Column("enterprises", _("Enterprises")),
            Column("monitored", _("Monitored characteristics")),
            Column("open_alerts", _("Open alerts")),
            Column("cpk_below_1", _("Characteristics with Cpk < 1.0")),
        )
        rows: list[tuple[Any, ...]] = [
            (
                i["code"],
                _name(i),
                i["enterprises"],
                i["monitored"],
                i["open_alerts"],
                i["below_one"],
            )
            for i in data["by_industry"]
        ]
    else:
        columns = (
            Column("credit_code", _("Unified social credit code")),
            Column("enterprise", _("Enterprise")),
            Column("industry", _("Industry code")),
            Column("industry_name", _("Industry")),
            Column("region", _("Region code")),
            Column("region_name", _("Region")),
            Column("monitored", _("Monitored characteristics")),
            Column("open_alerts", _("Open alerts")),
            Column("cpk_below_1", _("Characteristics with Cpk < 1.0")),
        )
        rows = [
            (
                r["credit_code"],
                _name(r),
                r["industry_id"],
                _name(r, "industry__"),
                r["region_id"],
                _name(r, "region__"),
                r["monitored"],
                r["open_alerts"],
                r["below_one"],
            )
            for r in data["by_enterprise"]
        ]
    return export_response(
        rows=rows, columns=columns, keys=keys, filename=f"quality-monitoring-{table}", fmt=fmt
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """Gateway tokens of the enterprise (platform tokens with ``diagnosis:write``): create (shown once) and revoke."""
    actor = _diagnosis_actor(request)
    eid = _enterprise_id(actor, request)
    plain = ""
    if request.method == "POST":
        if request.POST.get("revoke"):
            token = token_get(actor=actor, pk=_int(request.POST["revoke"]))
            token_revoke(actor=actor, token=token)
        else:
            _, plain = gateway_token_create(
                actor=actor, enterprise_id=eid, name=request.POST.get("name", "")
            )
    return render(
        request,
        "diagnosis/tokens.html",
        {"tokens": tokens_for(actor=actor).filter(enterprise_id=eid), "plain": plain},
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


__all__ = ["AlertStatus"]
