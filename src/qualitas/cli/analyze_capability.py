"""``qualitas analyze capability | pareto`` — process capability and Pareto analysis."""

from __future__ import annotations

import math
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

METHODS = ("auto", "normal", "boxcox", "johnson", "percentile", "nonparametric")
SIGMAS = ("auto", "rbar", "sbar", "pooled", "mr")


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _capability_table(payload: dict[str, Any], notes: list[str]) -> None:
    table = Table(title=_("Process capability (%(method)s)") % {"method": payload["method"]})
    table.add_column(_("statistic"))
    table.add_column(_("value"), justify="right")
    table.add_column(_("CI"), justify="right")
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
        table.add_row(_("AD statistic"), _fmt(normality["ad_statistic"]), "")
        table.add_row(_("AD p-value"), _fmt(normality["p_value"]), "")
    if payload.get("distribution"):
        table.add_row(_("distribution"), payload["distribution"], "")
    if payload.get("transformation"):
        params = ", ".join(
            f"{k}={_fmt(v)}" for k, v in payload["transformation"]["parameters"].items()
        )
        table.add_row(_("transformation"), f"{payload['transformation']['name']} ({params})", "")
    console.print(table)
    for note in notes:
        label = _("note:")
        console.print(f"[yellow]{escape(label)}[/] {escape(note)}", highlight=False)


def register(analyze_app: typer.Typer) -> None:
    """Add ``capability`` and ``pareto`` to ``qualitas analyze``."""

    @analyze_app.command(
        "capability", help=gettext_noop("Process capability: Cp, Cpk, Pp, Ppk, Cpm, PPM.")
    )
    def capability_cmd(
        file: Path = typer.Argument(..., help=gettext_noop("CSV or XLSX file, one value per row.")),
        value: str = typer.Option(..., "--value", help=gettext_noop("Measurement column.")),
        subgroup: str | None = typer.Option(
            None,
            "--subgroup",
            help=gettext_noop("Subgroup column (omit for individuals)."),
        ),
        lsl: float | None = typer.Option(
            None, "--lsl", help=gettext_noop("Lower specification limit.")
        ),
        usl: float | None = typer.Option(
            None, "--usl", help=gettext_noop("Upper specification limit.")
        ),
        target: float | None = typer.Option(
            None,
            "--target",
            help=gettext_noop("Target (default: midpoint of the limits)."),
        ),
        sigma: str = typer.Option(
            "auto",
            "--sigma",
            help=gettext_noop("Within sigma: auto|rbar|sbar|pooled|mr."),
        ),
        method: str = typer.Option(
            "auto",
            "--method",
            help=(
                gettext_noop(
                    "auto|normal|boxcox|johnson|percentile|nonparametric (auto: normal if Anderson-Darling p ≥ 0.05, else percentile)."
                )
            ),
        ),
        confidence: float = typer.Option(
            0.95, "--confidence", help=gettext_noop("Confidence level of the intervals.")
        ),
        n_boot: int = typer.Option(
            1000,
            "--bootstrap",
            help=gettext_noop("Bootstrap resamples (percentile, nonparametric)."),
        ),
        seed: int | None = typer.Option(None, "--seed", help=gettext_noop("Bootstrap seed.")),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Process capability: Cp, Cpk, Pp, Ppk, Cpm, PPM."""
        from qualitas.analytics.capability_nonnormal import capability_by_method
        from qualitas.analytics.errors import AnalyticsError

        if method not in METHODS:
            fail(
                _("%(option)s must be one of %(choices)s; got %(value)r")
                % {"option": "--method", "choices": ", ".join(METHODS), "value": method}
            )
        if sigma not in SIGMAS:
            fail(
                _("%(option)s must be one of %(choices)s; got %(value)r")
                % {"option": "--sigma", "choices": ", ".join(SIGMAS), "value": sigma}
            )
        if lsl is None and usl is None:
            fail(_("give at least one specification limit: --lsl and/or --usl"))
        if lsl is not None and usl is not None and usl <= lsl:
            fail(
                _("--usl (%(usl)s) must be greater than --lsl (%(lsl)s)")
                % {"usl": f"{usl:g}", "lsl": f"{lsl:g}"}
            )
        df = read_table(file)
        y = numeric_column(df, value, "--value")
        missing = y.isna().to_numpy()
        if missing.any():
            empty_row_failure(missing, value)
        if len(y) < 2:
            fail(
                _("capability needs at least two values; %(file)s has %(n)s")
                % {"file": file.name, "n": len(y)}
            )
        labels = None
        if subgroup is not None:
            labels = require_column(df, subgroup, "--subgroup")
            empty = labels.isna().to_numpy()
            if empty.any():
                empty_row_failure(empty, subgroup)
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
                title=_("Process capability"),
                figures=[capability_histogram(result, values)],
                summary=summary,
            )
        if as_json:
            emit_json(payload)
        elif html is None:
            _capability_table(payload, notes)

    @analyze_app.command("pareto", help=gettext_noop("Pareto analysis of defect categories."))
    def pareto_cmd(
        file: Path = typer.Argument(..., help=gettext_noop("CSV or XLSX file of defects.")),
        category: str = typer.Option(..., "--category", help=gettext_noop("Category column.")),
        count: str | None = typer.Option(
            None,
            "--count",
            help=gettext_noop("Count column (omit to count rows per category)."),
        ),
        cutoff: float = typer.Option(
            0.8, "--cutoff", help=gettext_noop("Cumulative share of the vital few.")
        ),
        other_after: float | None = typer.Option(
            None,
            "--other-after",
            help=gettext_noop("Combine categories after this cumulative share into Other."),
        ),
        max_categories: int | None = typer.Option(
            None, "--max-categories", help=gettext_noop("Keep at most N categories.")
        ),
        as_json: bool = typer.Option(False, "--json", help=gettext_noop("Print one JSON object.")),
        html: Path | None = typer.Option(
            None, "--html", help=gettext_noop("Write an HTML report.")
        ),
    ) -> None:
        """Pareto analysis of defect categories."""
        from qualitas.analytics.errors import AnalyticsError
        from qualitas.analytics.pareto import pareto

        df = read_table(file)
        labels = require_column(df, category, "--category")
        counts = None
        if count is not None:
            numbers = numeric_column(df, count, "--count")
            empty = numbers.isna().to_numpy()
            if empty.any():
                empty_row_failure(empty, count)
            negative = (numbers < 0).to_numpy()
            if negative.any():
                row = int(negative.nonzero()[0][0])
                fail(
                    _("row %(row)s: column %(column)r has a negative count %(count)s")
                    % {"row": row + 2, "column": count, "count": f"{numbers.iloc[row]:g}"}
                )
            counts = numbers.to_numpy(dtype=float)
        empty_labels = labels.isna().to_numpy()
        if empty_labels.any():
            empty_row_failure(empty_labels, category)
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
                title=_("Pareto analysis"),
                figures=[pareto_chart(result)],
                summary={"total": payload["total"], "vital_few": payload["vital_few"]},
            )
        if as_json:
            emit_json(payload)
        elif html is None:
            table = Table(title=_("Pareto analysis"))
            for col in (
                _("category"),
                _("count"),
                "%",
                _("cumulative %"),
                _("vital"),
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
