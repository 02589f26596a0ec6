"""Observations: extracting the indicator sources into the observation table (archiving what
a re-extraction replaces) and reading them back, as they are or as a past run read them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import pandas as pd
from django.db import connection, transaction
from django.utils import timezone

from qualitas.index import indicators as registry
from qualitas.index.models import IndicatorObservation, ObservationArchive
from qualitas.registry.models import Enterprise


def observations_refresh(*, quarters: Sequence[str], keys: Sequence[str] | None = None) -> int:
    """Extract the asked quarters from the source apps into the observation table, replacing that
    source's earlier extract of the same quarter and indicator. Rows whose numbers changed, or
    that the source no longer yields, are archived first (:class:`ObservationArchive`) so that
    past runs keep reproducing; unchanged rows are left as they are. Returns rows written."""
    keys = list(keys or registry.INDICATORS)
    frames = registry.extract(quarters, keys)
    written = 0
    now = timezone.now()
    with transaction.atomic():
        for key, frame in frames.items():
            if frame.empty:
                continue
            source = registry.INDICATORS[key].source_app
            stored = IndicatorObservation.objects.filter(
                indicator=key, quarter__in=list(quarters), source=source
            )
            old = {
                (e, q): (pk, n, d, at)
                for pk, e, q, n, d, at in stored.values_list(
                    "pk", "enterprise_id", "quarter", "num", "den", "extracted_at"
                )
            }
            new = {
                (int(e), str(q)): (float(n), float(d))
                for e, q, n, d in frame[["enterprise", "quarter", "num", "den"]].itertuples(
                    index=False
                )
            }
            stale = [k for k, (_pk, n, d, _at) in old.items() if new.get(k) != (n, d)]
            ObservationArchive.objects.bulk_create(
                [
                    ObservationArchive(
                        enterprise_id=e,
                        quarter=q,
                        indicator=key,
                        num=old[(e, q)][1],
                        den=old[(e, q)][2],
                        source=source,
                        extracted_at=old[(e, q)][3],
                        replaced_at=now,
                    )
                    for e, q in stale
                ],
                batch_size=5000,
            )
            stale_set = set(stale)
            stale_pks = [old[k][0] for k in stale]
            for i in range(0, len(stale_pks), 5000):
                IndicatorObservation.objects.filter(pk__in=stale_pks[i : i + 5000]).delete()
            objs = [
                IndicatorObservation(
                    enterprise_id=e, quarter=q, indicator=key, num=n, den=d, source=source
                )
                for (e, q), (n, d) in new.items()
                if (e, q) not in old or (e, q) in stale_set
            ]
            IndicatorObservation.objects.bulk_create(objs, batch_size=5000, ignore_conflicts=True)
            written += len(objs)
    return written


OBSERVATION_COLUMNS = [
    "enterprise",
    "province",
    "city",
    "division",
    "quarter",
    "indicator",
    "num",
    "den",
]


def observations_frame(*, keys: Sequence[str], as_of: Any = None) -> pd.DataFrame:
    """All stored observations of ``keys`` with each enterprise's province, city and division.

    ``as_of``: the observations as they were at that time (current rows extracted by then, plus
    archived rows extracted by then and replaced after) — what a past run read.

    On PostgreSQL the rows stream out with ``COPY … TO STDOUT`` (millions of rows in seconds);
    elsewhere through the ORM.
    """
    if as_of is not None:
        return _observations_as_of(keys, as_of)
    if connection.vendor == "postgresql":
        return _observations_copy(keys)
    rows = IndicatorObservation.objects.filter(indicator__in=list(keys)).values_list(
        "enterprise_id",
        "enterprise__province_id",
        "enterprise__region_id",
        "enterprise__industry_id",
        "quarter",
        "indicator",
        "num",
        "den",
    )
    return pd.DataFrame.from_records(rows.iterator(chunk_size=20000), columns=OBSERVATION_COLUMNS)


def _observations_as_of(keys: Sequence[str], as_of: Any) -> pd.DataFrame:
    columns = (
        "enterprise_id",
        "enterprise__province_id",
        "enterprise__region_id",
        "enterprise__industry_id",
        "quarter",
        "indicator",
        "num",
        "den",
    )
    current = IndicatorObservation.objects.filter(
        indicator__in=list(keys), extracted_at__lte=as_of
    ).values_list(*columns)
    archived = ObservationArchive.objects.filter(
        indicator__in=list(keys), extracted_at__lte=as_of, replaced_at__gt=as_of
    ).values_list(*columns)
    rows = [*current.iterator(chunk_size=20000), *archived.iterator(chunk_size=20000)]
    return pd.DataFrame.from_records(rows, columns=OBSERVATION_COLUMNS)


def _observations_copy(keys: Sequence[str]) -> pd.DataFrame:
    import io

    obs, ent = (
        IndicatorObservation._meta.db_table,
        Enterprise._meta.db_table,
    )
    quoted = ", ".join(
        "'" + k.replace("'", "''") + "'" for k in keys
    )  # keys come from the registry, not from users
    sql = (
        f"COPY (SELECT o.enterprise_id, e.province_id, e.region_id, e.industry_id, o.quarter, o.indicator, o.num, o.den "
        f"FROM {obs} o JOIN {ent} e ON e.id = o.enterprise_id WHERE o.indicator IN ({quoted})) TO STDOUT WITH (FORMAT csv)"
    )
    buffer = io.BytesIO()
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for chunk in copy:
            buffer.write(chunk)
    buffer.seek(0)
    if buffer.getbuffer().nbytes == 0:
        return pd.DataFrame(columns=OBSERVATION_COLUMNS)
    dtypes: dict[str, Any] = {
        "enterprise": "int64",
        "province": str,
        "city": str,
        "division": str,
        "quarter": str,
        "indicator": str,
        "num": "float64",
        "den": "float64",
    }
    return pd.read_csv(buffer, names=OBSERVATION_COLUMNS, dtype=dtypes)


def observations_digest(df: pd.DataFrame) -> str:
    """SHA-256 of the observations in a canonical order: a run says exactly what it read."""
    if df.empty:
        return hashlib.sha256(b"").hexdigest()
    canon = df.sort_values(["enterprise", "quarter", "indicator"]).reset_index(drop=True)
    hashed = pd.util.hash_pandas_object(
        canon[["enterprise", "province", "city", "division", "quarter", "indicator", "num", "den"]],
        index=False,
    )
    return hashlib.sha256(hashed.to_numpy().tobytes()).hexdigest()
