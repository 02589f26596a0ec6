"""Ingest of measurement batches (a service: the one way measurements are written).

A batch is columnar — ``times``, ``values`` and optional ``subgroups`` of equal length, at most
``MAX_POINTS`` — and carries the client's ``batch_id``: the pair (characteristic, batch id) is
unique, so a retried batch is stored once and the answer says ``duplicate``. Monitored
characteristics are checked (``monitoring``) in the same transaction, before the rows land.

Rows go in with PostgreSQL's ``COPY … FROM STDIN`` (psycopg's ``cursor.copy()``) when the
connection is PostgreSQL, and with ``bulk_create`` elsewhere.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from qualitas.core.json_input import strict_loads
from qualitas.diagnosis.choices import BatchSource
from qualitas.diagnosis.errors import BatchConflict, DiagnosisError
from qualitas.diagnosis.models import Characteristic, IngestBatch, Measurement
from qualitas.diagnosis.monitoring import MonitorOutcome, NewPoints, monitor_new_points
from qualitas.diagnosis.summaries import capability_summary_schedule

MAX_POINTS = 100_000


@dataclass(frozen=True, kw_only=True)
class ParsedBatch:
    batch_id: str
    times: np.ndarray  # datetime64[us], UTC
    values: np.ndarray  # float64
    subgroups: list[str]
    sizes: np.ndarray | None = None  # float64 sample sizes of attribute counts (NaN: none given)

    def __len__(self) -> int:
        return int(self.values.size)

    def digest(self) -> str:
        """SHA-256 of the points (times, values, subgroups, sizes): what makes a retry a retry."""
        h = hashlib.sha256()
        h.update(self.times.astype("datetime64[us]").astype("int64").tobytes())
        h.update(self.values.astype(float).tobytes())
        h.update("\t".join(self.subgroups).encode("utf-8"))
        if self.sizes is not None:
            h.update(np.nan_to_num(self.sizes.astype(float), nan=-1.0).tobytes())
        return h.hexdigest()


@dataclass(frozen=True, kw_only=True)
class IngestResult:
    batch_id: str
    stored: int
    duplicate: bool
    violations: int = 0
    alerts_opened: int = 0
    alerts_updated: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "stored": self.stored,
            "duplicate": self.duplicate,
            "violations": self.violations,
            "alerts_opened": self.alerts_opened,
            "alerts_updated": self.alerts_updated,
        }


# Times a measurement may carry: what a Python datetime (and every column) can hold.
_FIRST, _LAST = (
    np.datetime64("0001-01-01T00:00:00", "us"),
    np.datetime64("9999-12-31T23:59:59", "us"),
)


def _is_number(t: Any) -> bool:
    return isinstance(t, (int, float)) and not isinstance(t, bool)


def _times(raw: Sequence[Any]) -> np.ndarray:
    """ISO 8601 strings (an offset or Z; none means UTC) or Unix seconds → datetime64[us] UTC.
    One kind for the whole batch; each time between the years 1 and 9999."""
    out = _unix_times(raw) if len(raw) and _is_number(raw[0]) else _iso_times(raw)
    bad = (out < _FIRST) | (out > _LAST)
    if bad.any():
        i = int(np.argmax(bad))
        raise DiagnosisError(
            _("times[%(index)s] = %(value)s is out of range (years 1 to 9999)"),
            field="times",
            index=i,
            value=repr(raw[i]),
        )
    return out


def _unix_times(raw: Sequence[Any]) -> np.ndarray:
    for i, t in enumerate(raw):
        # ±1e14 s is far beyond the years 1–9999 and still exact as int64 microseconds
        if not _is_number(t) or not abs(t) < 1e14:
            raise DiagnosisError(
                _("times[%(index)s] = %(value)s is not a time in Unix seconds like times[0]"),
                field="times",
                index=i,
                value=repr(t),
            )
    arr = np.asarray(raw, dtype=float)
    return (arr * 1e6).astype("int64").astype("datetime64[us]")


def _iso_times(raw: Sequence[Any]) -> np.ndarray:
    try:
        parsed = pd.to_datetime(
            pd.Series(raw, dtype=object), utc=True, format="ISO8601", errors="coerce"
        )
    except (TypeError, ValueError, OverflowError) as exc:
        raise DiagnosisError(_("times: %(error)s"), field="times", error=str(exc)) from None
    not_text = np.fromiter((not isinstance(t, str) for t in raw), dtype=bool, count=len(raw))
    bad = parsed.isna().to_numpy() | not_text
    if bad.any():
        i = int(np.argmax(bad))
        raise DiagnosisError(
            _("times[%(index)s] = %(value)s is not an ISO 8601 time"),
            field="times",
            index=i,
            value=repr(raw[i]),
        )
    return parsed.dt.tz_localize(None).to_numpy(dtype="datetime64[us]")


def batch_parse(payload: Any) -> ParsedBatch:
    """Validate a columnar payload ``{"batch_id", "times", "values", "subgroups"?}``; errors name the field and index."""
    if not isinstance(payload, dict):
        raise DiagnosisError(_("the body must be a JSON object"))
    batch_id = payload.get("batch_id")
    if not isinstance(batch_id, str) or not 1 <= len(batch_id.strip()) <= 100:
        raise DiagnosisError(
            _("batch_id: a string of 1 to 100 characters is required"), field="batch_id"
        )
    times, values = payload.get("times"), payload.get("values")
    if not isinstance(times, list) or not isinstance(values, list):
        raise DiagnosisError(
            _("times and values must be arrays"),
            field="times" if not isinstance(times, list) else "values",
        )
    n = len(values)
    if n == 0:
        raise DiagnosisError(_("values is empty"), field="values")
    if n > MAX_POINTS:
        raise DiagnosisError(
            _("at most %(max)s points per batch, got %(n)s"), field="values", max=MAX_POINTS, n=n
        )
    if len(times) != n:
        raise DiagnosisError(
            _("times has %(times)s entries for %(n)s values"), field="times", times=len(times), n=n
        )
    subgroups = payload.get("subgroups")
    if subgroups is None:
        labels = [""] * n
    elif not isinstance(subgroups, list) or len(subgroups) != n:
        raise DiagnosisError(
            _("subgroups must be an array of %(n)s entries"), field="subgroups", n=n
        )
    else:
        labels = ["" if s is None else str(s) for s in subgroups]
        for i, s in enumerate(labels):
            if len(s) > 64 or any(ch in s for ch in "\t\n\r\\"):
                raise DiagnosisError(
                    _(
                        "subgroups[%(index)s] is longer than 64 characters or has a tab, newline or backslash"
                    ),
                    field="subgroups",
                    index=i,
                )
    sizes = None
    raw_sizes = payload.get("sizes")
    if raw_sizes is not None:
        if not isinstance(raw_sizes, list) or len(raw_sizes) != n:
            raise DiagnosisError(_("sizes must be an array of %(n)s entries"), field="sizes", n=n)
        sizes = _numbers(raw_sizes, "sizes", allow_null=True)
    try:
        vals = np.asarray(
            [np.nan if v is None or isinstance(v, (str, bool)) else v for v in values], dtype=float
        )
    except (TypeError, ValueError, OverflowError):
        vals = np.full(n, np.nan)
    bad = ~np.isfinite(vals)
    if bad.any():
        i = int(np.argmax(bad))
        raise DiagnosisError(
            _("values[%(index)s] = %(value)s is not a finite number"),
            field="values",
            index=i,
            value=repr(values[i]),
        )
    return ParsedBatch(
        batch_id=batch_id.strip(), times=_times(times), values=vals, subgroups=labels, sizes=sizes
    )


def _numbers(raw: list[Any], field: str, *, allow_null: bool) -> np.ndarray:
    """A JSON array of numbers (``null`` → NaN where allowed); the error names the index."""
    out = np.full(len(raw), np.nan)
    for i, v in enumerate(raw):
        if v is None and allow_null:
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v):
            out[i] = float(v)
            continue
        raise DiagnosisError(
            _("%(field)s[%(index)s] = %(value)s is not a finite number"),
            field=field,
            index=i,
            value=repr(v),
        )
    return out


def batch_check(characteristic: Characteristic, batch: ParsedBatch) -> None:
    """What the characteristic's chart needs of a batch. Attribute charts: counts are whole
    numbers ≥ 0; p, np and u take each count's sample size (> 0), and a count of nonconforming
    units (p, np) is at most its sample. Variables take no sample sizes."""
    sizes = batch.sizes
    if not characteristic.is_attribute:
        if sizes is not None and np.isfinite(sizes).any():
            raise DiagnosisError(
                _("sizes: only attribute characteristics (p, np, c, u charts) take sample sizes"),
                field="sizes",
            )
        return
    v = batch.values
    bad = (v < 0) | (v != np.round(v))
    if bad.any():
        i = int(np.argmax(bad))
        raise DiagnosisError(
            _("values[%(index)s] = %(value)s: a count is a whole number of 0 or more"),
            field="values",
            index=i,
            value=repr(float(v[i])),
        )
    if not characteristic.needs_sizes:
        return
    if sizes is None:
        raise DiagnosisError(
            _("sizes: the %(chart)s chart needs the sample size of each count"),
            field="sizes",
            chart=characteristic.get_chart_type_display(),
        )
    bad = ~np.isfinite(sizes) | (np.nan_to_num(sizes, nan=0.0) <= 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise DiagnosisError(
            _("sizes[%(index)s]: a sample size greater than 0 is required"), field="sizes", index=i
        )
    if characteristic.chart_type in ("p", "np"):
        bad = v > sizes
        if bad.any():
            i = int(np.argmax(bad))
            raise DiagnosisError(
                _("values[%(index)s] = %(value)s nonconforming in a sample of %(size)s"),
                field="values",
                index=i,
                value=repr(float(v[i])),
                size=repr(float(sizes[i])),
            )


def batch_parse_json(body: bytes) -> ParsedBatch:
    return batch_parse(strict_loads(body))


def _aware(times: np.ndarray) -> list[datetime]:
    return [t.replace(tzinfo=UTC) for t in times.astype("datetime64[us]").astype(datetime)]


def _optional(values: np.ndarray) -> list[float | None]:
    return [float(x) if np.isfinite(x) else None for x in values]


def _copy_rows(characteristic_id: int, batch_pk: int, batch: ParsedBatch) -> None:
    """PostgreSQL: one COPY FROM STDIN of the whole batch in text format."""
    stamps = np.datetime_as_string(batch.times, unit="us")
    vals = batch.values.astype(str)
    n = len(batch)
    sizes = (
        ["\\N"] * n
        if batch.sizes is None
        else ["\\N" if not np.isfinite(x) else repr(float(x)) for x in batch.sizes]
    )
    prefix = f"{characteristic_id}\t"
    suffix = f"\t{batch_pk}\n"
    text = "".join(
        f"{prefix}{t}+00\t{v}\t{z}\t{s}{suffix}"
        for t, v, z, s in zip(stamps, vals, sizes, batch.subgroups, strict=True)
    )
    with connection.cursor() as cur:
        raw = cur.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(
            "COPY diagnosis_measurement (characteristic_id, time, value, size, subgroup, batch_id) FROM STDIN"
        ) as copy:
            copy.write(text)


def _insert_rows(characteristic_id: int, batch_pk: int, batch: ParsedBatch) -> None:
    if connection.vendor == "postgresql":
        _copy_rows(characteristic_id, batch_pk, batch)
        return
    times = _aware(batch.times)
    sizes = [None] * len(batch) if batch.sizes is None else _optional(batch.sizes)
    Measurement.objects.bulk_create(
        [
            Measurement(
                characteristic_id=characteristic_id,
                time=t,
                value=float(v),
                size=z,
                subgroup=s,
                batch_id=batch_pk,
            )
            for t, v, z, s in zip(times, batch.values, sizes, batch.subgroups, strict=True)
        ],
        batch_size=5000,
    )


def measurements_ingest(
    *,
    characteristic: Characteristic,
    batch: ParsedBatch,
    source: str = BatchSource.API,
    monitor: bool = True,
    summarise: bool = True,
) -> IngestResult:
    """Store one batch once (idempotent on its batch id), checking monitored characteristics first.
    The same batch id with other points is refused (:class:`BatchConflict`), not discarded.

    The caller has checked write access to ``characteristic`` (API: session or token scoped to
    its enterprise; MQTT: the topic's enterprise code). A batch of a monitored characteristic
    schedules its enterprise's capability summary after commit (``summarise=False``: not, e.g.
    for bulk loads that compute the summaries themselves).
    """
    batch_check(characteristic, batch)
    digest = batch.digest()
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IngestBatch.objects.create(
                    characteristic=characteristic,
                    batch_id=batch.batch_id,
                    points=len(batch),
                    source=source,
                    digest=digest,
                )
        except IntegrityError:
            prior = IngestBatch.objects.get(characteristic=characteristic, batch_id=batch.batch_id)
            if prior.digest and prior.digest != digest:
                raise BatchConflict(
                    _(
                        "batch_id %(batch_id)s was received on %(received)s with other data "
                        "(%(points)s points); send new data under a new batch id"
                    ),
                    field="batch_id",
                    batch_id=batch.batch_id,
                    received=prior.received_at.isoformat(timespec="seconds"),
                    points=prior.points,
                ) from None
            return IngestResult(batch_id=batch.batch_id, stored=prior.points, duplicate=True)
        outcome = MonitorOutcome(violations={}, opened=[], extended=[])
        if monitor and characteristic.monitored and characteristic.has_frozen_limits:
            outcome = monitor_new_points(
                new={
                    characteristic.pk: NewPoints(
                        times=_aware(batch.times),
                        values=batch.values,
                        subgroups=batch.subgroups,
                        sizes=batch.sizes,
                    )
                },
                characteristics={characteristic.pk: characteristic},
            )
            if outcome.count:
                IngestBatch.objects.filter(pk=record.pk).update(violations=outcome.count)
        _insert_rows(characteristic.pk, record.pk, batch)
        if summarise and characteristic.monitored:
            # the enterprise's capability summary, recomputed in the background after commit
            capability_summary_schedule(
                enterprise_id=characteristic.enterprise_id, after=record.received_at
            )
    return IngestResult(
        batch_id=batch.batch_id,
        stored=len(batch),
        duplicate=False,
        violations=outcome.count,
        alerts_opened=len(outcome.opened),
        alerts_updated=len(outcome.extended),
    )
