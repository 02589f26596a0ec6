"""Bulk import of enterprises from CSV or XLSX: every row validated first, all or nothing.

The report lists every bad row with its line number (the header is line 1), the column and
the reason. Nothing is written unless the whole file is valid. Progress is reported through a
callback (the CLI draws a bar; the page polls a :class:`~qualitas.core.models.Job`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qualitas.core.access import Actor, may_import_row
from qualitas.core.choices import JobStatus
from qualitas.core.models import Job
from qualitas.registry.models import Enterprise
from qualitas.registry.services import enterprises_bulk_create
from qualitas.registry.validation import COLUMNS, REQUIRED, clear_caches, validate_enterprise

Progress = Callable[[str, int, int], None]  # (phase, done, total)
MAX_REPORTED = 1000  # problems listed in full; the count is always exact


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "error_count": self.error_count,
            "errors": [
                {"line": e.line, "column": e.column, "message": e.message} for e in self.errors
            ],
        }


class ImportFileError(ValueError):
    """The file as a whole cannot be read (type, encoding, header)."""


def _rows_csv(data: bytes) -> Iterator[dict[str, Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("the CSV file is neither UTF-8 nor GB18030 / CSV 文件编码无法识别")
    reader = csv.DictReader(io.StringIO(text))
    _check_header(reader.fieldnames or [])
    yield from reader


def _rows_xlsx(data: bytes) -> Iterator[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(f"not a readable XLSX file: {exc} / 无法读取 XLSX 文件") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    _check_header(header)
    for values in rows:
        if values is None or all(v is None for v in values):
            continue
        yield {
            h: ("" if v is None else (v.isoformat()[:10] if hasattr(v, "isoformat") else v))
            for h, v in zip(header, values, strict=False)
        }


def _check_header(header: Sequence[str]) -> None:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(
            f"missing column(s): {', '.join(missing)}; expected columns: {', '.join(COLUMNS)} / 缺少列：{'、'.join(missing)}"
        )


def read_rows(*, filename: str, content: bytes) -> list[dict[str, Any]]:
    """All data rows of a CSV or XLSX file as dicts keyed by the header."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        return list(_rows_csv(content))
    if suffix in (".xlsx", ".xlsm"):
        return list(_rows_xlsx(content))
    raise ImportFileError(
        f"unsupported file type {suffix or '(none)'}: use .csv or .xlsx / 仅支持 .csv 或 .xlsx"
    )


def import_enterprises(
    *, actor: Actor, filename: str, content: bytes, progress: Progress | None = None
) -> ImportResult:
    """Validate every row, then create all enterprises in one transaction, or none."""
    notify = progress or (lambda phase, done, total: None)
    clear_caches()
    rows = read_rows(filename=filename, content=content)
    result = ImportResult(rows=len(rows))
    total = len(rows)
    seen: dict[str, int] = {}
    cleaned: list[dict[str, Any]] = []
    step = max(1, total // 100)

    def add(line: int, column: str, message: str) -> None:
        result.error_count += 1
        if len(result.errors) < MAX_REPORTED:
            result.errors.append(RowError(line, column, message))

    for index, row in enumerate(rows):
        line = index + 2
        data, problems = validate_enterprise(row)
        for p in problems:
            add(line, p.field, p.message)
        code = data.get("credit_code")
        if code:
            if code in seen:
                add(line, "credit_code", f"duplicate of line {seen[code]} / 与第{seen[code]}行重复")
            else:
                seen[code] = line
        if data.get("region_id") and not may_import_row(actor, data["region_id"]):
            add(line, "region", "outside your regions / 不在您的辖区内")
        cleaned.append(data)
        if index % step == 0:
            notify("validate", index + 1, total)
    notify("validate", total, total)
    if seen:
        codes = list(seen)
        for i in range(0, len(codes), 20000):
            for code in Enterprise.objects.filter(credit_code__in=codes[i : i + 20000]).values_list(
                "credit_code", flat=True
            ):
                add(seen[code], "credit_code", f"already registered: {code} / 该代码已登记")
    if not result.ok:
        result.errors.sort(key=lambda e: e.line)
        return result
    enterprises = [Enterprise(**data) for data in cleaned]
    batch = 10000
    with transaction.atomic():
        for i in range(0, len(enterprises), batch):
            result.created += enterprises_bulk_create(
                actor=actor.user, enterprises=enterprises[i : i + batch]
            )
            notify("write", min(i + batch, total), total)
    return result


def _upload_path(job: Job) -> Path:
    return (
        Path(settings.MEDIA_ROOT)
        / "imports"
        / f"job-{job.pk}{Path(job.params['filename']).suffix.lower()}"
    )


def import_job_start(*, actor: Actor, filename: str, content: bytes) -> Job:
    """Store the upload and enqueue the import as a background task; returns the job to watch."""
    from qualitas.registry.tasks import run_enterprise_import

    job = Job.objects.create(
        kind="import_enterprises", created_by=actor.user, params={"filename": filename}
    )
    path = _upload_path(job)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    transaction.on_commit(lambda: run_enterprise_import.enqueue(job_id=job.pk))
    return job


def import_job_run(*, job_id: int) -> None:
    """Body of the background task: run the import and keep the job's progress up to date."""
    from qualitas.core.access import actor_for

    job = Job.objects.select_related("created_by").get(pk=job_id)
    job.status = JobStatus.RUNNING
    job.save(update_fields=["status"])

    def progress(phase: str, done: int, total: int) -> None:
        # validation is the first half of the bar, writing the second
        Job.objects.filter(pk=job_id).update(
            total=2 * total, done=done + (total if phase == "write" else 0), message=phase
        )

    path = _upload_path(job)
    try:
        result = import_enterprises(
            actor=actor_for(job.created_by),
            filename=job.params["filename"],
            content=path.read_bytes(),
            progress=progress,
        )
    except ImportFileError as exc:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, message=str(exc), finished_at=timezone.now()
        )
        return
    finally:
        path.unlink(missing_ok=True)
    status = JobStatus.SUCCEEDED if result.ok else JobStatus.FAILED
    message = (
        f"{result.created} enterprises imported / 已导入 {result.created} 家企业"
        if result.ok
        else f"{result.error_count} problem(s); nothing was imported / 发现 {result.error_count} 个问题，未导入任何数据"
    )
    Job.objects.filter(pk=job_id).update(
        status=status,
        message=message,
        result=result.as_dict(),
        finished_at=timezone.now(),
        done=2 * result.rows,
        total=2 * result.rows,
    )
