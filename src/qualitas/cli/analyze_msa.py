"""``qualitas analyze gage-rr | gage-type1 | attribute-agreement`` — measurement system analysis."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from qualitas.cli.common import console, emit_json, fail, numeric_column, read_table, require_column


def _anova_dict(table: Any) -> dict[str, Any]:
    return {**table.to_dict(), "r_squared": table.r_squared}


def gage_rr_payload(res: Any) -> dict[str, Any]:
    """The public JSON object of ``gage-rr``."""
    return {
        "variance_components": res.variance_components.to_dict(),
        "std_dev": res.std_dev.to_dict(),
        "study_var": res.study_var.to_dict(),
        "pct_contribution": res.pct_contribution.to_dict(),
        "pct_study_var": res.pct_study_var.to_dict(),
        "pct_tolerance": None if res.pct_tolerance is None else res.pct_tolerance.to_dict(),
        "ndc": res.ndc,
        "ndc_flag": res.ndc_flag,
        "verdict": res.verdict,
        "verdict_basis": res.verdict_basis,
        "interaction_removed": res.interaction_removed,
        "interaction_p": res.interaction_p,
        "alpha": res.alpha,
        "tolerance": res.tolerance,
        "study_var_multiplier": res.study_var_multiplier,
        "anova": _anova_dict(res.anova_full),
        "anova_reduced": None if res.anova_reduced is None else _anova_dict(res.anova_reduced),
        "parts": len(res.part_levels),
        "operators": len(res.operator_levels),
        "replicates": res.replicates,
    }


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def register(analyze_app: typer.Typer) -> None:
    """Add the MSA commands to ``qualitas analyze``."""

    @analyze_app.command("gage-rr")
    def gage_rr_cmd(
        file: Path = typer.Argument(
            ..., help="CSV or XLSX file, one measurement per row. / 数据文件，每行一个测量值。"
        ),
        part: str = typer.Option(..., "--part", help="Part column. / 零件列。"),
        operator: str = typer.Option(..., "--operator", help="Operator column. / 测量员列。"),
        value: str = typer.Option(..., "--value", help="Measurement column. / 测量值列。"),
        lsl: float | None = typer.Option(
            None, "--lsl", help="Lower specification limit. / 规格下限。"
        ),
        usl: float | None = typer.Option(
            None, "--usl", help="Upper specification limit. / 规格上限。"
        ),
        tolerance: float | None = typer.Option(
            None, "--tolerance", help="Tolerance USL − LSL. / 公差。"
        ),
        alpha: float = typer.Option(
            0.05,
            "--alpha",
            help="Remove the interaction when its p > alpha. / 交互作用 p 值大于 alpha 时剔除。",
        ),
        study_var: float = typer.Option(
            6.0,
            "--study-var",
            help="σ multiplier of the study variation (6 or 5.15). / 研究变异的 σ 倍数。",
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print one JSON object. / 输出一个 JSON 对象。"
        ),
        html: Path | None = typer.Option(
            None, "--html", help="Write an HTML report. / 生成 HTML 报告。"
        ),
    ) -> None:
        """Crossed Gage R&R by ANOVA. / 交叉型量具重复性与再现性（方差分析法）。"""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.msa import gage_rr

        df = read_table(file)
        parts = require_column(df, part, "--part")
        ops = require_column(df, operator, "--operator")
        y = numeric_column(df, value, "--value")
        missing = y.isna().to_numpy()
        if missing.any():
            fail(f"row {int(missing.nonzero()[0][0]) + 2}: column {value!r} is empty")
        try:
            with warnings.catch_warnings(record=True):
                res = gage_rr(
                    y.to_numpy(), parts.to_numpy(), ops.to_numpy(), alpha=alpha,
                    tolerance=tolerance, lsl=lsl, usl=usl, study_var_multiplier=study_var,
                )  # fmt: skip
        except AnalyticsError as exc:
            fail(str(exc))
        payload = gage_rr_payload(res)
        if html is not None:
            from qualitas.charts.msa import gage_rr_figures
            from qualitas.cli.report import write_html_report

            summary = {k: payload[k] for k in ("verdict", "ndc", "interaction_removed")}
            summary |= {"pct_contribution": payload["pct_contribution"],
                        "pct_study_var": payload["pct_study_var"],
                        "pct_tolerance": payload["pct_tolerance"]}  # fmt: skip
            write_html_report(html, title="Gage R&R", figures=gage_rr_figures(res), summary=summary)
        if as_json:
            emit_json(payload)
            return
        table = Table(title="Gage R&R (ANOVA)")
        for col in (
            "source",
            "variance",
            "% contribution",
            "6σ study var",
            "% study var",
            "% tolerance",
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
            f"ndc = {_fmt(res.ndc)}{flag}; interaction removed: {res.interaction_removed} "
            f"(p = {res.interaction_p:.4g}); verdict: {res.verdict} ({res.verdict_basis})"
        )

    @analyze_app.command("gage-type1")
    def gage_type1_cmd(
        file: Path = typer.Argument(..., help="CSV or XLSX file. / 数据文件。"),
        value: str = typer.Option(..., "--value", help="Measurement column. / 测量值列。"),
        reference: float = typer.Option(
            ..., "--reference", help="Reference value of the master. / 标准件参考值。"
        ),
        tolerance: float | None = typer.Option(
            None, "--tolerance", help="Tolerance USL − LSL. / 公差。"
        ),
        lsl: float | None = typer.Option(
            None, "--lsl", help="Lower specification limit. / 规格下限。"
        ),
        usl: float | None = typer.Option(
            None, "--usl", help="Upper specification limit. / 规格上限。"
        ),
        k_percent: float = typer.Option(
            20.0, "--k-percent", help="K, % of tolerance (20). / 公差百分比 K。"
        ),
        sigma: float = typer.Option(
            6.0, "--sigma-multiplier", help="L, σ multiplier (6 or 4). / σ 倍数 L。"
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print one JSON object. / 输出一个 JSON 对象。"
        ),
        html: Path | None = typer.Option(
            None, "--html", help="Write an HTML report. / 生成 HTML 报告。"
        ),
    ) -> None:
        """Type-1 gage study: Cg, Cgk and the bias t-test. / 一类量具研究：Cg、Cgk 与偏倚 t 检验。"""
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
            write_html_report(html, title="Type-1 gage study", figures=[fig], summary=payload)
        if as_json:
            emit_json(payload)
            return
        table = Table(title="Type-1 gage study")
        table.add_column("statistic")
        table.add_column("value")
        for k, v in payload.items():
            if k != "warnings":
                table.add_row(k, _fmt(v))
        console.print(table)
        for message in payload["warnings"]:
            console.print(f"[yellow]warning:[/] {message}")

    @analyze_app.command("attribute-agreement")
    def attribute_cmd(
        file: Path = typer.Argument(
            ..., help="CSV or XLSX file, one rating per row. / 数据文件，每行一个评定。"
        ),
        part: str = typer.Option(..., "--part", help="Part column. / 零件列。"),
        appraiser: str = typer.Option(..., "--appraiser", help="Appraiser column. / 评价人列。"),
        value: str = typer.Option(..., "--value", help="Rating column. / 评定结果列。"),
        trial: str | None = typer.Option(
            None, "--trial", help="Trial column (default: row order). / 试验次数列。"
        ),
        standard: str | None = typer.Option(
            None, "--standard", help="Standard (known) rating column. / 标准结果列。"
        ),
        ci: str = typer.Option(
            "exact", "--ci", help="exact (Clopper-Pearson) or wilson. / 置信区间方法。"
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print one JSON object. / 输出一个 JSON 对象。"
        ),
        html: Path | None = typer.Option(
            None, "--html", help="Write an HTML report. / 生成 HTML 报告。"
        ),
    ) -> None:
        """Attribute agreement: within, between, vs standard; Cohen's and Fleiss' kappa. / 计数型一致性分析。"""
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
            fail(f"--ci must be 'exact' or 'wilson', got {ci!r}")
        for series in cols.values():
            empty = series.isna().to_numpy()
            if empty.any():
                fail(f"row {int(empty.nonzero()[0][0]) + 2}: column {series.name!r} is empty")
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
                html, title="Attribute agreement", figures=[agreement_chart(res)], summary=payload
            )
        if as_json:
            emit_json(payload)
            return
        table = Table(title="Attribute agreement")
        for col in (
            "comparison",
            "appraiser",
            "matched / inspected",
            "percent",
            "95 % CI",
            "Fleiss κ",
            "Cohen κ",
        ):
            table.add_column(col)
        groups = [("within", res.within), ("vs standard", res.vs_standard),
                  ("between", None if res.between is None else [res.between]),
                  ("all vs standard", None if res.all_vs_standard is None else [res.all_vs_standard])]  # fmt: skip
        for label, items in groups:
            for a in items or []:
                table.add_row(
                    label, a.label, f"{a.matched} / {a.inspected}", f"{a.percent:.2f}",
                    f"{a.ci[0]:.2f} – {a.ci[1]:.2f}", _fmt(a.fleiss_kappa), _fmt(a.cohen_kappa),
                )  # fmt: skip
        console.print(table)
