"""CSV and XLSX exports of lists, streamed so that large lists do not sit in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

MAX_XLSX_ROWS = 1_000_000  # the sheet limit is 1,048,576


def _cell(value: Any) -> Any:
    """A value as a file holds it: aware times as the platform's local time (Asia/Shanghai),
    ``2026-12-02 04:30:00``, as the pages show them; others unchanged."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_response(
    *, rows: Iterable[Sequence[Any]], header: Sequence[str], filename: str, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """A CSV (UTF-8 with BOM, so spreadsheet programs read Chinese) or XLSX download."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("export")
        ws.append(list(header))
        for i, row in enumerate(rows):
            if i >= MAX_XLSX_ROWS:
                break
            cells = [_cell(v) for v in row]
            ws.append([v if v is None or isinstance(v, (int, float)) else str(v) for v in cells])
        buffer = io.BytesIO()
        wb.save(buffer)
        xlsx = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        xlsx["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return xlsx
    writer = csv.writer(_Echo())

    def stream() -> Iterable[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if v is None else _cell(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
