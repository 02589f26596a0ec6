"""CSV and XLSX exports of lists, streamed so that large lists do not sit in memory.

Every export is described by its :class:`Column` list: a stable machine key, a header in the
reader's language and, for coded values (``small``, ``active``), the labels of the codes. A
download from a page has the headers and the coded values in the reader's language; with
``?header=keys`` (see :func:`wants_keys`; the API's ``header=keys``) it has the machine keys
and the raw codes, stable across languages and releases, for programs.

Cell values are written safely: a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be read as a formula by a spreadsheet program (formula injection), so
the CSV carries it behind an apostrophe and the XLSX as a text cell marked "quote prefix"
(never a formula); control characters that XLSX cannot hold are replaced by U+FFFD instead
of failing the download.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

MAX_XLSX_ROWS = 1_000_000  # the sheet limit is 1,048,576

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# what openpyxl refuses (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE): C0 controls but tab, LF, CR
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_REPLACEMENT = "\ufffd"
_NUMBERS = (bool, int, float, Decimal)


@dataclass(frozen=True)
class Column:
    """One column of an export.

    ``key`` is the machine header (``?header=keys``); ``label`` the header in the reader's
    language (a gettext_lazy string); ``choices`` the labels of a coded column (a mapping code →
    label, or Django ``choices`` pairs) used instead of the code unless keys are asked for.
    """

    key: str
    label: Any
    choices: Mapping[Any, Any] | Sequence[tuple[Any, Any]] | None = None


def wants_keys(request: HttpRequest) -> bool:
    """``?header=keys``: machine keys and raw codes instead of the reader's language."""
    return request.GET.get("header", "") == "keys"


def _safe_text(text: str) -> str:
    return _ILLEGAL.sub(_REPLACEMENT, text)


def _cell(value: Any) -> Any:
    """A value as a file holds it: aware times as the platform's local time (Asia/Shanghai),
    ``2026-12-02 04:30:00``, as the pages show them; others unchanged."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    return value


def csv_safe(value: Any) -> Any:
    """A value for a CSV cell: text that a spreadsheet would take for a formula behind an
    apostrophe (``'=1+1``), control characters replaced; numbers and empty cells unchanged."""
    if value is None:
        return ""
    value = _cell(value)
    if isinstance(value, _NUMBERS):
        return value
    text = _safe_text(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text


def _converter(columns: Sequence[Column], keys: bool) -> Callable[[Sequence[Any]], list[Any]]:
    """Row → cells: coded values and booleans as labels in the active language (resolved
    now, not while the response streams after the request's language is gone)."""
    if keys:
        return list
    maps: list[dict[Any, str] | None] = []
    for col in columns:
        if col.choices is None:
            maps.append(None)
            continue
        pairs = col.choices.items() if isinstance(col.choices, Mapping) else col.choices
        maps.append({code: str(label) for code, label in pairs})
    yes, no = gettext("Yes"), gettext("No")

    def convert(row: Sequence[Any]) -> list[Any]:
        out = []
        for i, value in enumerate(row):
            labels = maps[i] if i < len(maps) else None
            if labels is not None and isinstance(value, (str, int)) and value in labels:
                value = labels[value]
            elif isinstance(value, bool):
                value = yes if value else no
            out.append(value)
        return out

    return convert


class _Echo:
    def write(self, value: str) -> str:
        return value


def _xlsx_row(ws: Any, values: Sequence[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    cells: list[Any] = []
    for v in values:
        v = _cell(v)
        if v is None or isinstance(v, _NUMBERS):
            cells.append(v)
            continue
        text = _safe_text(str(v))
        cell = WriteOnlyCell(ws, value=text)
        if text.startswith(FORMULA_START):
            cell.data_type = "s"  # openpyxl would store "=..." as a formula
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        cells.append(cell)
    return cells


def export_response(
    *,
    rows: Iterable[Sequence[Any]],
    filename: str,
    fmt: str,
    columns: Sequence[Column] | None = None,
    header: Sequence[str] | None = None,
    keys: bool = False,
) -> HttpResponse | StreamingHttpResponse:
    """A CSV (UTF-8 with BOM, so spreadsheet programs read Chinese) or XLSX download.

    ``columns`` gives the headers in the reader's language and the labels of coded values
    (``keys=True``: the machine keys and the raw codes); ``header`` a fixed header of machine
    keys (files read back by programs, such as the import template)."""
    if columns is not None:
        head = [c.key if keys else str(c.label) for c in columns]
        convert = _converter(columns, keys)
    else:
        head = list(header or [])
        convert = list
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("export")
        ws.append(_xlsx_row(ws, head))
        for i, row in enumerate(rows):
            if i >= MAX_XLSX_ROWS:
                break
            ws.append(_xlsx_row(ws, convert(row)))
        buffer = io.BytesIO()
        wb.save(buffer)
        xlsx = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        xlsx["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return xlsx
    writer = csv.writer(_Echo())
    first = writer.writerow([csv_safe(h) for h in head])

    def stream() -> Iterable[str]:
        yield "\ufeff" + first
        for row in rows:
            yield writer.writerow([csv_safe(v) for v in convert(row)])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
