"""Helpers shared by the CLI modules: reading tables, reporting errors, output.

A bad input never shows a traceback: :func:`fail` prints one line to standard
error, in the user's language (:mod:`qualitas.cli.i18n`), and exits with status 2;
:func:`fail_error` does the same for a :class:`~qualitas.core.errors.DomainError`, naming its
row and field.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from qualitas.cli.i18n import gettext as _

console = Console()
err_console = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Print one line naming the problem and exit with status 2."""
    label = _("error:")
    err_console.print(
        f"[bold red]{escape(label)}[/] {escape(str(message))}",
        highlight=False,
        soft_wrap=True,
    )
    raise typer.Exit(code=2)


def error_line(exc: BaseException, prefix: str = "") -> str:
    """One line for an error: its message, after its row and field when it names them."""
    message = str(exc)
    row = getattr(exc, "row", None)
    field = getattr(exc, "field", None)
    if row is not None and field:
        message = _("row %(row)s, %(field)s: %(message)s") % {
            "row": row,
            "field": field,
            "message": message,
        }
    elif row is not None:
        message = _("row %(row)s: %(message)s") % {"row": row, "message": message}
    elif field:
        message = _("%(field)s: %(message)s") % {"field": field, "message": message}
    return f"{prefix}: {message}" if prefix else message


def fail_error(exc: BaseException, prefix: str = "") -> NoReturn:
    """:func:`fail` with an exception (a DomainError: its row and field are named)."""
    fail(error_line(exc, prefix))


def read_table(path: Path) -> Any:
    """Read a CSV or XLSX file into a pandas DataFrame, or fail with one line."""
    import pandas as pd

    if not path.exists():
        fail(_("file not found: %(path)s") % {"path": path})
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, engine="openpyxl")
        if suffix in (".csv", ".txt", ""):
            return pd.read_csv(path)
    except Exception as exc:  # noqa: BLE001 - any parser error becomes one line
        fail(_("cannot read %(file)s: %(error)s") % {"file": path.name, "error": exc})
    fail(_("unsupported file type %(suffix)r: use .csv or .xlsx") % {"suffix": suffix})


def require_column(df: Any, column: str | None, option: str) -> Any:
    """The named column, or fail naming the option and the available columns."""
    if column is None:
        fail(_("%(option)s is required") % {"option": option})
    if column not in df.columns:
        fail(
            _("column %(column)r (%(option)s) not found; columns are: %(columns)s")
            % {"column": column, "option": option, "columns": ", ".join(map(str, df.columns))}
        )
    return df[column]


def numeric_column(df: Any, column: str | None, option: str) -> Any:
    """The named column as floats, or fail naming the first non-numeric row (1-based data row)."""
    import pandas as pd

    series = require_column(df, column, option)
    converted = pd.to_numeric(series, errors="coerce")
    bad = converted.isna() & series.notna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0]) + 2  # +1 for 1-based, +1 for the header line
        fail(
            _("row %(row)s: column %(column)r has non-numeric value %(value)r")
            % {"row": row, "column": column, "value": series.iloc[row - 2]}
        )
    return converted


def empty_row_failure(mask: Any, column: str) -> None:
    """Fail naming the first row (1-based, after the header) where ``mask`` is true: the column is empty."""
    if mask.any():
        row = int(mask.nonzero()[0][0]) + 2
        fail(_("row %(row)s: column %(column)r is empty") % {"row": row, "column": column})


def jsonable(value: Any) -> Any:
    """Convert numpy scalars/arrays, tuples and non-finite floats into JSON-ready values."""
    import numpy as np

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
    return value


def emit_json(payload: dict[str, Any]) -> None:
    """Print one JSON object on standard output."""
    typer.echo(json.dumps(jsonable(payload), ensure_ascii=False, allow_nan=False))
