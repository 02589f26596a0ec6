"""Helpers shared by the CLI modules: reading tables, reporting errors, output.

A bad input never shows a traceback: :func:`fail` prints one line to standard
error and exits with status 2.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Print one line naming the problem and exit with status 2."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=2)


def read_table(path: Path) -> Any:
    """Read a CSV or XLSX file into a pandas DataFrame, or fail with one line."""
    import pandas as pd

    if not path.exists():
        fail(f"file not found: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return pd.read_excel(path, engine="openpyxl")
        if suffix in (".csv", ".txt", ""):
            return pd.read_csv(path)
    except Exception as exc:  # noqa: BLE001 - any parser error becomes one line
        fail(f"cannot read {path.name}: {exc}")
    fail(f"unsupported file type {suffix!r}: use .csv or .xlsx")


def require_column(df: Any, column: str | None, option: str) -> Any:
    """The named column, or fail naming the option and the available columns."""
    if column is None:
        fail(f"{option} is required")
    if column not in df.columns:
        fail(
            f"column {column!r} ({option}) not found; columns are: {', '.join(map(str, df.columns))}"
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
        fail(f"row {row}: column {column!r} has non-numeric value {series.iloc[row - 2]!r}")
    return converted


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
