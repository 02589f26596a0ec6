"""``qualitas analyze capability | pareto`` — process capability and Pareto analysis."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from qualitas.cli.common import console, emit_json, fail, numeric_column, read_table, require_column

METHODS = ("auto", "normal", "boxcox", "johnson", "percentile", "nonparametric")
SIGMAS = ("auto", "rbar", "sbar", "pooled", "mr")


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _capability_table(payload: dict[str, Any], notes: list[str]) -> None:
    table = Table(title=f"Process capability ({payload['method']}) / 过程能力")
    table.add_column("statistic / 统计量")
    table.add_column("value / 值", justify="right")
    table.add_column("CI / 置信区间", justify="right")
    for key in [
        "n",
        "mean",
        "sigma_within",
        "sigma_overall",
        "cp",
        "cpl",
        "cpu",
        "cpk",
        "cpm",
        "pp",
        "ppl",
        "ppu",
        "ppk",
        "ppm_expected_within",
        "ppm_expected_overall",
        "ppm_observed",
    ]:
        bounds = payload["ci"].get(key)
        ci = "" if bounds is None else f"[{_fmt(bounds[0])}, {_fmt(bounds[1])}]"
        table.add_row(key, _fmt(payload[key]), ci)
    normality = payload["normality"]
    if normality is not None:
        table.add_row("AD statistic", _fmt(normality["ad_statistic"]), "")
        table.add_row("AD p-value", _fmt(normality["p_value"]), "")
    if payload.get("distribution"):
        table.add_row("distribution", payload["distribution"], "")
    if payload.get("transformation"):
        params = ", ".join(
            f"{k}={_fmt(v)}" for k, v in payload["transformation"]["parameters"].items()
        )
        table.add_row("transformation", f"{payload['transformation']['name']} ({params})", "")
    console.print(table)
    for note in notes:
        console.print(f"[yellow]note:[/] {note}", highlight=False)


def register(analyze_app: typer.Typer) -> None:
    """Add ``capability`` and ``pareto`` to ``qualitas analyze``."""

    @analyze_app.command("capability")
    def capability_cmd(
        file: Path = typer.Argument(
            ..., help="CSV or XLSX file, one value per row. / 数据文件，每行一个测量值。"
        ),
        value: str = typer.Option(..., "--value", help="Measurement column. / 测量值列。"),
        subgroup: str | None = typer.Option(
            None,
            "--subgroup",
            help="Subgroup column (omit for individuals). / 子组列（单值时省略）。",
        ),
        lsl: float | None = typer.Option(
            None, "--lsl", help="Lower specification limit. / 规格下限。"
        ),
        usl: float | None = typer.Option(
            None, "--usl", help="Upper specification limit. / 规格上限。"
        ),
        target: float | None = typer.Option(
            None,
            "--target",
            help="Target (default: midpoint of the limits). / 目标值（默认取规格中值）。",
        ),
        sigma: str = typer.Option(
            "auto",
            "--sigma",
            help="Within sigma: auto|rbar|sbar|pooled|mr. / 组内标准差估计：auto|rbar|sbar|pooled|mr。",
        ),
        method: str = typer.Option(
            "auto",
            "--method",
            help=(
                "auto|normal|boxcox|johnson|percentile|nonparametric (auto: normal if "
                "Anderson-Darling p ≥ 0.05, else percentile). / 计算方法（auto：正态性检验 p ≥ 0.05 "
                "用正态法，否则用百分位法）。"
            ),
        ),
        confidence: float = typer.Option(
            0.95, "--confidence", help="Confidence level of the intervals. / 置信水平。"
        ),
        n_boot: int = typer.Option(
            1000,
            "--bootstrap",
            help="Bootstrap resamples (percentile, nonparametric). / 自助法重抽样次数。",
        ),
        seed: int | None = typer.Option(None, "--seed", help="Bootstrap seed. / 自助法随机种子。"),
        as_json: bool = typer.Option(
            False, "--json", help="Print one JSON object. / 输出一个 JSON 对象。"
        ),
        html: Path | None = typer.Option(
            None, "--html", help="Write an HTML report. / 生成 HTML 报告。"
        ),
    ) -> None:
        """Process capability: Cp, Cpk, Pp, Ppk, Cpm, PPM. / 过程能力指数与不合格品率。"""
        from qualitas.analytics.capability_nonnormal import capability_by_method
        from qualitas.analytics.errors import AnalyticsError

        if method not in METHODS:
            fail(f"--method must be one of {', '.join(METHODS)}; got {method!r}")
        if sigma not in SIGMAS:
            fail(f"--sigma must be one of {', '.join(SIGMAS)}; got {sigma!r}")
        if lsl is None and usl is None:
            fail("give at least one specification limit: --lsl and/or --usl")
        if lsl is not None and usl is not None and usl <= lsl:
            fail(f"--usl ({usl:g}) must be greater than --lsl ({lsl:g})")
        df = read_table(file)
        y = numeric_column(df, value, "--value")
        missing = y.isna().to_numpy()
        if missing.any():
            fail(f"row {int(missing.nonzero()[0][0]) + 2}: column {value!r} is empty")
        if len(y) < 2:
            fail(f"capability needs at least two values; {file.name} has {len(y)}")
        labels = None
        if subgroup is not None:
            labels = require_column(df, subgroup, "--subgroup")
            empty = labels.isna().to_numpy()
            if empty.any():
                fail(f"row {int(empty.nonzero()[0][0]) + 2}: column {subgroup!r} is empty")
            labels = labels.to_numpy()
        values = y.to_numpy(dtype=float)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                options: dict[str, Any] = {"method": method, "sigma": sigma}
                result = capability_by_method(
                    values, lsl=lsl, usl=usl, target=target, subgroups=labels,
                    confidence=confidence, n_boot=n_boot, rng=seed, **options,
                )  # fmt: skip
        except AnalyticsError as exc:
            fail(str(exc))
        notes = list(dict.fromkeys(str(w.message) for w in caught))
        payload = result.to_dict()
        payload["warnings"] = notes
        if html is not None:
            from qualitas.charts.capability import capability_histogram
            from qualitas.cli.report import write_html_report

            summary = {
                k: payload[k]
                for k in ("method", "n", "cp", "cpk", "pp", "ppk", "cpm", "ppm_expected_overall")
            }
            write_html_report(
                html,
                title="Process capability / 过程能力",
                figures=[capability_histogram(result, values)],
                summary=summary,
            )
        if as_json:
            emit_json(payload)
        elif html is None:
            _capability_table(payload, notes)

    @analyze_app.command("pareto")
    def pareto_cmd(
        file: Path = typer.Argument(..., help="CSV or XLSX file of defects. / 缺陷数据文件。"),
        category: str = typer.Option(..., "--category", help="Category column. / 类别列。"),
        count: str | None = typer.Option(
            None,
            "--count",
            help="Count column (omit to count rows per category). / 数量列（省略时按行计数）。",
        ),
        cutoff: float = typer.Option(
            0.8, "--cutoff", help="Cumulative share of the vital few. / 关键少数的累计比例。"
        ),
        other_after: float | None = typer.Option(
            None,
            "--other-after",
            help="Combine categories after this cumulative share into Other. / 累计比例超过此值后归入“其他”。",
        ),
        max_categories: int | None = typer.Option(
            None, "--max-categories", help="Keep at most N categories. / 最多保留的类别数。"
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print one JSON object. / 输出一个 JSON 对象。"
        ),
        html: Path | None = typer.Option(
            None, "--html", help="Write an HTML report. / 生成 HTML 报告。"
        ),
    ) -> None:
        """Pareto analysis of defect categories. / 缺陷类别帕累托分析。"""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.pareto import pareto

        df = read_table(file)
        labels = require_column(df, category, "--category")
        counts = None
        if count is not None:
            numbers = numeric_column(df, count, "--count")
            empty = numbers.isna().to_numpy()
            if empty.any():
                fail(f"row {int(empty.nonzero()[0][0]) + 2}: column {count!r} is empty")
            negative = (numbers < 0).to_numpy()
            if negative.any():
                row = int(negative.nonzero()[0][0])
                fail(f"row {row + 2}: column {count!r} has a negative count {numbers.iloc[row]:g}")
            counts = numbers.to_numpy(dtype=float)
        empty_labels = labels.isna().to_numpy()
        if empty_labels.any():
            fail(f"row {int(empty_labels.nonzero()[0][0]) + 2}: column {category!r} is empty")
        try:
            result = pareto(
                labels.to_numpy(), counts=counts, cutoff=cutoff,
                other_after=other_after, max_categories=max_categories,
            )  # fmt: skip
        except AnalyticsError as exc:
            fail(str(exc))
        payload = result.to_dict()
        if html is not None:
            from qualitas.charts.capability import pareto_chart
            from qualitas.cli.report import write_html_report

            write_html_report(
                html,
                title="Pareto / 帕累托分析",
                figures=[pareto_chart(result)],
                summary={"total": payload["total"], "vital_few": payload["vital_few"]},
            )
        if as_json:
            emit_json(payload)
        elif html is None:
            table = Table(title="Pareto / 帕累托分析")
            for col in (
                "category / 类别",
                "count / 数量",
                "% / 百分比",
                "cum % / 累计",
                "vital / 关键",
            ):
                table.add_column(col)
            for row in result.to_dict()["categories"]:  # type: ignore[attr-defined]
                table.add_row(
                    str(row["category"]),
                    f"{row['count']:g}",
                    f"{row['percent']:.2f}",
                    f"{row['cumulative_percent']:.2f}",
                    "✓" if row["vital"] else "",
                )
            console.print(table)
