"""``qualitas analyze weibull | growth`` — life-data fits and reliability growth."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from qualitas.cli.common import (
    console,
    emit_json,
    empty_row_failure,
    fail,
    numeric_column,
    read_table,
    require_column,
)
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop

# Spellings accepted in a --censored column (case-insensitive): 1 = censored.
_TRUE = {"1", "1.0", "true", "t", "yes", "y", "c", "censored", "s", "suspended"}
_FALSE = {"0", "0.0", "false", "f", "no", "n", "failure", "failed"}


def _times(df: Any, column: str) -> Any:
    """The --value column as floats; empty or negative entries fail naming the file row."""
    y = numeric_column(df, column, "--value")
    missing = y.isna().to_numpy()
    if missing.any():
        empty_row_failure(missing, column)
    negative = (y < 0).to_numpy()
    if negative.any():
        row = int(negative.nonzero()[0][0])
        fail(
            _("row %(row)s: column %(column)r has negative time %(value)s")
            % {"row": row + 2, "column": column, "value": f"{y.iloc[row]:g}"}
        )
    return y.to_numpy(dtype=float)


def _intervals(df: Any, lower: str, upper: str) -> tuple[Any, Any]:
    """--lower/--upper as floats (empty upper = inf), checked row by row with file rows."""
    import numpy as np

    lo = numeric_column(df, lower, "--lower")
    hi = numeric_column(df, upper, "--upper").to_numpy(dtype=float)
    missing = lo.isna().to_numpy()
    if missing.any():
        empty_row_failure(missing, lower)
    lo = lo.to_numpy(dtype=float)
    hi = np.where(np.isnan(hi), np.inf, hi)  # an empty upper: still working (right-censored)
    checks = [
        (lo < 0, gettext_noop("column %(lc)r has negative time %(lo)s")),
        (
            np.isinf(lo),
            gettext_noop("column %(lc)r is infinite; leave %(uc)r empty for a censored unit"),
        ),
        (
            hi <= 0,
            gettext_noop("column %(uc)r is %(hi)s; it must be > 0 (lower = upper for a failure)"),
        ),
        (hi < lo, gettext_noop("upper %(hi)s is below lower %(lo)s")),
        (
            (lo == 0) & np.isinf(hi),
            gettext_noop("the interval (0, inf) says nothing about the unit"),
        ),
    ]
    for bad, message in checks:
        if bad.any():
            i = int(bad.nonzero()[0][0])
            values = {"lc": lower, "uc": upper, "lo": f"{lo[i]:g}", "hi": f"{hi[i]:g}"}
            fail(_("row %(row)s: %(message)s") % {"row": i + 2, "message": _(message) % values})
    return lo, hi


def _censored(df: Any, column: str) -> Any:
    """A 0/1 or true/false column (1 = censored) as booleans, or fail naming the row."""
    import numpy as np

    series = require_column(df, column, "--censored")
    out = np.zeros(len(series), dtype=bool)
    for i, v in enumerate(series.tolist()):
        key = str(v).strip().lower()
        if key in _TRUE:
            out[i] = True
        elif key not in _FALSE:
            fail(
                _(
                    "row %(row)s: column %(column)r has %(value)r; use 1/0 or true/false (1 = censored)"
                )
                % {"row": i + 2, "column": column, "value": v}
            )
    return out


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.6g}"
    if isinstance(v, list):
        return "[" + ", ".join(_fmt(x) for x in v) + "]"
    return str(v)


def register(analyze_app: typer.Typer) -> None:
    """Add the reliability commands to ``qualitas analyze``."""

    @analyze_app.command("weibull", help=gettext_noop("Weibull 2P or 3P fit with right censoring."))
    def weibull_cmd(
        file: Path = typer.Argument(..., help=gettext_noop("CSV or XLSX file, one unit per row.")),
        value: str | None = typer.Option(
            None, "--value", help=gettext_noop("Time to failure or censoring column.")
        ),
        lower: str | None = typer.Option(
            None,
            "--lower",
            help=gettext_noop("Interval data: lower end column (0 = left-censored); with --upper."),
        ),
        upper: str | None = typer.Option(
            None,
            "--upper",
            help=gettext_noop(
                "Interval data: upper end column (= lower for a failure, empty or inf = right-censored)."
            ),
        ),
        censored: str | None = typer.Option(
            None,
            "--censored",
            help=gettext_noop("0/1 or true/false column, 1 = right-censored."),
        ),
        method: str = typer.Option(
            "mle",
            "--method",
            help=gettext_noop("mle, rrx or rry (rank regression on X / Y)."),
        ),
        model: str = typer.Option(
            "2p",
            "--model",
            help=gettext_noop("2p, or 3p to fit a location (failure-free time) by MLE."),
        ),
        ci: float = typer.Option(
            0.95, "--ci", help=gettext_noop("Confidence level of the bounds.")
        ),
        at: float | None = typer.Option(
            None, "--at", help=gettext_noop("Report the reliability at this time.")
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Weibull 2P or 3P fit with right censoring."""
        import numpy as np

        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.reliability import (
            plotting_positions,
            weibull_fit,
            weibull_fit_interval,
        )

        if method.lower() not in ("mle", "rrx", "rry"):
            fail(_("--method must be mle, rrx or rry, got %(value)r") % {"value": method})
        if model.lower() not in ("2p", "3p"):
            fail(_("--model must be 2p or 3p, got %(value)r") % {"value": model})
        if model.lower() == "3p" and method.lower() != "mle":
            fail(
                _(
                    "--model 3p is fitted by maximum likelihood only; use --method mle, not %(value)r"
                )
                % {"value": method}
            )
        interval = lower is not None or upper is not None
        if interval:
            if lower is None or upper is None:
                fail(_("--lower and --upper go together (interval data)"))
            if value is not None or censored is not None:
                fail(_("give either --value [--censored] or --lower/--upper, not both"))
            if method.lower() != "mle" or model.lower() != "2p":
                fail(_("interval data are fitted by --method mle --model 2p only"))
        elif value is None:
            fail(_("--value is required (or --lower and --upper for interval data)"))
        if at is not None and at <= 0:
            fail(_("--at must be a time > 0, got %(value)s") % {"value": f"{at:g}"})
        df = read_table(file)
        if interval:
            lo, hi = _intervals(df, str(lower), str(upper))
            # plot stand-ins: exact as is, interval midpoints, left at upper/2, right at lower
            right = np.isinf(hi)
            t = np.where(right | (lo == hi), lo, np.where(lo == 0, hi / 2, (lo + hi) / 2))
            c = right
        else:
            t = _times(df, str(value))
            c = _censored(df, censored) if censored is not None else None
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                if interval:
                    fit = weibull_fit_interval(lo, hi, ci=ci)
                else:
                    fit = weibull_fit(t, censored=c, method=method, model=model, ci=ci)
            payload = fit.to_dict(at=at)
        except AnalyticsError as exc:
            fail(str(exc))
        payload["warnings"] = list(dict.fromkeys(str(w.message) for w in caught))
        if html is not None:
            from qualitas.charts.reliability import weibull_probability_plot
            from qualitas.cli.report import write_html_report

            xs, fs = plotting_positions(t, censored=c)
            label = "failures (median ranks" + ("; interval midpoints)" if interval else ")")
            figure = weibull_probability_plot(
                fit, failure_times=xs, plotting_positions=fs, points_label=label
            )
            keys = ("model", "method", "shape", "scale", "location", "ci", "b10", "mttf")
            summary = {k: payload[k] for k in keys}
            write_html_report(html, title=_("Weibull analysis"), figures=[figure], summary=summary)
        if as_json:
            emit_json(payload)
            return
        level = f"{fit.ci_level:.0%}"
        counts = _("%(failures)s failures, %(censored)s censored") % {
            "failures": fit.n_failures,
            "censored": fit.n_censored,
        }
        if interval:
            counts = _(
                "%(exact)s exact, %(interval)s interval, %(left)s left- and %(right)s "
                "right-censored"
            ) % {
                "exact": fit.n_failures,
                "interval": fit.n_interval_censored,
                "left": fit.n_left_censored,
                "right": fit.n_censored,
            }
        table = Table(title=f"Weibull {fit.model} ({fit.method}), {counts}")
        for col in (
            _("parameter"),
            _("estimate"),
            _("lower %(level)s") % {"level": level},
            _("upper %(level)s") % {"level": level},
        ):
            table.add_column(col)
        table.add_row(_("shape β"), _fmt(fit.shape), _fmt(fit.shape_ci[0]), _fmt(fit.shape_ci[1]))
        table.add_row(_("scale α"), _fmt(fit.scale), _fmt(fit.scale_ci[0]), _fmt(fit.scale_ci[1]))
        if fit.model == "3P":
            table.add_row(_("location γ"), _fmt(fit.location),
                          *(_fmt(v) for v in payload["ci"]["location"]))  # fmt: skip
        table.add_row("B10", _fmt(fit.b10), *(_fmt(v) for v in payload["b10_ci"]))
        table.add_row("B1", _fmt(fit.b1), "", "")
        table.add_row("MTTF", _fmt(fit.mttf), "", "")
        if payload["reliability_at"] is not None:
            r = payload["reliability_at"]
            table.add_row(f"R({_fmt(r['t'])})", _fmt(r["reliability"]), *(_fmt(v) for v in r["ci"]))
        console.print(table)
        console.print(
            _("log-likelihood %(loglik)s; AICc %(aicc)s; BIC %(bic)s")
            % {"loglik": _fmt(fit.loglik), "aicc": _fmt(fit.aicc), "bic": _fmt(fit.bic)}
        )
        for note in payload["warnings"]:
            label = _("warning:")
            console.print(f"[yellow]{escape(label)}[/yellow] {escape(note)}")

    @analyze_app.command(
        "growth", help=gettext_noop("Reliability growth: Crow-AMSAA (MLE) and Duane.")
    )
    def growth_cmd(
        file: Path = typer.Argument(
            ..., help=gettext_noop("CSV or XLSX file, one failure per row.")
        ),
        value: str = typer.Option(
            ...,
            "--value",
            help=gettext_noop("Cumulative test time at each failure."),
        ),
        end_time: float | None = typer.Option(
            None,
            "--end-time",
            help=gettext_noop("End of a time-terminated test."),
        ),
        terminated: str | None = typer.Option(
            None,
            "--terminated",
            help=gettext_noop("failure or time (default: time with --end-time, else failure)."),
        ),
        unbiased: bool = typer.Option(
            False, "--unbiased", help=gettext_noop("Bias-corrected β (MIL-HDBK-189).")
        ),
        target_mtbf: float | None = typer.Option(
            None, "--target-mtbf", help=gettext_noop("Cumulative MTBF target.")
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Reliability growth: Crow-AMSAA (MLE) and Duane."""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.reliability import crow_amsaa_fit, duane_fit

        if terminated is not None and terminated not in ("failure", "time"):
            fail(_("--terminated must be failure or time, got %(value)r") % {"value": terminated})
        df = read_table(file)
        t = _times(df, value)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                crow = crow_amsaa_fit(
                    t, end_time=end_time, terminated=terminated, unbiased=unbiased,
                    target_mtbf=target_mtbf,
                )  # fmt: skip
                duane = duane_fit(t, end_time=crow.end_time, target_mtbf=target_mtbf)
        except AnalyticsError as exc:
            fail(str(exc))
        payload = crow.to_dict(duane=duane)
        if html is not None:
            from qualitas.charts.reliability import growth_mtbf_plot, growth_plot
            from qualitas.cli.report import write_html_report

            summary = {
                k: payload[k] for k in ("beta", "lambda", "mtbf_instantaneous", "mtbf_cumulative")
            }
            summary["duane_alpha"] = duane.alpha
            write_html_report(
                html, title=_("Reliability growth"),
                figures=[growth_plot(crow), growth_mtbf_plot(crow, duane)], summary=summary,
            )  # fmt: skip
        if as_json:
            emit_json(payload)
            return
        table = Table(
            title=_("Reliability growth: %(failures)s failures, T = %(end)s (%(terminated)s)")
            % {
                "failures": crow.n_failures,
                "end": f"{crow.end_time:g}",
                "terminated": _("failure-terminated")
                if crow.terminated == "failure"
                else _("time-terminated"),
            }
        )
        table.add_column(_("quantity"))
        table.add_column("Crow-AMSAA")
        table.add_column("Duane")
        table.add_row(_("shape, slope"), f"β = {_fmt(crow.beta)}", f"α = {_fmt(duane.alpha)}")
        table.add_row(_("scale"), f"λ = {_fmt(crow.lambda_)}", f"A = {_fmt(duane.a)}")
        table.add_row(
            _("instantaneous MTBF"), _fmt(crow.mtbf_instantaneous), _fmt(duane.mtbf_instantaneous)
        )
        table.add_row(_("cumulative MTBF"), _fmt(crow.mtbf_cumulative), _fmt(duane.mtbf_cumulative))
        if target_mtbf is not None:
            table.add_row(
                _("time to target"), _fmt(crow.time_to_target), _fmt(duane.time_to_target)
            )
        console.print(table)
        if unbiased:
            console.print(_("β unbiased; MLE β = %(beta)s") % {"beta": _fmt(crow.beta_mle)})
