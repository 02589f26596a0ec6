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
from qualitas.analytics.spc.rules import DESCRIPTIONS
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

ValueOpt = Annotated[
    str, typer.Option("--value", help=gettext_noop("Measurement or count column."))
]
SubgroupOpt = Annotated[
    str | None,
    typer.Option(
        "--subgroup", help=gettext_noop("Subgroup column (rows with equal values form a subgroup).")
    ),
]
StageOpt = Annotated[
    str | None,
    typer.Option(
        "--stage",
        help=gettext_noop("Stage column: limits are computed per stage."),
    ),
]
TimeOpt = Annotated[
    str | None,
    typer.Option("--time", help=gettext_noop("Time column, used as the chart's x axis.")),
]
ExcludeOpt = Annotated[
    str | None,
    typer.Option(
        "--exclude",
        help=gettext_noop("Subgroups (1-based positions, comma-separated) left out of the limits."),
    ),
]
ExcludeFlaggedOpt = Annotated[
    bool,
    typer.Option(
        "--exclude-flagged",
        help=gettext_noop("Re-estimate the limits once without the subgroups the rules flag."),
    ),
]
RulesOpt = Annotated[
    str,
    typer.Option(
        "--rules",
        help=gettext_noop("nelson, we, none, or names such as nelson-1,nelson-2 (default nelson)."),
    ),
]
CenterOpt = Annotated[
    float | None,
    typer.Option("--phase2-center", help=gettext_noop("Phase II: given centre (mean, p̄, c̄ or ū).")),
]
SigmaOpt = Annotated[
    float | None,
    typer.Option("--phase2-sigma", help=gettext_noop("Phase II: given process σ.")),
]
LclOpt = Annotated[
    float | None,
    typer.Option("--phase2-lcl", help=gettext_noop("Phase II: given LCL.")),
]
UclOpt = Annotated[
    float | None,
    typer.Option("--phase2-ucl", help=gettext_noop("Phase II: given UCL.")),
]
JsonOpt = Annotated[bool, typer.Option("--json", help=gettext_noop("Print one JSON object."))]
HtmlOpt = Annotated[
    Path | None,
    typer.Option("--html", help=gettext_noop("Write a self-contained HTML report.")),
]
FileArg = Annotated[Path, typer.Argument(help=gettext_noop("CSV or XLSX file."))]
SizeOpt = Annotated[str | None, typer.Option("--size", help=gettext_noop("Subgroup size column."))]
SizeConstOpt = Annotated[
    float | None,
    typer.Option("--size-const", help=gettext_noop("One subgroup size for every row.")),
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
            fail(
                _("--exclude: %(part)r is not a subgroup number between 1 and %(m)s")
                % {"part": part, "m": m}
            )
        out.append(int(part) - 1)
    return out


def _limits(lcl: float | None, ucl: float | None) -> tuple[float, float] | None:
    if lcl is None and ucl is None:
        return None
    if lcl is None or ucl is None:
        fail(_("--phase2-lcl and --phase2-ucl must be given together"))
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
        empty_row_failure(missing, value)
    if subgroup is None:
        codes = np.arange(values.size)
        return values[:, None], codes, list(range(1, values.size + 1))
    codes, labels = pd.factorize(require_column(df, subgroup, "--subgroup"), sort=False)
    if (codes < 0).any():
        empty_row_failure(codes < 0, subgroup)
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
            fail(_("--size (a column) or --size-const (a number) is required"))
        if size is not None:
            sizes = numeric_column(df, size, "--size").to_numpy(dtype=float)
        else:
            sizes = np.full(counts.size, float(size_const))  # type: ignore[arg-type]
    for row in range(counts.size):
        line = row + 2
        if np.isnan(counts[row]):
            fail(_("row %(row)s: column %(column)r is empty") % {"row": line, "column": value})
        if counts[row] < 0:
            fail(
                _("row %(row)s: negative count %(count)s in column %(column)r")
                % {"row": line, "count": f"{counts[row]:g}", "column": value}
            )
        if sizes is not None:
            if not sizes[row] > 0:
                fail(
                    _("row %(row)s: subgroup size %(size)s must be positive")
                    % {"row": line, "size": f"{sizes[row]:g}"}
                )
            if bounded and counts[row] > sizes[row]:
                fail(
                    _("row %(row)s: count %(count)s is larger than its subgroup size %(size)s")
                    % {"row": line, "count": f"{counts[row]:g}", "size": f"{sizes[row]:g}"}
                )
    return counts, sizes


def rule_name(rule: str, *, explained: bool = False) -> str:
    """``nelson-1`` → "Nelson rule 1" in the CLI's language, and with ``explained`` what the rule
    tests after a dash ("Nelson rule 1 — 1 point beyond the control limits"): never the bare code."""
    family, _sep, number = rule.partition("-")
    if family == "nelson":
        name = _("Nelson rule %(n)s") % {"n": number}
    elif family == "we":
        name = _("Western Electric rule %(n)s") % {"n": number}
    else:
        name = rule
    text = DESCRIPTIONS.get(rule)
    return f"{name} — {_(text)}" if explained and text else name


def _fmt(v: Any) -> str:
    if isinstance(v, np.ndarray):
        finite = v[np.isfinite(v)]
        if not finite.size:
            return "—"
        return _("varies (%(low)s … %(high)s)") % {
            "low": f"{finite.min():.6g}",
            "high": f"{finite.max():.6g}",
        }
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
            summary[_("%(chart)s: centre / LCL / UCL") % {"chart": c.name}] = " / ".join(
                _fmt(v) for v in (c.center, c.lcl, c.ucl)
            )
            summary[_("%(chart)s: violations") % {"chart": c.name}] = {
                rule_name(v.rule, explained=True): [i + 1 for i in v.indices] for v in c.violations
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
        console.print(_("wrote %(path)s") % {"path": html})
        return
    for c in charts:
        table = Table(
            title=_("%(title)s — %(chart)s (phase %(phase)s)")
            % {"title": title, "chart": c.name, "phase": c.phase}
        )
        table.add_column(_("item"))
        table.add_column(_("value"))
        for label, value in (
            (_("centre"), c.center),
            ("LCL", c.lcl),
            ("UCL", c.ucl),
            ("σ", c.sigma),
        ):
            table.add_row(label, _fmt(value))
        table.add_row(_("subgroups"), str(c.points.size))
        if c.excluded:
            table.add_row(_("excluded"), ", ".join(str(i + 1) for i in c.excluded))
        for v in c.violations:
            table.add_row(
                rule_name(v.rule, explained=True), ", ".join(str(i + 1) for i in v.indices)
            )
        if not c.violations:
            table.add_row(_("violations"), _("no rule violated"))
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
                fail(_("%(option)s is required") % {"option": "--subgroup"})
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
        "xbar-r": gettext_noop("X̄ and R charts (σ = R̄/d2)."),
        "xbar-s": gettext_noop("X̄ and S charts (σ = S̄/c4)."),
        "imr": gettext_noop("Individuals and moving-range charts (σ = MR̄/d2)."),
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
                _("%(kind)s chart — %(file)s") % {"kind": kind, "file": file.name},
                charts,
                as_json=as_json,
                html=html,
                labels=None,
                times=times,
            )

        return command

    attribute_helps = {
        "p": gettext_noop(
            "p chart (proportion nonconforming; per-point limits for varying sizes)."
        ),
        "np": gettext_noop("np chart (number nonconforming)."),
        "c": gettext_noop("c chart (nonconformities per unit of constant size)."),
        "u": gettext_noop("u chart (nonconformities per unit; per-point limits)."),
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
                float, typer.Option("--lambda", help=gettext_noop("EWMA weight λ (0 < λ ≤ 1)."))
            ] = 0.2,
            big_l: Annotated[
                float,
                typer.Option("--L", help=gettext_noop("EWMA limit width in σ.")),
            ] = 3.0,
            h: Annotated[
                float,
                typer.Option("--h", help=gettext_noop("CUSUM decision interval in σ.")),
            ] = 5.0,
            k: Annotated[
                float,
                typer.Option("--k", help=gettext_noop("CUSUM reference value in σ.")),
            ] = 0.5,
            target: Annotated[
                float | None,
                typer.Option("--target", help=gettext_noop("Target mean (default: Phase I mean).")),
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

    analyze_app.command("ewma", help=gettext_noop("EWMA chart with exact time-varying limits."))(
        timeweighted("ewma")
    )
    analyze_app.command("cusum", help=gettext_noop("Tabular CUSUM in σ units (h, k)."))(
        timeweighted("cusum")
    )
