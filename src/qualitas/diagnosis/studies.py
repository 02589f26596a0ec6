"""Studies (a service: it writes ``Study`` rows). Every number comes from ``qualitas.analytics``
and every figure from ``qualitas.charts``; this module only gathers the inputs, calls them and
stores inputs, options, results and figures as JSON.

Sources: a characteristic's measurements (optionally the last ``last`` values) or columns of an
uploaded data set; the acceptance sampling plan needs neither.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.analytics.errors import AnalyticsError, StatisticalWarning
from qualitas.core.access import Actor, Forbidden, may_write_quality_data
from qualitas.core.audit import audit_append
from qualitas.diagnosis.choices import ATTRIBUTE_CHARTS, StudyChart, StudyKind
from qualitas.diagnosis.errors import DiagnosisError
from qualitas.diagnosis.imports import read_frame
from qualitas.diagnosis.models import Characteristic, DataSet, Study
from qualitas.diagnosis.selectors import measurements_for

MAX_STUDY_POINTS = 200_000


def jsonable(value: Any) -> Any:
    """numpy and non-finite floats → plain JSON (NaN/inf become null)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _f(v: Any) -> float | None:
    return None if v is None or v == "" else float(v)


@dataclass
class Series:
    values: np.ndarray
    subgroups: list[str] | None
    times: list[str] | None  # display strings (local time) per value


def _local(t: datetime) -> str:
    return timezone.localtime(t).strftime("%Y-%m-%d %H:%M:%S")


def _characteristic_series(c: Characteristic, options: dict[str, Any]) -> Series:
    last = int(options.get("last") or 0) or None
    rows = measurements_for(characteristic=c, last=last or MAX_STUDY_POINTS)
    if not rows:
        raise DiagnosisError(
            _("this characteristic has no measurements yet"), field="characteristic"
        )
    values = np.asarray([r[1] for r in rows], dtype=float)
    subgroups = [r[2] for r in rows]
    if c.subgroup_size > 1 and not any(subgroups):
        subgroups = [str(i // c.subgroup_size + 1) for i in range(len(rows))]
    return Series(
        values=values,
        subgroups=subgroups if c.subgroup_size > 1 else None,
        times=[_local(r[0]) for r in rows],
    )


def _frame(ds: DataSet) -> Any:
    return read_frame(ds.file.path, ds.file.name)


def _column(
    df: Any, name: str | None, option: str, *, numeric: bool = True, required: bool = True
) -> Any:
    import pandas as pd

    if not name:
        if required:
            raise DiagnosisError(_("choose the %(option)s column"), field=option, option=option)
        return None
    if name not in df.columns:
        raise DiagnosisError(
            _("column %(name)s is not in the data set"), field=option, name=repr(name)
        )
    series = df[name]
    if not numeric:
        if series.isna().any():
            row = int(np.argmax(series.isna().to_numpy())) + 2
            raise DiagnosisError(
                _("row %(line)s: column %(name)s is empty"),
                field=option,
                row=row,
                line=row,
                name=repr(name),
            )
        return series.astype(str).tolist()
    converted = pd.to_numeric(series, errors="coerce")
    bad = converted.isna().to_numpy()
    if bad.any():
        row = int(np.argmax(bad)) + 2
        raise DiagnosisError(
            _("row %(line)s: column %(name)s has %(value)s, not a number"),
            field=option,
            row=row,
            line=row,
            name=repr(name),
            value=repr(series.iloc[row - 2]),
        )
    return converted.to_numpy(dtype=float)


def _dataset_series(ds: DataSet, options: dict[str, Any]) -> Series:
    df = _frame(ds)
    values = _column(df, options.get("value_column") or ds.mapping.get("value"), "value")
    sg_col = options.get("subgroup_column") or ds.mapping.get("subgroup")
    t_col = options.get("time_column") or ds.mapping.get("time")
    subgroups = _column(df, sg_col, "subgroup", numeric=False, required=False) if sg_col else None
    times = [str(t) for t in df[t_col].tolist()] if t_col and t_col in df.columns else None
    return Series(values=values, subgroups=subgroups, times=times)


def _series(
    characteristic: Characteristic | None, dataset: DataSet | None, options: dict[str, Any]
) -> Series:
    if characteristic is not None:
        return _characteristic_series(characteristic, options)
    if dataset is not None:
        return _dataset_series(dataset, options)
    raise DiagnosisError(_("choose a characteristic or a data set"), field="source")


# ------------------------------------------------------------------------------------ analyses


def _grouped_points(s: Series) -> tuple[np.ndarray, list[str], list[str] | None]:
    """(m × n) subgroups (NaN padded) in order of first appearance; label and first time per subgroup."""
    from qualitas.analytics.capability import as_subgroups

    assert s.subgroups is not None
    grouped = as_subgroups(s.values, s.subgroups)
    order: dict[str, int] = {}
    first_time: list[str] = []
    for i, label in enumerate(s.subgroups):
        if label not in order:
            order[label] = len(order)
            if s.times is not None:
                first_time.append(s.times[i])
    return grouped, list(order), first_time if s.times is not None else None


def proposed_chart(s: Series) -> str:
    """The variables chart the data call for: X̄-R for subgroups of up to 10, X̄-S above, else I-MR."""
    if s.subgroups is None:
        return StudyChart.IMR
    sizes = Counter(s.subgroups).values()
    if max(sizes) < 2:
        return StudyChart.IMR
    return StudyChart.XBAR_S if max(sizes) > 10 else StudyChart.XBAR_R


def proposed_attribute_chart(counts: np.ndarray, sizes: np.ndarray | None) -> str:
    """c without a sample-size column; with one, u when a count exceeds its sample (defects),
    else p (nonconforming units)."""
    if sizes is None:
        return StudyChart.C
    return StudyChart.U if bool(np.any(counts > sizes)) else StudyChart.P


def _control(
    s: Series,
    chart_type: str,
    rules: str,
    options: dict[str, Any] | None = None,
    *,
    exclude_flagged: bool = False,
) -> tuple[tuple[Any, ...], list[str], list[str] | None]:
    from qualitas.analytics.spc import (
        cusum_chart,
        ewma_chart,
        imr_chart,
        xbar_r_chart,
        xbar_s_chart,
    )

    opts = options or {}
    if chart_type in ATTRIBUTE_CHARTS:
        raise DiagnosisError(
            _("the %(chart)s chart needs counts: choose a data set and its count column"),
            field="chart_type",
            chart=StudyChart(chart_type).label,
        )
    if chart_type == StudyChart.IMR or s.subgroups is None:
        labels = [str(i + 1) for i in range(s.values.size)] if s.subgroups is None else s.subgroups
        if chart_type in (StudyChart.EWMA, StudyChart.CUSUM):
            data: Any = s.values
        else:
            return (
                imr_chart(s.values, rules=rules, exclude_flagged=exclude_flagged),
                labels,
                s.times,
            )
    else:
        data, labels, times = _grouped_points(s)
    if chart_type == StudyChart.EWMA:
        lam = float(opts.get("lam") or 0.2)
        chart = ewma_chart(
            data,
            lam=lam,
            nsigmas=float(opts.get("nsigmas") or 3.0),
            rules=rules,
            exclude_flagged=exclude_flagged,
        )
    elif chart_type == StudyChart.CUSUM:
        chart = cusum_chart(
            data,
            h=float(opts.get("h") or 5.0),
            k=float(opts.get("k") or 0.5),
            target=_f(opts.get("target")),
            rules=rules,
            exclude_flagged=exclude_flagged,
        )
    else:
        fn = xbar_s_chart if chart_type == StudyChart.XBAR_S else xbar_r_chart
        return fn(data, rules=rules, exclude_flagged=exclude_flagged), labels, times
    if s.subgroups is None:
        return (chart,), labels, s.times
    return (chart,), labels, times


def _limits_of(chart: Any, chart_type: str) -> dict[str, Any] | None:
    """The Phase I limits of the first chart, in the form ``Characteristic.frozen_limits`` keeps."""
    vals = [chart.center, chart.lcl, chart.ucl, chart.sigma]
    if any(isinstance(v, np.ndarray) for v in vals):
        return None  # varying limits (unequal subgroups) cannot be frozen as one line
    center, lcl, ucl, sigma = (float(v) for v in vals)
    return {
        "chart": chart_type,
        "center": center,
        "lcl": lcl,
        "ucl": ucl,
        "sigma": sigma,
        "se": (ucl - center) / 3.0,
    }


def _violations_table(
    charts: tuple[Any, ...], labels: list[str], times: list[str] | None
) -> list[dict[str, Any]]:
    out = []
    for c in charts:
        for v in c.violations:
            for i in v.indices[:200]:
                out.append(
                    {
                        "chart": c.name,
                        "rule": v.rule,
                        "description": v.description,
                        "point": i + 1,
                        "subgroup": labels[i] if i < len(labels) else "",
                        "time": times[i] if times and i < len(times) else "",
                    }
                )
    return out


def _chart_type(options: dict[str, Any], proposed: str) -> str:
    chosen = options.get("chart_type") or proposed
    if chosen not in StudyChart.values:
        raise DiagnosisError(
            _("chart type: one of %(choices)s"),
            field="chart_type",
            choices=", ".join(StudyChart.values),
        )
    return str(chosen)


def run_control_chart(s: Series, options: dict[str, Any]) -> dict[str, Any]:
    from qualitas.charts.spc import control_chart_figures

    chart_type = _chart_type(options, proposed_chart(s))
    charts, labels, times = _control(
        s,
        chart_type,
        options.get("rules") or "nelson",
        options,
        exclude_flagged=bool(options.get("exclude_flagged")),
    )
    return {
        "chart_type": chart_type,
        "charts": [c.as_dict() for c in charts],
        "limits": _limits_of(charts[0], chart_type),
        "violations": _violations_table(charts, labels, times),
        "n_points": int(charts[0].points.size),
        "n_values": int(s.values.size),
        "phase": charts[0].phase,
        "figures": control_chart_figures(charts, labels=labels, times=times),
    }


def run_attribute_chart(ds: DataSet, options: dict[str, Any]) -> dict[str, Any]:
    """p, np, c or u chart of a data set: one row per subgroup (inspected sample), its count of
    nonconforming units or nonconformities and, except for c, its sample size."""
    df = _frame(ds)
    counts = _column(df, options.get("count_column"), "count")
    size_col = options.get("size_column")
    sizes = _column(df, size_col, "size") if size_col else None
    sg_col = options.get("subgroup_column")
    labels = (
        _column(df, sg_col, "subgroup", numeric=False)
        if sg_col
        else [str(i + 1) for i in range(counts.size)]
    )
    t_col = options.get("time_column")
    times = [str(t) for t in df[t_col].tolist()] if t_col and t_col in df.columns else None
    return run_attribute_counts(counts, sizes, labels, times, options)


def _characteristic_counts(
    c: Characteristic, options: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray | None, list[str], list[str]]:
    """Counts and sample sizes stored on an attribute characteristic (optionally the last ``last``)."""
    last = int(options.get("last") or 0) or None
    rows = measurements_for(characteristic=c, last=last or MAX_STUDY_POINTS, sizes=True)
    if not rows:
        raise DiagnosisError(
            _("this characteristic has no measurements yet"), field="characteristic"
        )
    counts = np.asarray([r[1] for r in rows], dtype=float)
    raw = [r[3] for r in rows]
    sizes = (
        None
        if all(z is None for z in raw)
        else np.asarray([np.nan if z is None else z for z in raw], dtype=float)
    )
    labels = [r[2] or str(i + 1) for i, r in enumerate(rows)]
    return counts, sizes, labels, [_local(r[0]) for r in rows]


def attribute_limits(
    chart: Any, chart_type: str, counts: np.ndarray, sizes: np.ndarray | None
) -> dict[str, Any]:
    """Phase I limits of an attribute chart as ``Characteristic.frozen_limits`` keeps them: the
    rate per unit (p̄, ū, c̄) as ``center`` — each new count's limits follow from it and its
    sample size — and, for display, the limits at the median sample size ``n``."""
    from qualitas.diagnosis.monitoring import attribute_points

    use = np.setdiff1d(np.arange(counts.size), np.asarray(chart.excluded, dtype=int))
    if chart_type == StudyChart.C or sizes is None:
        rate, n = float(np.mean(counts[use])), 1.0
    else:
        rate, n = float(np.sum(counts[use]) / np.sum(sizes[use])), float(np.median(sizes))
    _pts, centre, se, lcl, ucl = attribute_points(chart_type, rate, np.zeros(1), np.asarray([n]))
    unit_sd = float(np.sqrt(rate * (1 - rate)) if chart_type in ("p", "np") else np.sqrt(rate))
    return {
        "chart": chart_type,
        "center": rate,
        "lcl": float(lcl[0]),
        "ucl": float(ucl[0]),
        "sigma": unit_sd,
        "se": float(se[0]),
        "n": n,
        "center_at_n": float(centre[0]),
    }


def run_attribute_counts(
    counts: np.ndarray,
    sizes: np.ndarray | None,
    labels: list[str],
    times: list[str] | None,
    options: dict[str, Any],
) -> dict[str, Any]:
    """The p, np, c or u chart of counts (chosen, or proposed: c without sample sizes, u when a
    count exceeds its sample, else p)."""
    from qualitas.analytics.spc import c_chart, np_chart, p_chart, u_chart
    from qualitas.charts.spc import control_chart_figures

    chart_type = _chart_type(options, proposed_attribute_chart(counts, sizes))
    if chart_type not in ATTRIBUTE_CHARTS:
        raise DiagnosisError(
            _("the %(chart)s chart needs measurements: choose the value column"),
            field="chart_type",
            chart=StudyChart(chart_type).label,
        )
    rules = options.get("rules") or "nelson"
    flagged = bool(options.get("exclude_flagged"))
    if chart_type == StudyChart.C:
        chart = c_chart(counts, rules=rules, exclude_flagged=flagged)
    else:
        if sizes is None:
            raise DiagnosisError(
                _("the %(chart)s chart needs the sample size column"),
                field="size_column",
                chart=StudyChart(chart_type).label,
            )
        fn = {"p": p_chart, "np": np_chart, "u": u_chart}[chart_type]
        chart = fn(counts, sizes, rules=rules, exclude_flagged=flagged)
    charts = (chart,)
    return {
        "chart_type": chart_type,
        "charts": [c.as_dict() for c in charts],
        "limits": attribute_limits(chart, chart_type, counts, sizes),
        "violations": _violations_table(charts, labels, times),
        "n_points": int(chart.points.size),
        "n_values": int(counts.size),
        "phase": chart.phase,
        "figures": control_chart_figures(charts, labels=labels, times=times),
    }


def _attribute_study(dataset: DataSet | None, options: dict[str, Any]) -> bool:
    """Counts rather than measurements: an attribute chart chosen, or a count column without a
    value column."""
    chosen = options.get("chart_type")
    if chosen:
        return chosen in ATTRIBUTE_CHARTS
    return (
        dataset is not None
        and bool(options.get("count_column"))
        and not options.get("value_column")
    )


def run_capability(s: Series, options: dict[str, Any]) -> dict[str, Any]:
    from qualitas.analytics.capability_nonnormal import Method, capability_by_method
    from qualitas.charts.capability import capability_histogram
    from qualitas.charts.spc import control_chart_figures

    # capability_by_method refuses a method it does not know (AnalyticsError)
    method = cast("Method", options.get("method") or "normal")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", StatisticalWarning)
        result = capability_by_method(
            s.values,
            method=method,
            lsl=_f(options.get("lsl")),
            usl=_f(options.get("usl")),
            target=_f(options.get("target")),
            subgroups=s.subgroups,
            confidence=float(options.get("confidence") or 0.95),
            rng=20260101,
        )
    chart_type = _chart_type(options, proposed_chart(s))
    charts, labels, times = _control(s, chart_type, options.get("rules") or "nelson", options)
    return {
        "capability": result.to_dict(),
        "warnings": sorted(
            {str(w.message) for w in caught if issubclass(w.category, StatisticalWarning)}
        ),
        "stability": {
            "charts": [c.as_dict() for c in charts],
            "violations": _violations_table(charts, labels, times),
        },
        "n_values": int(s.values.size),
        "figures": [
            capability_histogram(result, s.values),
            *control_chart_figures(charts, labels=labels, times=times),
        ],
    }


def run_gage_rr(df: Any, options: dict[str, Any]) -> dict[str, Any]:
    from qualitas.analytics.msa import gage_rr
    from qualitas.charts.msa import gage_rr_figures

    values = _column(df, options.get("value_column"), "value")
    parts = _column(df, options.get("part_column"), "part", numeric=False)
    operators = _column(df, options.get("operator_column"), "operator", numeric=False)
    res = gage_rr(
        values,
        parts,
        operators,
        lsl=_f(options.get("lsl")),
        usl=_f(options.get("usl")),
        tolerance=_f(options.get("tolerance")),
    )
    return {"gage_rr": res.to_dict(), "figures": gage_rr_figures(res)}


def run_weibull(df: Any, options: dict[str, Any]) -> dict[str, Any]:
    from qualitas.analytics.reliability import plotting_positions, weibull_fit
    from qualitas.charts.reliability import weibull_probability_plot

    t = _column(df, options.get("time_column"), "time")
    c = None
    if options.get("censored_column"):
        raw = _column(df, options.get("censored_column"), "censored", numeric=False)
        c = np.asarray(
            [
                str(x).strip().lower() in ("1", "1.0", "true", "yes", "y", "c", "censored", "是")
                for x in raw
            ]
        )
    fit = weibull_fit(t, censored=c, method=options.get("method") or "mle")
    xs, fs = plotting_positions(t, censored=c)
    return {
        "weibull": fit.to_dict(at=_f(options.get("at"))),
        "figures": [weibull_probability_plot(fit, failure_times=xs, plotting_positions=fs)],
    }


def run_growth(df: Any, options: dict[str, Any]) -> dict[str, Any]:
    from qualitas.analytics.reliability import crow_amsaa_fit, duane_fit
    from qualitas.charts.reliability import growth_mtbf_plot, growth_plot

    t = _column(df, options.get("time_column"), "time")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        crow = crow_amsaa_fit(
            t, end_time=_f(options.get("end_time")), target_mtbf=_f(options.get("target_mtbf"))
        )
        duane = duane_fit(t, end_time=crow.end_time, target_mtbf=_f(options.get("target_mtbf")))
    return {
        "growth": crow.to_dict(duane=duane),
        "figures": [growth_plot(crow), growth_mtbf_plot(crow, duane)],
    }


def run_pareto(categories: list[str], counts: Any, options: dict[str, Any]) -> dict[str, Any]:
    from qualitas.analytics.pareto import pareto
    from qualitas.charts.capability import pareto_chart

    res = pareto(categories, counts=counts, cutoff=float(options.get("cutoff") or 0.8))
    return {"pareto": res.to_dict(), "figures": [pareto_chart(res)]}


def run_sampling(options: dict[str, Any]) -> dict[str, Any]:
    from qualitas.analytics.sampling import oc_curve, single_sampling_plan
    from qualitas.charts.sampling import oc_curve_figure

    try:
        lot_size, aql = int(options.get("lot_size") or 0), float(options.get("aql") or 0)
    except (TypeError, ValueError):
        raise DiagnosisError(_("lot size and AQL must be numbers"), field="lot_size") from None
    plan = single_sampling_plan(
        lot_size=lot_size,
        aql=aql,
        level=options.get("level") or "II",
        inspection=options.get("inspection") or "normal",
        standard=options.get("standard") or "gb2828",
    )
    oc = (
        None
        if plan.hundred_percent
        else oc_curve(sample_size=plan.sample_size, accept=plan.accept, reject=plan.reject, aql=aql)
    )
    return {
        "sampling": plan.to_dict(oc=oc),
        "figures": [] if oc is None else [oc_curve_figure(oc, aql=aql)],
    }


def _spec_defaults(c: Characteristic | None, options: dict[str, Any]) -> dict[str, Any]:
    if c is None:
        return options
    out = dict(options)
    for key in ("lsl", "usl", "target"):
        if out.get(key) in (None, "") and getattr(c, key) is not None:
            out[key] = float(getattr(c, key))
    out.setdefault("chart_type", c.chart_type)
    out.setdefault("rules", c.rule_set)
    return out


def study_run(
    *,
    actor: Actor,
    kind: str,
    enterprise_id: int,
    characteristic: Characteristic | None = None,
    dataset: DataSet | None = None,
    options: dict[str, Any] | None = None,
    title: str = "",
) -> Study:
    """Run one analysis and save it with its inputs, options and results (audited)."""
    if not may_write_quality_data(actor, enterprise_id):
        raise Forbidden(_("you may not run studies for this enterprise"))
    if kind not in StudyKind.values:
        raise DiagnosisError(_("unknown study kind %(kind)s"), field="kind", kind=repr(kind))
    for obj in (characteristic, dataset):
        if obj is not None and obj.enterprise_id != enterprise_id:
            raise DiagnosisError(_("the source belongs to another enterprise"), field="source")
    opts = _spec_defaults(characteristic, dict(options or {}))
    inputs: dict[str, Any] = {
        "characteristic": characteristic.pk if characteristic else None,
        "dataset": dataset.pk if dataset else None,
    }
    try:
        if characteristic is not None and characteristic.is_attribute:
            if kind != StudyKind.CONTROL_CHART:
                raise DiagnosisError(
                    _(
                        "this characteristic counts nonconforming units or nonconformities: "
                        "study it on a control chart (p, np, c, u)"
                    ),
                    field="kind",
                )
            results = run_attribute_counts(
                *_characteristic_counts(characteristic, opts), options=opts
            )
            opts["chart_type"] = results["chart_type"]
        elif kind == StudyKind.CONTROL_CHART and _attribute_study(dataset, opts):
            if dataset is None:
                raise DiagnosisError(
                    _("attribute charts (p, np, c, u) need a data set with a count column"),
                    field="dataset",
                )
            results = run_attribute_chart(dataset, opts)
            opts["chart_type"] = results["chart_type"]
        elif kind == StudyKind.CONTROL_CHART:
            s = _series(characteristic, dataset, opts)
            results = run_control_chart(s, opts)
            opts["chart_type"] = results["chart_type"]
        elif kind == StudyKind.CAPABILITY:
            s = _series(characteristic, dataset, opts)
            results = run_capability(s, opts)
        elif kind == StudyKind.SAMPLING:
            results = run_sampling(opts)
        elif kind == StudyKind.PARETO and opts.get("source") == "alerts":
            from qualitas.diagnosis.models import Alert

            causes = list(
                Alert.objects.filter(
                    characteristic__enterprise_id=enterprise_id, cause__isnull=False
                ).values_list("cause__name_zh", flat=True)
            )
            if not causes:
                raise DiagnosisError(_("no acknowledged alerts with a cause yet"), field="source")
            results = run_pareto(causes, None, opts)
            inputs["alerts"] = len(causes)
        else:
            if dataset is None:
                raise DiagnosisError(_("this study needs a data set"), field="dataset")
            df = _frame(dataset)
            if kind == StudyKind.GAGE_RR:
                results = run_gage_rr(df, opts)
            elif kind == StudyKind.WEIBULL:
                results = run_weibull(df, opts)
            elif kind == StudyKind.GROWTH:
                results = run_growth(df, opts)
            else:
                cats = _column(df, opts.get("category_column"), "category", numeric=False)
                counts = (
                    _column(df, opts.get("count_column"), "count")
                    if opts.get("count_column")
                    else None
                )
                results = run_pareto(cats, counts, opts)
    except AnalyticsError as exc:
        raise DiagnosisError(str(exc), field="options") from None
    if kind in (StudyKind.CONTROL_CHART, StudyKind.CAPABILITY):
        inputs["n_values"] = results.get("n_values")
    label = (
        title
        or f"{StudyKind(kind).label} · {characteristic.name if characteristic else (dataset.name if dataset else '')}".strip(
            " ·"
        )
    )
    with transaction.atomic():
        study = Study.objects.create(
            enterprise_id=enterprise_id,
            kind=kind,
            title=str(label)[:200],
            characteristic=characteristic,
            dataset=dataset,
            inputs=jsonable(inputs),
            options=jsonable(opts),
            results=jsonable(results),
            created_by=actor.user,
        )
        audit_append(
            actor=actor.user,
            action="create",
            model="diagnosis.study",
            object_pk=study.pk,
            changes={"kind": kind, "inputs": jsonable(inputs), "options": jsonable(opts)},
        )
    return study
