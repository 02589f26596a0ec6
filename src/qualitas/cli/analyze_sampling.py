"""``qualitas analyze sampling | sampling-switch`` — acceptance sampling by attributes."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from qualitas.cli.common import console, emit_json, fail, numeric_column, read_table, require_column
from qualitas.cli.i18n import gettext as _
from qualitas.cli.i18n import gettext_noop

_TRUE = {"1", "true", "t", "yes", "y", "a", "accept", "accepted", "pass", "ok"}
_FALSE = {"0", "false", "f", "no", "n", "r", "reject", "rejected", "not accepted", "fail"}


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
            fail(
                _("row %(row)s: column %(column)r (%(option)s) is empty")
                % {"row": row, "column": column, "option": option}
            )
        text = str(raw).strip().lower()
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        if text in _TRUE:
            values.append(True)
        elif text in _FALSE:
            values.append(False)
        else:
            fail(
                _(
                    "row %(row)s: column %(column)r (%(option)s) has value %(value)r; "
                    "use 1/0, true/false, yes/no, A/R or accepted/rejected"
                )
                % {"row": row, "column": column, "option": option, "value": raw}
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
            fail(
                _("row %(row)s: column %(column)r (%(option)s) is empty")
                % {"row": row, "column": column, "option": option}
            )
        if not float(value).is_integer() or value < 0:
            fail(
                _(
                    "row %(row)s: column %(column)r (%(option)s) has %(value)s; use a whole number ≥ 0"
                )
                % {"row": row, "column": column, "option": option, "value": f"{value:g}"}
            )
        counts.append(int(value))
    return counts


def register(analyze_app: typer.Typer) -> None:
    """Add the acceptance sampling commands to ``qualitas analyze``."""

    @analyze_app.command("sampling", help=gettext_noop("Single sampling plan and OC curve."))
    def sampling_cmd(
        lot_size: int = typer.Option(..., "--lot-size", help=gettext_noop("Lot size N (≥ 2).")),
        aql: float = typer.Option(
            ..., "--aql", help=gettext_noop("AQL, a table column 0.010 … 1000.")
        ),
        level: str = typer.Option(
            "II", "--level", help=gettext_noop("Inspection level S-1…S-4, I, II, III.")
        ),
        inspection: str = typer.Option(
            "normal",
            "--inspection",
            help=gettext_noop("normal, tightened or reduced."),
        ),
        standard: str = typer.Option(
            "gb2828",
            "--standard",
            help=gettext_noop(
                "gb2828 (GB/T 2828.1 = ISO 2859-1) or z14 (ANSI Z1.4 = MIL-STD-105E)."
            ),
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Single sampling plan and OC curve."""
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
        payload = plan.to_dict(oc=oc)
        if html is not None:
            from qualitas.charts.sampling import oc_curve_figure
            from qualitas.cli.report import write_html_report

            summary = {k: v for k, v in payload.items() if k != "oc"}
            figures = [] if oc is None else [oc_curve_figure(oc, aql=aql)]
            write_html_report(
                html, title=_("Acceptance sampling"), figures=figures, summary=summary
            )
        if as_json:
            emit_json(payload)
            return
        table = Table(title=_("Single sampling plan — %(table)s") % {"table": plan.table})
        table.add_column(_("item"))
        table.add_column(_("value"))
        for key in (
            "lot_size", "level", "aql", "inspection", "code_letter", "code_letter_after_arrow",
            "sample_size", "accept", "reject", "hundred_percent",
        ):  # fmt: skip
            table.add_row(key, str(payload[key]))
        if oc is not None:
            table.add_row(_("Pa at AQL"), f"{oc.pa_at_aql:.4f}")
            table.add_row(_("quality at Pa = 0.10"), f"{oc.quality_at_pa10:.4g}")
        console.print(table)
        if plan.hundred_percent:
            console.print(
                _("Sample size %(n)s ≥ lot size %(lot)s: inspect 100 %% of the lot.")
                % {"n": plan.table_sample_size, "lot": plan.lot_size}
            )

    @analyze_app.command(
        "sampling-switch", help=gettext_noop("Switching rules over a sequence of lots.")
    )
    def sampling_switch_cmd(
        file: Path = typer.Argument(
            ..., help=gettext_noop("CSV or XLSX file, one lot per row in order.")
        ),
        result: str | None = typer.Option(
            None, "--result", help=gettext_noop("Column: lot accepted (1/0, A/R …).")
        ),
        nonconforming: str | None = typer.Option(
            None,
            "--nonconforming",
            help=gettext_noop("Column: nonconforming count in the sample."),
        ),
        aql: float | None = typer.Option(None, "--aql", help=gettext_noop("AQL of the plans.")),
        lot_size: int | None = typer.Option(None, "--lot-size", help=gettext_noop("Lot size.")),
        lot_size_column: str | None = typer.Option(
            None, "--lot-size-column", help=gettext_noop("Column: lot size per lot.")
        ),
        level: str = typer.Option("II", "--level", help=gettext_noop("Inspection level.")),
        standard: str = typer.Option("gb2828", "--standard", help=gettext_noop("gb2828 or z14.")),
        initial: str = typer.Option(
            "normal", "--initial", help=gettext_noop("Severity of the first lot.")
        ),
        steady: str | None = typer.Option(
            None, "--steady", help=gettext_noop("Column: production steady (1/0).")
        ),
        approval: str | None = typer.Option(
            None,
            "--approval",
            help=gettext_noop("Column: authority approves reduced (1/0)."),
        ),
        reinstate: str | None = typer.Option(
            None,
            "--reinstate",
            help=gettext_noop("Column: other conditions require normal (1/0)."),
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Switching rules over a sequence of lots."""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.sampling import LotRecord, simulate_switching

        if result is None and nonconforming is None:
            fail(_("give --result or --nonconforming (with --aql)"))
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
                html,
                title=_("Switching rules"),
                figures=[switching_figure(history)],
                summary=summary,
            )
        if as_json:
            emit_json(payload)
            return
        table = Table(title=_("Switching rules (%(standard)s)") % {"standard": history.standard})
        for col in (
            _("lot"),
            _("inspection"),
            "n",
            "Ac/Re",
            "d",
            _("accepted"),
            _("score"),
            _("next"),
            _("reason"),
        ):
            table.add_column(col)
        for step in history.steps:
            plan = "—" if step.accept is None else f"{step.accept}/{step.reject}"
            table.add_row(
                str(step.lot), step.inspection, "—" if step.sample_size is None else str(step.sample_size),
                plan, "—" if step.nonconforming is None else str(step.nonconforming),
                _("yes") if step.accepted else _("no"),
                "—" if step.switching_score is None else str(step.switching_score),
                step.next_inspection, step.reason,
            )  # fmt: skip
        console.print(table)
