"""``qualitas analyze gage-rr | gage-type1 | attribute-agreement`` — measurement system analysis."""

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


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def register(analyze_app: typer.Typer) -> None:
    """Add the MSA commands to ``qualitas analyze``."""

    @analyze_app.command("gage-rr", help=gettext_noop("Crossed Gage R&R by ANOVA."))
    def gage_rr_cmd(
        file: Path = typer.Argument(
            ..., help=gettext_noop("CSV or XLSX file, one measurement per row.")
        ),
        part: str = typer.Option(..., "--part", help=gettext_noop("Part column.")),
        operator: str = typer.Option(..., "--operator", help=gettext_noop("Operator column.")),
        value: str = typer.Option(..., "--value", help=gettext_noop("Measurement column.")),
        lsl: float | None = typer.Option(
            None, "--lsl", help=gettext_noop("Lower specification limit.")
        ),
        usl: float | None = typer.Option(
            None, "--usl", help=gettext_noop("Upper specification limit.")
        ),
        tolerance: float | None = typer.Option(
            None, "--tolerance", help=gettext_noop("Tolerance USL − LSL.")
        ),
        alpha: float = typer.Option(
            0.05,
            "--alpha",
            help=gettext_noop("Remove the interaction when its p > alpha."),
        ),
        study_var: float = typer.Option(
            6.0,
            "--study-var",
            help=gettext_noop("σ multiplier of the study variation (6 or 5.15)."),
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Crossed Gage R&R by ANOVA."""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.msa import gage_rr

        df = read_table(file)
        parts = require_column(df, part, "--part")
        ops = require_column(df, operator, "--operator")
        y = numeric_column(df, value, "--value")
        missing = y.isna().to_numpy()
        if missing.any():
            empty_row_failure(missing, value)
        try:
            with warnings.catch_warnings(record=True):
                res = gage_rr(
                    y.to_numpy(), parts.to_numpy(), ops.to_numpy(), alpha=alpha,
                    tolerance=tolerance, lsl=lsl, usl=usl, study_var_multiplier=study_var,
                )  # fmt: skip
        except AnalyticsError as exc:
            fail(str(exc))
        payload = res.to_dict()
        if html is not None:
            from qualitas.charts.msa import gage_rr_figures
            from qualitas.cli.report import write_html_report

            summary = {k: payload[k] for k in ("verdict", "ndc", "interaction_removed")}
            summary |= {"pct_contribution": payload["pct_contribution"],
                        "pct_study_var": payload["pct_study_var"],
                        "pct_tolerance": payload["pct_tolerance"]}  # fmt: skip
            write_html_report(
                html, title=_("Gage R&R"), figures=gage_rr_figures(res), summary=summary
            )
        if as_json:
            emit_json(payload)
            return
        table = Table(title=_("Gage R&R (ANOVA)"))
        for col in (
            _("source"),
            _("variance"),
            _("% contribution"),
            _("6σ study var"),
            _("% study var"),
            _("% tolerance"),
        ):
            table.add_column(col)
        pt = payload["pct_tolerance"] or {}
        for key in ("gage_rr", "repeatability", "reproducibility", "part_to_part", "total"):
            table.add_row(
                key, _fmt(payload["variance_components"][key]), _fmt(payload["pct_contribution"][key]),
                _fmt(payload["study_var"][key]), _fmt(payload["pct_study_var"][key]), _fmt(pt.get(key)),
            )  # fmt: skip
        console.print(table)
        flag = " (< 5)" if res.ndc_flag else ""
        console.print(
            _(
                "ndc = %(ndc)s; interaction removed: %(removed)s (p = %(p)s); "
                "verdict: %(verdict)s (%(basis)s)"
            )
            % {
                "ndc": f"{_fmt(res.ndc)}{flag}",
                "removed": res.interaction_removed,
                "p": f"{res.interaction_p:.4g}",
                "verdict": res.verdict,
                "basis": res.verdict_basis,
            }
        )

    @analyze_app.command(
        "gage-type1", help=gettext_noop("Type-1 gage study: Cg, Cgk and the bias t-test.")
    )
    def gage_type1_cmd(
        file: Path = typer.Argument(..., help=gettext_noop("CSV or XLSX file.")),
        value: str = typer.Option(..., "--value", help=gettext_noop("Measurement column.")),
        reference: float = typer.Option(
            ..., "--reference", help=gettext_noop("Reference value of the master.")
        ),
        tolerance: float | None = typer.Option(
            None, "--tolerance", help=gettext_noop("Tolerance USL − LSL.")
        ),
        lsl: float | None = typer.Option(
            None, "--lsl", help=gettext_noop("Lower specification limit.")
        ),
        usl: float | None = typer.Option(
            None, "--usl", help=gettext_noop("Upper specification limit.")
        ),
        k_percent: float = typer.Option(
            20.0, "--k-percent", help=gettext_noop("K, % of tolerance (20).")
        ),
        sigma: float = typer.Option(
            6.0, "--sigma-multiplier", help=gettext_noop("L, σ multiplier (6 or 4).")
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Type-1 gage study: Cg, Cgk and the bias t-test."""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.msa import gage_type1

        df = read_table(file)
        y = numeric_column(df, value, "--value").dropna()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                res = gage_type1(
                    y.to_numpy(), reference=reference, tolerance=tolerance, lsl=lsl, usl=usl,
                    k_percent=k_percent, sigma_multiplier=sigma,
                )  # fmt: skip
        except AnalyticsError as exc:
            fail(str(exc))
        payload: dict[str, Any] = {
            "n": res.n, "mean": res.mean, "std_dev": res.std_dev, "reference": res.reference,
            "tolerance": res.tolerance, "bias": res.bias, "cg": res.cg, "cgk": res.cgk,
            "k_percent": res.k_percent, "sigma_multiplier": res.sigma_multiplier,
            "pct_var_repeatability": res.pct_var_repeatability,
            "pct_var_repeatability_and_bias": res.pct_var_repeatability_and_bias,
            "t": res.t, "p": res.p, "bias_ci": list(res.bias_ci), "capable": res.capable,
            "warnings": [str(w.message) for w in caught],
        }  # fmt: skip
        if html is not None:
            from qualitas.charts.msa import type1_run
            from qualitas.cli.report import write_html_report

            fig = type1_run(
                y.to_numpy(), reference=res.reference, tolerance=res.tolerance, k_percent=k_percent
            )
            write_html_report(html, title=_("Type-1 gage study"), figures=[fig], summary=payload)
        if as_json:
            emit_json(payload)
            return
        table = Table(title=_("Type-1 gage study"))
        table.add_column(_("statistic"))
        table.add_column(_("value"))
        for k, v in payload.items():
            if k != "warnings":
                table.add_row(k, _fmt(v))
        console.print(table)
        for message in payload["warnings"]:
            label = _("warning:")
            console.print(f"[yellow]{escape(label)}[/] {escape(message)}")

    @analyze_app.command(
        "attribute-agreement",
        help=gettext_noop(
            "Attribute agreement: within, between, vs standard; Cohen's and Fleiss' kappa."
        ),
    )
    def attribute_cmd(
        file: Path = typer.Argument(
            ..., help=gettext_noop("CSV or XLSX file, one rating per row.")
        ),
        part: str = typer.Option(..., "--part", help=gettext_noop("Part column.")),
        appraiser: str = typer.Option(..., "--appraiser", help=gettext_noop("Appraiser column.")),
        value: str = typer.Option(..., "--value", help=gettext_noop("Rating column.")),
        trial: str | None = typer.Option(
            None, "--trial", help=gettext_noop("Trial column (default: row order).")
        ),
        standard: str | None = typer.Option(
            None, "--standard", help=gettext_noop("Standard (known) rating column.")
        ),
        ci: str = typer.Option(
            "exact", "--ci", help=gettext_noop("exact (Clopper-Pearson) or wilson.")
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Attribute agreement: within, between, vs standard; Cohen's and Fleiss' kappa."""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.msa import attribute_agreement

        df = read_table(file)
        cols = {
            "ratings": require_column(df, value, "--value"),
            "parts": require_column(df, part, "--part"),
            "appraisers": require_column(df, appraiser, "--appraiser"),
        }
        if trial is not None:
            cols["trials"] = require_column(df, trial, "--trial")
        if standard is not None:
            cols["standard"] = require_column(df, standard, "--standard")
        if ci not in ("exact", "wilson"):
            fail(_("--ci must be 'exact' or 'wilson', got %(value)r") % {"value": ci})
        for series in cols.values():
            empty = series.isna().to_numpy()
            if empty.any():
                empty_row_failure(empty, series.name)
        try:
            res = attribute_agreement(
                **{k: v.to_numpy() for k, v in cols.items()},
                ci_method=ci,  # type: ignore[arg-type]
            )
        except AnalyticsError as exc:
            fail(str(exc))

        def many(items: Any) -> Any:
            return None if items is None else [a.to_dict() for a in items]

        payload: dict[str, Any] = {
            "categories": list(res.categories),
            "parts": len(res.parts),
            "appraisers": [str(a) for a in res.appraisers],
            "trials": res.trials,
            "ci_method": res.ci_method,
            "confidence": res.confidence,
            "within": many(res.within),
            "vs_standard": many(res.vs_standard),
            "between": None if res.between is None else res.between.to_dict(),
            "all_vs_standard": None
            if res.all_vs_standard is None
            else res.all_vs_standard.to_dict(),
        }
        if html is not None:
            from qualitas.charts.msa import agreement_chart
            from qualitas.cli.report import write_html_report

            write_html_report(
                html,
                title=_("Attribute agreement"),
                figures=[agreement_chart(res)],
                summary=payload,
            )
        if as_json:
            emit_json(payload)
            return
        table = Table(title=_("Attribute agreement"))
        for col in (
            _("comparison"),
            _("appraiser"),
            _("matched / inspected"),
            _("percent"),
            _("95 % CI"),
            "Fleiss κ",
            "Cohen κ",
        ):
            table.add_column(col)
        groups = [(_("within"), res.within), (_("vs standard"), res.vs_standard),
                  (_("between"), None if res.between is None else [res.between]),
                  (_("all vs standard"), None if res.all_vs_standard is None else [res.all_vs_standard])]  # fmt: skip
        for label, items in groups:
            for a in items or []:
                table.add_row(
                    label, a.label, f"{a.matched} / {a.inspected}", f"{a.percent:.2f}",
                    f"{a.ci[0]:.2f} – {a.ci[1]:.2f}", _fmt(a.fleiss_kappa), _fmt(a.cohen_kappa),
                )  # fmt: skip
        console.print(table)
