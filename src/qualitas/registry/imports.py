"""Bulk import of enterprises from CSV or XLSX: every row validated first, all or nothing.

The report lists every bad row with its line number (the header is line 1), the column and
the reason. Nothing is written unless the whole file is valid. Progress is reported through a
callback (the CLI draws a bar; the page polls a :class:`~qualitas.core.models.Job`).
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, may_import_row
from qualitas.core.choices import JobStatus
from qualitas.core.errors import DomainError
from qualitas.core.models import Job
from qualitas.registry.models import Enterprise
from qualitas.registry.services import enterprises_bulk_create
from qualitas.registry.validation import (
    COLUMNS,
    REQUIRED,
    clear_caches,
    validate_enterprise,
)

Progress = Callable[[str, int, int], None]  # (phase, done, total)
MAX_REPORTED = 1000  # problems listed in full; the count is always exact
MAX_ROWS = 200_000  # rows per file, counted while reading (a small XLSX may expand to millions)

DUPLICATE_LINE = _("duplicate of line %(line)s")
OUTSIDE_REGIONS = _("outside your regions")
ALREADY_REGISTERED = _("already registered: %(code)s")
logger = logging.getLogger(__name__)
IMPORTED = _("%(n)s enterprises imported")
NOTHING_IMPORTED = _("%(n)s problem(s); nothing was imported")
IMPORT_BROKE = _("the import stopped: %(error)s; nothing was imported")


@dataclass
class RowError:
    """A bad cell: its line (the header is line 1), its column, and the message in the language
    of the user who imports (the page's, ``LANG`` on the command line; a background job
    keeps the language of the request that started it)."""

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


class ImportFileError(DomainError):
    """The file as a whole cannot be read (type, encoding, header)."""

    def __init__(self, message: Any, **params: Any) -> None:
        super().__init__(message, field="file", **params)


def _rows_csv(data: bytes) -> Iterator[dict[str, Any]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("the CSV file is neither UTF-8 nor GB18030"))
    # newline="": the csv module splits lines itself, bare CR (old Mac files) included
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _check_header(reader.fieldnames or [])
        yield from reader
    except csv.Error as exc:
        raise ImportFileError(
            _("line %(line)s of the CSV file cannot be read: %(error)s"),
            line=reader.line_num,
            error=str(exc),
        ) from None


def _rows_xlsx(data: bytes) -> Iterator[dict[str, Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(_("not a readable XLSX file: %(error)s"), error=exc) from None
    ws = wb.worksheets[0]
    # the declared dimension may understate the rows (some writers leave it stale): read the
    # sheet to its end rather than to the declared last row
    ws.reset_dimensions()
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
            _("missing column(s): %(missing)s; expected columns: %(expected)s"),
            missing=", ".join(missing),
            expected=", ".join(COLUMNS),
        )


def read_rows(*, filename: str, content: bytes) -> list[dict[str, Any]]:
    """All data rows of a CSV or XLSX file as dicts keyed by the header."""
    suffix = Path(filename).suffix.lower()
    if suffix in (".csv", ".xlsx", ".xlsm"):
        rows: list[dict[str, Any]] = []
        for row in _rows_csv(content) if suffix == ".csv" else _rows_xlsx(content):
            if len(rows) == MAX_ROWS:
                raise ImportFileError(
                    _("more than %(max)s rows: split the file"), max=f"{MAX_ROWS:,}"
                )
            rows.append(row)
        return rows
    raise ImportFileError(
        _("unsupported file type %(suffix)s: use .csv or .xlsx"), suffix=suffix or _("(none)")
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
                add(line, "credit_code", DUPLICATE_LINE % {"line": seen[code]})
            else:
                seen[code] = line
        if data.get("region_id") and not may_import_row(actor, data["region_id"]):
            add(line, "region", str(OUTSIDE_REGIONS))
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
                add(seen[code], "credit_code", ALREADY_REGISTERED % {"code": code})
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
        kind="import_enterprises",
        created_by=actor.user,
        params={"filename": filename, "language": translation.get_language()},
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
    # the messages (rows, job) in the language of the request that started the import
    language = job.params.get("language") or settings.LANGUAGE_CODE
    with translation.override(language):
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
        except Exception as exc:  # a job always ends, with the reason (issue 16 §5)
            logger.exception("enterprise import job %s failed", job_id)
            Job.objects.filter(pk=job_id).update(
                status=JobStatus.FAILED,
                message=str(IMPORT_BROKE % {"error": f"{type(exc).__name__}: {exc}"}),
                finished_at=timezone.now(),
            )
            return
        finally:
            path.unlink(missing_ok=True)
        status = JobStatus.SUCCEEDED if result.ok else JobStatus.FAILED
        message = (
            IMPORTED % {"n": result.created}
            if result.ok
            else NOTHING_IMPORTED % {"n": result.error_count}
        )
    Job.objects.filter(pk=job_id).update(
        status=status,
        message=message,
        result=result.as_dict(),
        finished_at=timezone.now(),
        done=2 * result.rows,
        total=2 * result.rows,
    )
