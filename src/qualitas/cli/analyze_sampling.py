"""``qualitas analyze sampling | sampling-switch`` — acceptance sampling by attributes."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from qualitas.cli.common import console, emit_json, fail, numeric_column, read_table, require_column

_TRUE = {"1", "true", "t", "yes", "y", "a", "accept", "accepted", "pass", "ok"}
_FALSE = {"0", "false", "f", "no", "n", "r", "reject", "rejected", "not accepted", "fail"}


def plan_payload(plan: Any, oc: Any) -> dict[str, Any]:
    """The public JSON object of ``sampling``."""
    return {
        "code_letter": plan.code_letter,
        "code_letter_after_arrow": plan.code_letter_after_arrow,
        "sample_size": plan.sample_size,
        "accept": plan.accept,
        "reject": plan.reject,
        "hundred_percent": plan.hundred_percent,
        "table_sample_size": plan.table_sample_size,
        "arrow": plan.arrow,
        "standard": plan.standard,
        "inspection": plan.inspection,
        "lot_size": plan.lot_size,
        "level": plan.level,
        "aql": plan.aql,
        "aql_basis": plan.aql_basis,
        "table": plan.table,
        "oc": None
        if oc is None
        else {
            "model": oc.model,
            "quality": oc.quality,
            "pa": oc.pa,
            "pa_at_aql": oc.pa_at_aql,
            "quality_at_pa95": oc.quality_at_pa95,
            "quality_at_pa50": oc.quality_at_pa50,
            "quality_at_pa10": oc.quality_at_pa10,
        },
    }


def history_payload(history: Any) -> dict[str, Any]:
    """The public JSON object of ``sampling-switch``."""
    keys = (
        "lot", "inspection", "code_letter", "code_letter_after_arrow", "sample_size", "accept",
        "reject", "nonconforming", "accepted", "switching_score", "next_inspection", "reason",
    )  # fmt: skip
    return {
        "standard": history.standard,
        "aql": history.aql,
        "final_inspection": history.final_state.inspection,
        "discontinued_at_lot": history.discontinued_at_lot,
        "lots": [{k: getattr(step, k) for k in keys} for step in history.steps],
    }


def _bool_column(df: Any, column: str | None, option: str) -> list[bool] | None:
    """A yes/no column (1/0, true/false, yes/no, A/R, accepted/rejected, pass/fail)."""
    if column is None:
        return None
    series = require_column(df, column, option)
    values: list[bool] = []
    for index, raw in enumerate(series.tolist()):
        row = index + 2  # 1-based data row after the header line
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            fail(f"row {row}: column {column!r} ({option}) is empty")
        text = str(raw).strip().lower()
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        if text in _TRUE:
            values.append(True)
        elif text in _FALSE:
            values.append(False)
        else:
            fail(
                f"row {row}: column {column!r} ({option}) has value {raw!r}; "
                "use 1/0, true/false, yes/no, A/R or accepted/rejected"
            )
    return values


def _count_column(df: Any, column: str | None, option: str) -> list[int] | None:
    if column is None:
        return None
    series = numeric_column(df, column, option)
    counts: list[int] = []
    for index, value in enumerate(series.tolist()):
        row = index + 2
        if math.isnan(value):
            fail(f"row {row}: column {column!r} ({option}) is empty")
        if not float(value).is_integer() or value < 0:
            fail(f"row {row}: column {column!r} ({option}) has {value:g}; use a whole number ≥ 0")
        counts.append(int(value))
    return counts


def register(analyze_app: typer.Typer) -> None:
    """Add the acceptance sampling commands to ``qualitas analyze``."""

    @analyze_app.command("sampling")
    def sampling_cmd(
        lot_size: int = typer.Option(..., "--lot-size", help="Lot size N (≥ 2). / 批量。"),
        aql: float = typer.Option(
            ..., "--aql", help="AQL, a table column 0.010 … 1000. / 接收质量限 AQL。"
        ),
        level: str = typer.Option(
            "II", "--level", help="Inspection level S-1…S-4, I, II, III. / 检验水平。"
        ),
        inspection: str = typer.Option(
            "normal",
            "--inspection",
            help="normal, tightened or reduced. / 检验严格度：正常、加严、放宽。",
        ),
        standard: str = typer.Option(
            "gb2828",
            "--standard",
            help="gb2828 (GB/T 2828.1 = ISO 2859-1) or z14 (ANSI Z1.4 = MIL-STD-105E). / 标准。",
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print one JSON object. / 输出一个 JSON 对象。"
        ),
        html: Path | None = typer.Option(
            None, "--html", help="Write an HTML report. / 生成 HTML 报告。"
        ),
    ) -> None:
        """Single sampling plan and OC curve. / 一次抽样方案与抽检特性曲线。"""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.sampling import oc_curve, single_sampling_plan

        try:
            plan = single_sampling_plan(
                lot_size=lot_size, aql=aql, level=level, inspection=inspection, standard=standard
            )
            # With 100 % inspection there is no sampling risk to draw.
            oc = None
            if not plan.hundred_percent:
                oc = oc_curve(
                    sample_size=plan.sample_size, accept=plan.accept, reject=plan.reject, aql=aql
                )
        except AnalyticsError as exc:
            fail(str(exc))
        payload = plan_payload(plan, oc)
        if html is not None:
            from qualitas.charts.sampling import oc_curve_figure
            from qualitas.cli.report import write_html_report

            summary = {k: v for k, v in payload.items() if k != "oc"}
            figures = [] if oc is None else [oc_curve_figure(oc, aql=aql)]
            write_html_report(html, title="Acceptance sampling", figures=figures, summary=summary)
        if as_json:
            emit_json(payload)
            return
        table = Table(title=f"Single sampling plan — {plan.table}")
        table.add_column("item")
        table.add_column("value")
        for key in (
            "lot_size", "level", "aql", "inspection", "code_letter", "code_letter_after_arrow",
            "sample_size", "accept", "reject", "hundred_percent",
        ):  # fmt: skip
            table.add_row(key, str(payload[key]))
        if oc is not None:
            table.add_row("Pa at AQL", f"{oc.pa_at_aql:.4f}")
            table.add_row("quality at Pa = 0.10", f"{oc.quality_at_pa10:.4g}")
        console.print(table)
        if plan.hundred_percent:
            console.print(
                f"Sample size {plan.table_sample_size} ≥ lot size {plan.lot_size}: "
                "inspect 100 % of the lot. / 样本量不小于批量：全检。"
            )

    @analyze_app.command("sampling-switch")
    def sampling_switch_cmd(
        file: Path = typer.Argument(
            ..., help="CSV or XLSX file, one lot per row in order. / 数据文件，每行一批，按顺序。"
        ),
        result: str | None = typer.Option(
            None, "--result", help="Column: lot accepted (1/0, A/R …). / 批是否接收列。"
        ),
        nonconforming: str | None = typer.Option(
            None,
            "--nonconforming",
            help="Column: nonconforming count in the sample. / 样本中不合格（品）数列。",
        ),
        aql: float | None = typer.Option(None, "--aql", help="AQL of the plans. / 接收质量限。"),
        lot_size: int | None = typer.Option(None, "--lot-size", help="Lot size. / 批量。"),
        lot_size_column: str | None = typer.Option(
            None, "--lot-size-column", help="Column: lot size per lot. / 每批批量列。"
        ),
        level: str = typer.Option("II", "--level", help="Inspection level. / 检验水平。"),
        standard: str = typer.Option("gb2828", "--standard", help="gb2828 or z14. / 标准。"),
        initial: str = typer.Option(
            "normal", "--initial", help="Severity of the first lot. / 首批检验严格度。"
        ),
        steady: str | None = typer.Option(
            None, "--steady", help="Column: production steady (1/0). / 生产稳定列。"
        ),
        approval: str | None = typer.Option(
            None,
            "--approval",
            help="Column: authority approves reduced (1/0). / 负责部门同意放宽列。",
        ),
        reinstate: str | None = typer.Option(
            None,
            "--reinstate",
            help="Column: other conditions require normal (1/0). / 其他需恢复正常检验的条件列。",
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print one JSON object. / 输出一个 JSON 对象。"
        ),
        html: Path | None = typer.Option(
            None, "--html", help="Write an HTML report. / 生成 HTML 报告。"
        ),
    ) -> None:
        """Switching rules over a sequence of lots. / 按批结果执行转移规则。"""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.sampling import LotRecord, simulate_switching

        if result is None and nonconforming is None:
            fail("give --result or --nonconforming (with --aql)")
        df = read_table(file)
        accepted = _bool_column(df, result, "--result")
        counts = _count_column(df, nonconforming, "--nonconforming")
        sizes = _count_column(df, lot_size_column, "--lot-size-column")
        steady_values = _bool_column(df, steady, "--steady")
        approval_values = _bool_column(df, approval, "--approval")
        reinstate_values = _bool_column(df, reinstate, "--reinstate")
        lots = [
            LotRecord(
                accepted=None if accepted is None else accepted[i],
                nonconforming=None if counts is None else counts[i],
                lot_size=None if sizes is None else sizes[i],
                steady_production=True if steady_values is None else steady_values[i],
                approved_for_reduced=False if approval_values is None else approval_values[i],
                reinstate_normal=False if reinstate_values is None else reinstate_values[i],
            )
            for i in range(len(df))
        ]
        try:
            history = simulate_switching(
                lots=lots, aql=aql, lot_size=lot_size, level=level, standard=standard,
                initial_inspection=initial,
            )  # fmt: skip
        except AnalyticsError as exc:
            fail(str(exc))
        payload = history_payload(history)
        if html is not None:
            from qualitas.charts.sampling import switching_figure
            from qualitas.cli.report import write_html_report

            summary = {k: payload[k] for k in ("standard", "aql", "final_inspection")}
            summary["discontinued_at_lot"] = payload["discontinued_at_lot"]
            write_html_report(
                html, title="Switching rules", figures=[switching_figure(history)], summary=summary
            )
        if as_json:
            emit_json(payload)
            return
        table = Table(title=f"Switching rules ({history.standard})")
        for col in ("lot", "inspection", "n", "Ac/Re", "d", "accepted", "score", "next", "reason"):
            table.add_column(col)
        for step in history.steps:
            plan = "—" if step.accept is None else f"{step.accept}/{step.reject}"
            table.add_row(
                str(step.lot), step.inspection, "—" if step.sample_size is None else str(step.sample_size),
                plan, "—" if step.nonconforming is None else str(step.nonconforming),
                "yes" if step.accepted else "no",
                "—" if step.switching_score is None else str(step.switching_score),
                step.next_inspection, step.reason,
            )  # fmt: skip
        console.print(table)
