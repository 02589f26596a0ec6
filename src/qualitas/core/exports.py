"""CSV and XLSX exports of lists, streamed so that large lists do not sit in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

MAX_XLSX_ROWS = 1_000_000  # the sheet limit is 1,048,576


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
            ws.append([v if v is None or isinstance(v, (int, float)) else str(v) for v in row])
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
            yield writer.writerow(["" if v is None else v for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
