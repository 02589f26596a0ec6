"""Data sets: upload a CSV/XLSX, preview it, map columns, import measurements (a service).

The import runs as a background task (django-tasks, :func:`run_dataset_import`) with progress on a ``core.models.Job``, like
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
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext
from django_tasks import task

from qualitas.core.access import Actor, Forbidden, may_write_quality_data
from qualitas.core.audit import audit_append
from qualitas.core.choices import JobStatus
from qualitas.core.models import Job
from qualitas.diagnosis.choices import BatchSource, DataSetStatus
from qualitas.diagnosis.errors import DiagnosisError
from qualitas.diagnosis.ingest import MAX_POINTS, ParsedBatch, measurements_ingest
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
        raise DiagnosisError(_("the CSV file is neither UTF-8 nor GB18030"), field="file")
    if suffix in (".xlsx", ".xlsm"):
        try:
            return pd.read_excel(path, nrows=nrows, engine="openpyxl")
        except Exception as exc:
            raise DiagnosisError(
                _("not a readable XLSX file: %(error)s"), field="file", error=str(exc)
            ) from None
    raise DiagnosisError(
        _("unsupported file type %(suffix)s: use .csv or .xlsx"),
        field="file",
        suffix=suffix or "(none)",
    )


def dataset_upload(
    *, actor: Actor, enterprise_id: int, filename: str, content: bytes, name: str = ""
) -> DataSet:
    """Store an uploaded file and read its header and row count (no measurements are written yet)."""
    if not may_write_quality_data(actor, enterprise_id):
        raise Forbidden(_("you may not upload data for this enterprise"))
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise DiagnosisError(_("use a .csv or .xlsx file"), field="file")
    ds = DataSet(
        enterprise_id=enterprise_id, name=(name or Path(filename).stem)[:200], created_by=actor.user
    )
    ds.file.save(f"{timezone.now():%Y%m%d%H%M%S}{suffix}", ContentFile(content), save=False)
    try:
        if suffix == ".csv":
            head = read_frame(ds.file.path, filename, nrows=0)
            lines = content.count(b"\n") - 1 + (0 if content.endswith(b"\n") else 1)
            rows = max(0, lines)
        else:  # read no further than one row past the limit
            frame = read_frame(ds.file.path, filename, nrows=MAX_ROWS + 1)
            head, rows = frame, len(frame)
    except DiagnosisError:
        ds.file.delete(save=False)
        raise
    if rows > MAX_ROWS:
        ds.file.delete(save=False)
        raise DiagnosisError(
            _("%(rows)s rows: at most %(max)s per file"), field="file", rows=rows, max=MAX_ROWS
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
) -> tuple[np.ndarray, np.ndarray, list[str], list[dict[str, Any]], int, np.ndarray | None]:
    """Vectorised row checks: (times, values, subgroups, first errors, error count, sample sizes)."""
    errors: list[dict[str, Any]] = []
    count = 0
    n = len(frame)
    bad_any = np.zeros(n, dtype=bool)

    def report(mask: np.ndarray, column: str, message: Any) -> None:
        nonlocal count
        idx = np.nonzero(mask)[0]
        count += idx.size
        for i in idx[: max(0, MAX_REPORTED - len(errors))]:
            errors.append(
                {
                    "line": int(i) + 2,
                    "column": column,
                    "message": str(message) % {"value": repr(frame[column].iloc[i])},
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
        _("%(value)s is not a date and time (use e.g. 2025-03-01 08:15:00)"),
    )
    if getattr(times.dt, "tz", None) is None:
        times = times.dt.tz_localize(
            timezone.get_current_timezone(), nonexistent="shift_forward", ambiguous="NaT"
        )
    values = pd.to_numeric(frame[vcol], errors="coerce").to_numpy(dtype=float)
    report(~np.isfinite(values), vcol, _("%(value)s is not a number"))
    if scol:
        sub = frame[scol].fillna("").astype(str)
        report(
            (sub.str.len() > 64).to_numpy()
            | sub.str.contains(r"[\t\n\r\\]", regex=True).to_numpy(),
            scol,
            _("subgroup label %(value)s is longer than 64 characters or has a tab or backslash"),
        )
        subgroups = sub.tolist()
    else:
        subgroups = [""] * n
    sizes = None
    if mapping.get("size"):
        zcol = mapping["size"]
        sizes = pd.to_numeric(frame[zcol], errors="coerce").to_numpy(dtype=float)
        report(~np.isfinite(sizes) | (sizes <= 0), zcol, _("%(value)s is not a sample size"))
    errors.sort(key=lambda e: e["line"])
    utc = (
        times.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[us]")
        if count == 0
        else np.array([], dtype="datetime64[us]")
    )
    return utc, values, subgroups, errors, count, sizes


def dataset_import_start(
    *, actor: Actor, dataset: DataSet, characteristic: Characteristic, mapping: dict[str, str]
) -> Job:
    """Save the mapping and enqueue the import; returns the job to watch."""
    if (
        not may_write_quality_data(actor, dataset.enterprise_id)
        or characteristic.enterprise_id != dataset.enterprise_id
    ):
        raise Forbidden(_("you may not import into this characteristic"))
    for key, message in (
        ("time", _("choose the time column")),
        ("value", _("choose the value column")),
    ):
        if not mapping.get(key) or mapping[key] not in dataset.columns:
            raise DiagnosisError(message, field=key)
    if mapping.get("subgroup") and mapping["subgroup"] not in dataset.columns:
        raise DiagnosisError(_("the subgroup column is not in the file"), field="subgroup")
    if mapping.get("size") and mapping["size"] not in dataset.columns:
        raise DiagnosisError(_("the sample size column is not in the file"), field="size")
    if characteristic.needs_sizes and not mapping.get("size"):
        raise DiagnosisError(
            _("the %(chart)s chart needs the sample size column"),
            field="size",
            chart=characteristic.get_chart_type_display(),
        )
    if mapping.get("size") and not characteristic.is_attribute:
        raise DiagnosisError(
            _("sizes: only attribute characteristics (p, np, c, u charts) take sample sizes"),
            field="size",
        )
    with transaction.atomic():
        job = Job.objects.create(
            kind="diagnosis_dataset_import",
            created_by=actor.user,
            # the task writes its messages in the language of the user who started it
            params={
                "dataset": dataset.pk,
                "characteristic": characteristic.pk,
                "lang": translation.get_language() or settings.LANGUAGE_CODE,
            },
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
    """Body of the background task: validate every row, then store all rows in one transaction, or none.

    Messages (the job's and each row's) are written in the language of the user who started the import."""
    job = Job.objects.get(pk=job_id)
    with translation.override(job.params.get("lang") or settings.LANGUAGE_CODE):
        _import_run(job)


@task()
def run_dataset_import(job_id: int) -> None:
    """The background task: import a mapped data set into its characteristic, recording progress on the job."""
    dataset_import_run(job_id=job_id)


def _import_run(job: Job) -> None:
    job_id = job.pk
    ds = DataSet.objects.select_related("characteristic").get(pk=job.params["dataset"])
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, message=gettext_noop("validating the rows")
    )

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
    times, values, subgroups, errors, count, sizes = _check(frame, ds.mapping)
    Job.objects.filter(pk=job_id).update(done=max(1, total))
    if count:
        fail(
            ngettext(
                "%(count)s problem; nothing was imported",
                "%(count)s problems; nothing was imported",
                count,
            )
            % {"count": count},
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
                    sizes=None if sizes is None else sizes[start:end],
                )
                res = measurements_ingest(characteristic=c, batch=batch, source=BatchSource.UPLOAD)
                stored += 0 if res.duplicate else res.stored
                Job.objects.filter(pk=job_id).update(
                    done=total + end, message=gettext_noop("writing the rows")
                )
    except Exception as exc:
        fail(str(_("import failed, nothing was stored: %(error)s")) % {"error": exc})
        return
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.SUCCEEDED,
        finished_at=timezone.now(),
        done=2 * max(1, total),
        message=ngettext(
            "%(count)s measurement imported", "%(count)s measurements imported", stored
        )
        % {"count": stored},
        result={"rows": total, "stored": stored, "error_count": 0, "errors": []},
    )
    DataSet.objects.filter(pk=ds.pk).update(status=DataSetStatus.IMPORTED)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """Helper for tests and the demo: a data frame as UTF-8 CSV bytes."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode()
