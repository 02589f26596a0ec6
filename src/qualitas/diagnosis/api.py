"""REST endpoints of problem diagnosis (mounted at /api/diagnosis/). Thin: validate, call, return.

The batch endpoint reads the raw body itself under its own size limit (``INGEST_MAX_BYTES``),
so the global ``DATA_UPLOAD_MAX_MEMORY_SIZE`` stays as it is for every other request
(``docs/decisions/0100-ingest-size-limit.md``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.security import django_auth

from qualitas.core.access import (
    Actor,
    NotFound,
    actor_for,
    diagnosis_enterprise_for,
    may_write_quality_data,
    own_enterprise_id,
)
from qualitas.core.json_input import patch_data
from qualitas.core.uploads import upload_bytes
from qualitas.diagnosis import selectors, services
from qualitas.diagnosis.auth import SESSION_OR_TOKEN, request_actor
from qualitas.diagnosis.errors import BatchConflict, DiagnosisError
from qualitas.diagnosis.imports import dataset_import_start, dataset_upload
from qualitas.diagnosis.ingest import batch_parse_json, measurements_ingest
from qualitas.diagnosis.models import Characteristic
from qualitas.diagnosis.schemas import (
    BATCH_BODY,
    AggregatesOut,
    AlertAcknowledgeIn,
    AlertOut,
    BatchOut,
    CharacteristicIn,
    CharacteristicOut,
    CharacteristicPatch,
    DataSetImportIn,
    DataSetOut,
    DiagnosisSummaryOut,
    FreezeIn,
    ListsOut,
    MeasurementsOut,
    StudyDetailOut,
    StudyIn,
    StudyOut,
    UnitOut,
)
from qualitas.diagnosis.units import UNITS

router = Router(tags=["diagnosis"])

# 100,000 points of columnar JSON (ISO times, floats, short subgroup labels) are 5–8 MB.
INGEST_MAX_BYTES = int(getattr(settings, "QUALITAS", {}).get("INGEST_MAX_BYTES", 32 * 1024 * 1024))


def _enterprise_for(actor: Actor, requested: int | None) -> int:
    eid = diagnosis_enterprise_for(actor, requested)
    if eid is None:
        raise DiagnosisError(_("enterprise is required for administrators"), field="enterprise")
    return eid


def _too_large() -> str:
    return _("the body is larger than %(max)s bytes") % {"max": INGEST_MAX_BYTES}


def _data(payload: Any, *, exclude_unset: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = (
        patch_data(payload, Characteristic) if exclude_unset else payload.model_dump()
    )
    for key in ("site", "product"):
        if key in data:
            data[f"{key}_id"] = data.pop(key)
    data.pop("enterprise", None)
    return data


@router.get("/units", response=list[UnitOut], summary="Unit names a characteristic may use")
def units(request: HttpRequest) -> Any:
    return [{"symbol": s, "name_zh": zh, "name_en": en} for s, zh, en in UNITS]


@router.get(
    "/characteristics",
    response=list[CharacteristicOut],
    auth=SESSION_OR_TOKEN,
    summary="Characteristics (own enterprise)",
)
def characteristic_list(request: HttpRequest, monitored: bool | None = None) -> Any:
    qs = selectors.characteristics_for(actor=request_actor(request))
    return qs.filter(monitored=monitored) if monitored is not None else qs


@router.post(
    "/characteristics",
    response={201: CharacteristicOut},
    auth=django_auth,
    summary="Define a characteristic",
)
def characteristic_create(request: HttpRequest, payload: CharacteristicIn) -> Any:
    actor = actor_for(request.user)
    eid = _enterprise_for(actor, payload.enterprise)
    return 201, services.characteristic_create(actor=actor, enterprise_id=eid, data=_data(payload))


@router.get(
    "/characteristics/{int:char_pk}",
    response=CharacteristicOut,
    auth=SESSION_OR_TOKEN,
    summary="One characteristic",
)
def characteristic_detail(request: HttpRequest, char_pk: int) -> Any:
    return selectors.characteristic_get(actor=request_actor(request), pk=char_pk)


@router.patch(
    "/characteristics/{int:char_pk}",
    response=CharacteristicOut,
    auth=django_auth,
    summary="Change a characteristic",
)
def characteristic_patch(request: HttpRequest, char_pk: int, payload: CharacteristicPatch) -> Any:
    actor = actor_for(request.user)
    c = selectors.characteristic_get(actor=actor, pk=char_pk)
    return services.characteristic_update(
        actor=actor, characteristic=c, data=_data(payload, exclude_unset=True)
    )


@router.post(
    "/characteristics/{int:char_pk}/batches",
    response={200: BatchOut, 201: BatchOut, 409: dict, 413: dict},
    auth=SESSION_OR_TOKEN,
    openapi_extra=BATCH_BODY,
    summary="Stream a batch of measurements (columnar JSON, ≤ 100,000 points, idempotent on batch_id)",
)
def batch_ingest(request: HttpRequest, char_pk: int) -> Any:
    actor = request_actor(request)
    c = selectors.characteristic_get(actor=actor, pk=char_pk)
    if not may_write_quality_data(actor, c.enterprise_id):
        raise NotFound
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > INGEST_MAX_BYTES:
        return 413, {"detail": _too_large()}
    body = request._body if hasattr(request, "_body") else request.read(INGEST_MAX_BYTES + 1)
    if len(body) > INGEST_MAX_BYTES:
        return 413, {"detail": _too_large()}
    try:
        result = measurements_ingest(characteristic=c, batch=batch_parse_json(body))
    except BatchConflict as exc:
        return 409, {"detail": [exc.as_detail()]}
    return (200 if result.duplicate else 201), result.as_dict()


@router.get(
    "/characteristics/{int:char_pk}/measurements",
    response=MeasurementsOut,
    auth=SESSION_OR_TOKEN,
    summary="Measurements (columnar; latest `limit`)",
)
def measurement_list(request: HttpRequest, char_pk: int, limit: int = 1000) -> Any:
    c = selectors.characteristic_get(actor=request_actor(request), pk=char_pk)
    rows = selectors.measurements_for(
        characteristic=c, last=max(1, min(limit, 100_000)), sizes=True
    )
    return {
        "characteristic": c.pk,
        "times": [r[0] for r in rows],
        "values": [r[1] for r in rows],
        "subgroups": [r[2] for r in rows],
        "sizes": [r[3] for r in rows],
    }


@router.post(
    "/characteristics/{int:char_pk}/freeze",
    response=CharacteristicOut,
    auth=django_auth,
    summary="Freeze limits from a Phase I study and monitor",
)
def limits_freeze(request: HttpRequest, char_pk: int, payload: FreezeIn) -> Any:
    actor = actor_for(request.user)
    c = selectors.characteristic_get(actor=actor, pk=char_pk)
    study = selectors.study_get(actor=actor, pk=payload.study)
    return services.limits_freeze(
        actor=actor, characteristic=c, study=study, monitor=payload.monitor
    )


@router.get(
    "/alerts", response=list[AlertOut], auth=SESSION_OR_TOKEN, summary="Alerts (own enterprise)"
)
def alert_list(request: HttpRequest, status: str = "", limit: int = 200) -> Any:
    return selectors.alerts_for(actor=request_actor(request), status=status)[
        : max(1, min(limit, 1000))
    ]


@router.get("/alerts/{int:alert_pk}", response=AlertOut, auth=SESSION_OR_TOKEN, summary="One alert")
def alert_detail(request: HttpRequest, alert_pk: int) -> Any:
    return selectors.alert_get(actor=request_actor(request), pk=alert_pk)


@router.post(
    "/alerts/{int:alert_pk}/acknowledge",
    response=AlertOut,
    auth=django_auth,
    summary="Acknowledge with cause and corrective action",
)
def alert_acknowledge(request: HttpRequest, alert_pk: int, payload: AlertAcknowledgeIn) -> Any:
    actor = actor_for(request.user)
    alert = selectors.alert_get(actor=actor, pk=alert_pk)
    return services.alert_acknowledge(
        actor=actor,
        alert=alert,
        cause_id=payload.cause,
        action_id=payload.action,
        note=payload.note,
        close=payload.close,
    )


@router.get(
    "/lists",
    response=ListsOut,
    auth=django_auth,
    summary="Assignable causes and corrective actions (own and defaults)",
)
def managed_lists(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    eid = actor.enterprise_id or 0

    def rows(qs: Any) -> list[dict[str, Any]]:
        return [
            {
                "id": i.pk,
                "code": i.code,
                "name_zh": i.name_zh,
                "name_en": i.name_en,
                "own": i.enterprise_id is not None,
            }
            for i in qs
        ]

    return {
        "causes": rows(selectors.causes_for(enterprise_id=eid)),
        "actions": rows(selectors.actions_for(enterprise_id=eid)),
    }


@router.get(
    "/studies", response=list[StudyOut], auth=SESSION_OR_TOKEN, summary="Studies (own enterprise)"
)
def study_list(request: HttpRequest, limit: int = 200) -> Any:
    return selectors.studies_for(actor=request_actor(request))[: max(1, min(limit, 1000))]


@router.post(
    "/studies", response={201: StudyDetailOut}, auth=django_auth, summary="Run and save a study"
)
def study_create(request: HttpRequest, payload: StudyIn) -> Any:
    actor = actor_for(request.user)
    c = (
        selectors.characteristic_get(actor=actor, pk=payload.characteristic)
        if payload.characteristic
        else None
    )
    ds = selectors.dataset_get(actor=actor, pk=payload.dataset) if payload.dataset else None
    eid = c.enterprise_id if c else (ds.enterprise_id if ds else _enterprise_for(actor, None))
    return 201, services.study_run(
        actor=actor,
        kind=payload.kind,
        enterprise_id=eid,
        characteristic=c,
        dataset=ds,
        options=payload.options,
        title=payload.title,
    )


@router.get(
    "/studies/{int:study_pk}",
    response=StudyDetailOut,
    auth=SESSION_OR_TOKEN,
    summary="One study with its results",
)
def study_detail(request: HttpRequest, study_pk: int) -> Any:
    return selectors.study_get(actor=request_actor(request), pk=study_pk)


@router.post(
    "/datasets", response={201: DataSetOut}, auth=django_auth, summary="Upload a CSV/XLSX data set"
)
def dataset_create(
    request: HttpRequest,
    file: File[UploadedFile],
    name: Form[str] = "",
    enterprise: Form[int | None] = None,
) -> Any:
    actor = actor_for(request.user)
    eid = _enterprise_for(actor, enterprise)
    return 201, dataset_upload(
        actor=actor,
        enterprise_id=eid,
        filename=file.name or "upload.csv",
        content=upload_bytes(file),
        name=name,
    )


@router.get(
    "/datasets/{int:dataset_pk}", response=DataSetOut, auth=django_auth, summary="One data set"
)
def dataset_detail(request: HttpRequest, dataset_pk: int) -> Any:
    return selectors.dataset_get(actor=actor_for(request.user), pk=dataset_pk)


@router.post(
    "/datasets/{int:dataset_pk}/import",
    response={202: dict},
    auth=django_auth,
    summary="Import a mapped data set into a characteristic (background job)",
)
def dataset_import(request: HttpRequest, dataset_pk: int, payload: DataSetImportIn) -> Any:
    actor = actor_for(request.user)
    ds = selectors.dataset_get(actor=actor, pk=dataset_pk)
    c = selectors.characteristic_get(actor=actor, pk=payload.characteristic)
    job = dataset_import_start(
        actor=actor,
        dataset=ds,
        characteristic=c,
        mapping={"time": payload.time, "value": payload.value, "subgroup": payload.subgroup},
    )
    return 202, {"job": job.pk, "status_url": f"/api/registry/jobs/{job.pk}"}


@router.get(
    "/summary",
    response=DiagnosisSummaryOut,
    auth=django_auth,
    summary="Capability summary of the own enterprise",
)
def summary(request: HttpRequest) -> Any:
    actor = actor_for(request.user)
    eid = own_enterprise_id(actor)
    if eid is None:
        raise NotFound
    s = selectors.summary_latest(actor=actor, enterprise_id=eid)
    if s is None:
        return {
            "enterprise": eid,
            "computed_at": None,
            "window_start": None,
            "window_end": None,
            "monitored": 0,
            "assessed": 0,
            "capable": 0,
            "below_one": 0,
            "share_capable": None,
            "median_cpk": None,
        }
    return {
        "enterprise": s.enterprise_id,
        **{
            k: getattr(s, k)
            for k in (
                "computed_at",
                "window_start",
                "window_end",
                "monitored",
                "assessed",
                "capable",
                "below_one",
                "share_capable",
                "median_cpk",
            )
        },
    }


@router.get(
    "/aggregates",
    response=AggregatesOut,
    auth=django_auth,
    summary="Authority view: open alerts and Cpk < 1.0 by enterprise and industry (own regions)",
)
def aggregates(request: HttpRequest) -> Any:
    data = selectors.authority_aggregates(actor=actor_for(request.user))
    data["by_enterprise"] = [
        {
            "id": r["pk"],
            "credit_code": r["credit_code"],
            "name_zh": r["name_zh"],
            "name_en": r["name_en"],
            "industry": r["industry_id"],
            "region": r["region_id"],
            "monitored": r["monitored"],
            "open_alerts": r["open_alerts"],
            "below_one": r["below_one"],
        }
        for r in data["by_enterprise"]
    ]
    return data
