"""``qualitas analyze xbar-r | xbar-s | imr | p | np | c | u | ewma | cusum`` — control charts.

Each command reads a CSV/XLSX file, builds the chart(s) with
:mod:`qualitas.analytics.spc` and prints a Rich table, one JSON object (``--json``:
``{"charts": [...]}``) or a self-contained HTML report (``--html FILE``). Bad input
exits with status 2 and one line naming the problem and the data row (row numbers
count the header as row 1, as a spreadsheet shows them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.table import Table

from qualitas.analytics.errors import AnalyticsError
from qualitas.cli.common import console, emit_json, fail, numeric_column, read_table, require_column

ValueOpt = Annotated[
    str, typer.Option("--value", help="Measurement or count column. / 测量值或计数列。")
]
SubgroupOpt = Annotated[
    str | None,
    typer.Option(
        "--subgroup", help="Subgroup column (rows with equal values form a subgroup). / 子组列。"
    ),
]
StageOpt = Annotated[
    str | None,
    typer.Option(
        "--stage",
        help="Stage column: limits are computed per stage. / 阶段列：每个阶段单独计算控制限。",
    ),
]
TimeOpt = Annotated[
    str | None,
    typer.Option("--time", help="Time column, used as the chart's x axis. / 时间列（横轴）。"),
]
ExcludeOpt = Annotated[
    str | None,
    typer.Option(
        "--exclude",
        help="Subgroups (1-based positions, comma-separated) left out of the limits. / 计算控制限时剔除的子组（从 1 起的序号，逗号分隔）。",
    ),
]
ExcludeFlaggedOpt = Annotated[
    bool,
    typer.Option(
        "--exclude-flagged",
        help="Re-estimate the limits once without the subgroups the rules flag. / 剔除判异子组后重新计算一次控制限。",
    ),
]
RulesOpt = Annotated[
    str,
    typer.Option(
        "--rules",
        help="nelson, we, none, or names such as nelson-1,nelson-2 (default nelson). / 判异准则：nelson、we、none 或逐条列出。",
    ),
]
CenterOpt = Annotated[
    float | None,
    typer.Option(
        "--phase2-center", help="Phase II: given centre (mean, p̄, c̄ or ū). / 第二阶段：给定中心线。"
    ),
]
SigmaOpt = Annotated[
    float | None,
    typer.Option("--phase2-sigma", help="Phase II: given process σ. / 第二阶段：给定过程标准差。"),
]
LclOpt = Annotated[
    float | None,
    typer.Option("--phase2-lcl", help="Phase II: given LCL. / 第二阶段：给定下控制限。"),
]
UclOpt = Annotated[
    float | None,
    typer.Option("--phase2-ucl", help="Phase II: given UCL. / 第二阶段：给定上控制限。"),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print one JSON object. / 输出一个 JSON 对象。")
]
HtmlOpt = Annotated[
    Path | None,
    typer.Option("--html", help="Write a self-contained HTML report. / 写出独立的 HTML 报告。"),
]
FileArg = Annotated[Path, typer.Argument(help="CSV or XLSX file. / CSV 或 XLSX 文件。")]
SizeOpt = Annotated[str | None, typer.Option("--size", help="Subgroup size column. / 子组大小列。")]
SizeConstOpt = Annotated[
    float | None,
    typer.Option("--size-const", help="One subgroup size for every row. / 所有行相同的子组大小。"),
]


def _exclude(spec: str | None, m: int) -> list[int]:
    if not spec:
        return []
    out = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= m:
            fail(f"--exclude: {part!r} is not a subgroup number between 1 and {m}")
        out.append(int(part) - 1)
    return out


def _limits(lcl: float | None, ucl: float | None) -> tuple[float, float] | None:
    if lcl is None and ucl is None:
        return None
    if lcl is None or ucl is None:
        fail("--phase2-lcl and --phase2-ucl must be given together")
    return (lcl, ucl)


def _first_per_group(
    df: Any, column: str | None, option: str, codes: np.ndarray, m: int
) -> list[Any] | None:
    if column is None:
        return None
    series = require_column(df, column, option)
    first = np.full(m, -1)
    for row in range(len(codes) - 1, -1, -1):
        first[codes[row]] = row
    return [series.iloc[int(r)] for r in first]


def _grouped(df: Any, value: str, subgroup: str | None) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """(m × n) array with NaN padding, the subgroup code of each row, the subgroup labels."""
    import pandas as pd

    values = numeric_column(df, value, "--value").to_numpy(dtype=float)
    missing = np.isnan(values)
    if missing.any():
        fail(f"row {int(np.nonzero(missing)[0][0]) + 2}: column {value!r} is empty")
    if subgroup is None:
        codes = np.arange(values.size)
        return values[:, None], codes, list(range(1, values.size + 1))
    codes, labels = pd.factorize(require_column(df, subgroup, "--subgroup"), sort=False)
    if (codes < 0).any():
        fail(f"row {int(np.nonzero(codes < 0)[0][0]) + 2}: column {subgroup!r} is empty")
    m = len(labels)
    within = pd.Series(codes).groupby(codes).cumcount().to_numpy()
    arr = np.full((m, int(within.max()) + 1), np.nan)
    arr[codes, within] = values
    return arr, codes, list(labels)


def _counts(
    df: Any,
    value: str,
    size: str | None,
    size_const: float | None,
    *,
    need_size: bool,
    bounded: bool,
) -> tuple[np.ndarray, np.ndarray | None]:
    counts = numeric_column(df, value, "--value").to_numpy(dtype=float)
    sizes: np.ndarray | None = None
    if need_size:
        if size is None and size_const is None:
            fail("--size (a column) or --size-const (a number) is required")
        if size is not None:
            sizes = numeric_column(df, size, "--size").to_numpy(dtype=float)
        else:
            sizes = np.full(counts.size, float(size_const))  # type: ignore[arg-type]
    for row in range(counts.size):
        line = row + 2
        if np.isnan(counts[row]):
            fail(f"row {line}: column {value!r} is empty")
        if counts[row] < 0:
            fail(f"row {line}: negative count {counts[row]:g} in column {value!r}")
        if sizes is not None:
            if not sizes[row] > 0:
                fail(f"row {line}: subgroup size {sizes[row]:g} must be positive")
            if bounded and counts[row] > sizes[row]:
                fail(
                    f"row {line}: count {counts[row]:g} is larger than its subgroup size {sizes[row]:g}"
                )
    return counts, sizes


def _fmt(v: Any) -> str:
    if isinstance(v, np.ndarray):
        finite = v[np.isfinite(v)]
        return f"varies ({finite.min():.6g} … {finite.max():.6g})" if finite.size else "—"
    return f"{v:.6g}"


def _output(
    title: str,
    charts: Sequence[Any],
    *,
    as_json: bool,
    html: Path | None,
    labels: Sequence[Any] | None,
    times: Sequence[Any] | None,
) -> None:
    payload = {"charts": [c.as_dict() for c in charts]}
    if html is not None:
        from qualitas.charts.spc import control_chart_figures
        from qualitas.cli.report import write_html_report

        summary: dict[str, Any] = {}
        for c in charts:
            summary[f"{c.name}: centre / LCL / UCL"] = " / ".join(
                _fmt(v) for v in (c.center, c.lcl, c.ucl)
            )
            summary[f"{c.name}: violations"] = {
                v.rule: [i + 1 for i in v.indices] for v in c.violations
            }
        write_html_report(
            html,
            title=title,
            figures=control_chart_figures(charts, labels=labels, times=times),
            summary=summary,
        )
    if as_json:
        emit_json(payload)
        return
    if html is not None:
        console.print(f"wrote {html}")
        return
    for c in charts:
        table = Table(title=f"{title} — {c.name} (phase {c.phase})")
        table.add_column("item")
        table.add_column("value")
        for label, value in (("centre", c.center), ("LCL", c.lcl), ("UCL", c.ucl), ("σ", c.sigma)):
            table.add_row(label, _fmt(value))
        table.add_row("subgroups", str(c.points.size))
        if c.excluded:
            table.add_row("excluded", ", ".join(str(i + 1) for i in c.excluded))
        for v in c.violations:
            table.add_row(v.rule, ", ".join(str(i + 1) for i in v.indices))
        if not c.violations:
            table.add_row("violations", "none")
        console.print(table)


def _guard(build: Callable[[], Sequence[Any]]) -> Sequence[Any]:
    try:
        return build()
    except AnalyticsError as exc:
        fail(str(exc))


def register(analyze_app: typer.Typer) -> None:
    """Add the control-chart commands to ``qualitas analyze``."""

    def variables(kind: str) -> Callable[..., None]:
        def command(
            file: FileArg,
            value: ValueOpt,
            subgroup: SubgroupOpt = None,
            stage: StageOpt = None,
            time: TimeOpt = None,
            exclude: ExcludeOpt = None,
            exclude_flagged: ExcludeFlaggedOpt = False,
            rules: RulesOpt = "nelson",
            phase2_center: CenterOpt = None,
            phase2_sigma: SigmaOpt = None,
            phase2_lcl: LclOpt = None,
            phase2_ucl: UclOpt = None,
            as_json: JsonOpt = False,
            html: HtmlOpt = None,
        ) -> None:
            from qualitas.analytics.spc import imr_chart, xbar_r_chart, xbar_s_chart

            df = read_table(file)
            if kind != "imr" and subgroup is None:
                fail("--subgroup is required")
            arr, codes, labels = _grouped(df, value, subgroup if kind != "imr" else None)
            m = arr.shape[0]
            stages = _first_per_group(df, stage, "--stage", codes, m)
            times = _first_per_group(df, time, "--time", codes, m)
            opts: dict[str, Any] = {
                "center": phase2_center,
                "sigma": phase2_sigma,
                "limits": _limits(phase2_lcl, phase2_ucl),
                "rules": rules,
                "stages": stages,
                "exclude": _exclude(exclude, m),
                "exclude_flagged": exclude_flagged,
            }
            if kind == "imr":
                charts = _guard(lambda: imr_chart(arr[:, 0], **opts))
            else:
                fn = xbar_r_chart if kind == "xbar-r" else xbar_s_chart
                charts = _guard(lambda: fn(arr, **opts))
            _output(
                f"{kind} — {file.name}",
                charts,
                as_json=as_json,
                html=html,
                labels=labels,
                times=times,
            )

        return command

    helps = {
        "xbar-r": "X̄ and R charts (σ = R̄/d2). / 均值-极差控制图。",
        "xbar-s": "X̄ and S charts (σ = S̄/c4). / 均值-标准差控制图。",
        "imr": "Individuals and moving-range charts (σ = MR̄/d2). / 单值-移动极差控制图。",
    }
    for kind, text in helps.items():
        analyze_app.command(kind, help=text)(variables(kind))

    def attributes(kind: str) -> Callable[..., None]:
        def command(
            file: FileArg,
            value: ValueOpt,
            size: SizeOpt = None,
            size_const: SizeConstOpt = None,
            stage: StageOpt = None,
            time: TimeOpt = None,
            exclude: ExcludeOpt = None,
            exclude_flagged: ExcludeFlaggedOpt = False,
            rules: RulesOpt = "nelson",
            phase2_center: CenterOpt = None,
            phase2_lcl: LclOpt = None,
            phase2_ucl: UclOpt = None,
            as_json: JsonOpt = False,
            html: HtmlOpt = None,
        ) -> None:
            from qualitas.analytics.spc import c_chart, np_chart, p_chart, u_chart

            df = read_table(file)
            counts, sizes = _counts(
                df, value, size, size_const, need_size=kind != "c", bounded=kind in ("p", "np")
            )
            m = counts.size
            codes = np.arange(m)
            opts: dict[str, Any] = {
                "center": phase2_center,
                "limits": _limits(phase2_lcl, phase2_ucl),
                "rules": rules,
                "stages": _first_per_group(df, stage, "--stage", codes, m),
                "exclude": _exclude(exclude, m),
                "exclude_flagged": exclude_flagged,
            }
            fns = {"p": p_chart, "np": np_chart, "u": u_chart}
            if kind == "c":
                charts = _guard(lambda: (c_chart(counts, **opts),))
            else:
                # need_size: _counts has failed already when there are no sizes
                assert sizes is not None
                sized = sizes
                charts = _guard(lambda: (fns[kind](counts, sized, **opts),))
            times = _first_per_group(df, time, "--time", codes, m)
            _output(
                f"{kind} chart — {file.name}",
                charts,
                as_json=as_json,
                html=html,
                labels=None,
                times=times,
            )

        return command

    attribute_helps = {
        "p": "p chart (proportion nonconforming; per-point limits for varying sizes). / p 控制图（不合格品率）。",
        "np": "np chart (number nonconforming). / np 控制图（不合格品数）。",
        "c": "c chart (nonconformities per unit of constant size). / c 控制图（缺陷数）。",
        "u": "u chart (nonconformities per unit; per-point limits). / u 控制图（单位缺陷数）。",
    }
    for kind, text in attribute_helps.items():
        analyze_app.command(kind, help=text)(attributes(kind))

    def timeweighted(kind: str) -> Callable[..., None]:
        def command(
            file: FileArg,
            value: ValueOpt,
            subgroup: SubgroupOpt = None,
            stage: StageOpt = None,
            time: TimeOpt = None,
            exclude: ExcludeOpt = None,
            rules: RulesOpt = "nelson",
            lam: Annotated[
                float, typer.Option("--lambda", help="EWMA weight λ (0 < λ ≤ 1). / EWMA 权重。")
            ] = 0.2,
            big_l: Annotated[
                float,
                typer.Option("--L", help="EWMA limit width in σ. / EWMA 控制限宽度（σ 倍数）。"),
            ] = 3.0,
            h: Annotated[
                float,
                typer.Option(
                    "--h", help="CUSUM decision interval in σ. / CUSUM 决策区间（σ 单位）。"
                ),
            ] = 5.0,
            k: Annotated[
                float,
                typer.Option("--k", help="CUSUM reference value in σ. / CUSUM 参考值（σ 单位）。"),
            ] = 0.5,
            target: Annotated[
                float | None,
                typer.Option("--target", help="Target mean (default: Phase I mean). / 目标均值。"),
            ] = None,
            phase2_sigma: SigmaOpt = None,
            as_json: JsonOpt = False,
            html: HtmlOpt = None,
        ) -> None:
            from qualitas.analytics.spc import cusum_chart, ewma_chart

            df = read_table(file)
            arr, codes, labels = _grouped(df, value, subgroup)
            m = arr.shape[0]
            opts: dict[str, Any] = {
                "sigma": phase2_sigma,
                "rules": rules,
                "exclude": _exclude(exclude, m),
                "stages": _first_per_group(df, stage, "--stage", codes, m),
            }
            data = arr if subgroup is not None else arr[:, 0]
            if kind == "ewma":
                charts = _guard(
                    lambda: (ewma_chart(data, lam=lam, nsigmas=big_l, center=target, **opts),)
                )
            else:
                charts = _guard(lambda: (cusum_chart(data, h=h, k=k, target=target, **opts),))
            times = _first_per_group(df, time, "--time", codes, m)
            _output(
                f"{kind} — {file.name}",
                charts,
                as_json=as_json,
                html=html,
                labels=labels,
                times=times,
            )

        return command

    analyze_app.command("ewma", help="EWMA chart with exact time-varying limits. / EWMA 控制图。")(
        timeweighted("ewma")
    )
    analyze_app.command("cusum", help="Tabular CUSUM in σ units (h, k). / 表格式 CUSUM 控制图。")(
        timeweighted("cusum")
    )
