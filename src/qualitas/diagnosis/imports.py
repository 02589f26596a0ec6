"""Data sets: upload a CSV/XLSX, preview it, map columns, import measurements (a service).

The import runs as a background task (django-tasks) with progress on a ``core.models.Job``, like
``registry/imports.py``: every row is checked first (time, value, subgroup), bad rows are listed
with their line number (the header is line 1) and reason, and nothing is stored unless the whole
file is valid. Files up to ``MAX_ROWS`` rows; the rows land through the same ingest service as the
streaming API (batches of 100,000, batch ids ``dataset-<id>-<n>``), so monitored characteristics
are checked and a re-run import of the same data set stores nothing twice.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qualitas.core.access import Actor, Forbidden, may_write_quality_data
from qualitas.core.audit import audit_append
from qualitas.core.choices import JobStatus
from qualitas.core.models import Job
from qualitas.diagnosis.choices import BatchSource, DataSetStatus
from qualitas.diagnosis.ingest import MAX_POINTS, DiagnosisError, ParsedBatch, measurements_ingest
from qualitas.diagnosis.models import Characteristic, DataSet

MAX_ROWS = 1_000_000
MAX_REPORTED = 1000
PREVIEW_ROWS = 10


def read_frame(path: str | Path, name: str, *, nrows: int | None = None) -> pd.DataFrame:
    """The first sheet / the CSV as strings-or-numbers, header on line 1 (UTF-8 or GB18030 CSV)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return pd.read_csv(
                    path,
                    encoding=encoding,
                    nrows=nrows,
                    dtype=str,
                    keep_default_na=False,
                    na_values=[""],
                )
            except UnicodeDecodeError:
                continue
        raise DiagnosisError(
            "the CSV file is neither UTF-8 nor GB18030 / CSV 文件编码无法识别", field="file"
        )
    if suffix in (".xlsx", ".xlsm"):
        try:
            return pd.read_excel(path, nrows=nrows, engine="openpyxl")
        except Exception as exc:
            raise DiagnosisError(
                f"not a readable XLSX file: {exc} / 无法读取 XLSX 文件", field="file"
            ) from None
    raise DiagnosisError(
        f"unsupported file type {suffix or '(none)'}: use .csv or .xlsx / 仅支持 .csv 或 .xlsx",
        field="file",
    )


def dataset_upload(
    *, actor: Actor, enterprise_id: int, filename: str, content: bytes, name: str = ""
) -> DataSet:
    """Store an uploaded file and read its header and row count (no measurements are written yet)."""
    if not may_write_quality_data(actor, enterprise_id):
        raise Forbidden("you may not upload data for this enterprise / 您无权为该企业上传数据")
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise DiagnosisError("use a .csv or .xlsx file / 仅支持 .csv 或 .xlsx", field="file")
    ds = DataSet(
        enterprise_id=enterprise_id, name=(name or Path(filename).stem)[:200], created_by=actor.user
    )
    ds.file.save(f"{timezone.now():%Y%m%d%H%M%S}{suffix}", ContentFile(content), save=False)
    try:
        if suffix == ".csv":
            head = read_frame(ds.file.path, filename, nrows=0)
            lines = content.count(b"\n") - 1 + (0 if content.endswith(b"\n") else 1)
            rows = max(0, lines)
        else:
            frame = read_frame(ds.file.path, filename)
            head, rows = frame, len(frame)
    except DiagnosisError:
        ds.file.delete(save=False)
        raise
    if rows > MAX_ROWS:
        ds.file.delete(save=False)
        raise DiagnosisError(
            f"{rows} rows: at most {MAX_ROWS} per file / 每个文件最多 {MAX_ROWS} 行", field="file"
        )
    ds.columns = [str(c) for c in head.columns]
    ds.row_count = rows
    with transaction.atomic():
        ds.save()
        audit_append(
            actor=actor.user,
            action="create",
            model="diagnosis.dataset",
            object_pk=ds.pk,
            changes={"name": ds.name, "rows": rows},
        )
    return ds


def dataset_preview(ds: DataSet) -> list[list[Any]]:
    """The first rows, as shown on the mapping step."""
    frame = read_frame(ds.file.path, ds.file.name, nrows=PREVIEW_ROWS)
    return [["" if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False)]


def _check(
    frame: pd.DataFrame, mapping: dict[str, str]
) -> tuple[np.ndarray, np.ndarray, list[str], list[dict[str, Any]], int]:
    """Vectorised row checks: (times, values, subgroups, first errors, error count)."""
    errors: list[dict[str, Any]] = []
    count = 0
    n = len(frame)
    bad_any = np.zeros(n, dtype=bool)

    def report(mask: np.ndarray, column: str, message: str) -> None:
        nonlocal count
        idx = np.nonzero(mask)[0]
        count += idx.size
        for i in idx[: max(0, MAX_REPORTED - len(errors))]:
            errors.append(
                {
                    "line": int(i) + 2,
                    "column": column,
                    "message": message.format(value=frame[column].iloc[i]),
                }
            )
        bad_any[idx] = True

    tcol, vcol, scol = mapping["time"], mapping["value"], mapping.get("subgroup") or ""
    raw_t = frame[tcol]
    times = (
        pd.to_datetime(raw_t.astype(str), errors="coerce", format="ISO8601")
        if raw_t.dtype == object
        else pd.to_datetime(raw_t, errors="coerce")
    )
    report(
        times.isna().to_numpy(),
        tcol,
        "{value!r} is not a date and time (use e.g. 2025-03-01 08:15:00) / 不是有效的日期时间",
    )
    if getattr(times.dt, "tz", None) is None:
        times = times.dt.tz_localize(
            timezone.get_current_timezone(), nonexistent="shift_forward", ambiguous="NaT"
        )
    values = pd.to_numeric(frame[vcol], errors="coerce").to_numpy(dtype=float)
    report(~np.isfinite(values), vcol, "{value!r} is not a number / 不是数字")
    if scol:
        sub = frame[scol].fillna("").astype(str)
        report(
            (sub.str.len() > 64).to_numpy()
            | sub.str.contains(r"[\t\n\r\\]", regex=True).to_numpy(),
            scol,
            "subgroup label longer than 64 characters or with a tab/backslash / 子组标签过长或含非法字符",
        )
        subgroups = sub.tolist()
    else:
        subgroups = [""] * n
    errors.sort(key=lambda e: e["line"])
    utc = (
        times.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
        if count == 0
        else np.array([], dtype="datetime64[us]")
    )
    return utc, values, subgroups, errors, count


def dataset_import_start(
    *, actor: Actor, dataset: DataSet, characteristic: Characteristic, mapping: dict[str, str]
) -> Job:
    """Save the mapping and enqueue the import; returns the job to watch."""
    from qualitas.diagnosis.tasks import run_dataset_import

    if (
        not may_write_quality_data(actor, dataset.enterprise_id)
        or characteristic.enterprise_id != dataset.enterprise_id
    ):
        raise Forbidden("you may not import into this characteristic / 您无权导入该特性")
    for key in ("time", "value"):
        if not mapping.get(key) or mapping[key] not in dataset.columns:
            raise DiagnosisError(
                f"choose the {key} column / 请选择{'时间' if key == 'time' else '数值'}列",
                field=key,
            )
    if mapping.get("subgroup") and mapping["subgroup"] not in dataset.columns:
        raise DiagnosisError(
            "the subgroup column is not in the file / 子组列不存在", field="subgroup"
        )
    with transaction.atomic():
        job = Job.objects.create(
            kind="diagnosis_dataset_import",
            created_by=actor.user,
            params={"dataset": dataset.pk, "characteristic": characteristic.pk},
            total=max(1, dataset.row_count),
        )
        dataset.mapping = {k: v for k, v in mapping.items() if v}
        dataset.characteristic = characteristic
        dataset.status = DataSetStatus.IMPORTING
        dataset.job = job
        dataset.save(update_fields=["mapping", "characteristic", "status", "job"])
        transaction.on_commit(lambda: run_dataset_import.enqueue(job_id=job.pk))
    return job


def dataset_import_run(*, job_id: int) -> None:
    """Body of the background task: validate every row, then store all rows in one transaction, or none."""
    job = Job.objects.get(pk=job_id)
    ds = DataSet.objects.select_related("characteristic").get(pk=job.params["dataset"])
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, message="validate")

    def fail(message: str, result: dict[str, Any] | None = None) -> None:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED,
            message=message,
            result=result or {},
            finished_at=timezone.now(),
        )
        DataSet.objects.filter(pk=ds.pk).update(status=DataSetStatus.FAILED)

    try:
        frame = read_frame(ds.file.path, ds.file.name)
    except DiagnosisError as exc:
        fail(str(exc))
        return
    total = len(frame)
    Job.objects.filter(pk=job_id).update(total=2 * max(1, total), done=0)
    times, values, subgroups, errors, count = _check(frame, ds.mapping)
    Job.objects.filter(pk=job_id).update(done=max(1, total))
    if count:
        fail(
            f"{count} problem(s); nothing was imported / 发现 {count} 个问题，未导入任何数据",
            {"rows": total, "error_count": count, "errors": errors},
        )
        return
    # dataset_import_start sets the characteristic before it schedules this task
    c = cast(Characteristic, ds.characteristic)
    stored = 0
    try:
        with transaction.atomic():
            for part, start in enumerate(range(0, total, MAX_POINTS)):
                end = min(total, start + MAX_POINTS)
                batch = ParsedBatch(
                    batch_id=f"dataset-{ds.pk}-{part}",
                    times=times[start:end],
                    values=values[start:end],
                    subgroups=subgroups[start:end],
                )
                res = measurements_ingest(characteristic=c, batch=batch, source=BatchSource.UPLOAD)
                stored += 0 if res.duplicate else res.stored
                Job.objects.filter(pk=job_id).update(done=total + end, message="write")
    except Exception as exc:
        fail(f"import failed, nothing was stored: {exc} / 导入失败，未保存任何数据")
        return
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
        done=2 * max(1, total),
        message=f"{stored} measurements imported / 已导入 {stored} 个测量值",
        result={"rows": total, "stored": stored, "error_count": 0, "errors": []},
    )
    DataSet.objects.filter(pk=ds.pk).update(status=DataSetStatus.IMPORTED)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Helper for tests and the demo: a data frame as UTF-8 CSV bytes."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode()
