"""REST endpoints of the index (mounted at /api/index/). Thin: validate, call, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.security import django_auth

from qualitas.core.access import NotFound, actor_for
from qualitas.core.json_input import patch_data
from qualitas.core.selectors import job_get
from qualitas.index import indicators as registry
from qualitas.index import selectors, services
from qualitas.index.models import MethodologyVersion, WarningRule
from qualitas.index.schemas import (
    IndexIndicatorOut,
    IndexRunOut,
    MapFilter,
    MapOut,
    MethodologyVersionOut,
    MethodologyVersionPatch,
    MethodologyVersionUpdateOut,
    RecomputeIn,
    RecomputeJobOut,
    TrendPointOut,
    VersionCopyIn,
    WarningAcknowledgeIn,
    WarningOut,
    WarningRuleOut,
    WarningRulePatch,
)

router = Router(tags=["index"])


def _run() -> Any:
    run = selectors.current_run()
    if run is None:
        raise NotFound
    return run


@router.get("/versions", response=list[MethodologyVersionOut], summary="Methodology versions")
def versions(request: HttpRequest) -> Any:
    return selectors.versions_visible(actor=actor_for(request.user))


@router.get(
    "/versions/{int:version_pk}", response=MethodologyVersionOut, summary="One methodology version"
)
def version_detail(request: HttpRequest, version_pk: int) -> Any:
    return selectors.version_get(actor=actor_for(request.user), pk=version_pk)


@router.get(
    "/versions/{int:version_pk}/runs",
    response=list[IndexRunOut],
    summary="The runs computed under one methodology version",
)
def version_runs(request: HttpRequest, version_pk: int) -> Any:
    actor = actor_for(request.user)
    version = selectors.version_get(actor=actor, pk=version_pk)
    return selectors.version_runs(actor=actor, version=version)


@router.post(
    "/versions",
    response={201: MethodologyVersionOut},
    auth=django_auth,
    summary="New draft version, copied from the current (or a given) version (admins)",
)
def version_copy(request: HttpRequest, payload: VersionCopyIn) -> Any:
    actor = actor_for(request.user)
    source = (
        selectors.version_get(actor=actor, pk=payload.source)
        if payload.source
        else selectors.version_default_source()
    )
    if source is None:
        raise NotFound
    return 201, services.version_copy(
        actor=actor, source=source, code=payload.code, title=payload.title
    )


@router.patch(
    "/versions/{int:version_pk}",
    response=MethodologyVersionUpdateOut,
    auth=django_auth,
    summary="Edit a draft version (admins; published versions are immutable)",
)
def version_patch(request: HttpRequest, version_pk: int, payload: MethodologyVersionPatch) -> Any:
    actor = actor_for(request.user)
    version = selectors.version_get(actor=actor, pk=version_pk)
    data = patch_data(payload, MethodologyVersion)
    version, notes = services.version_update(actor=actor, version=version, data=data)
    return {"version": version, "notes": notes}


@router.post(
    "/versions/{int:version_pk}/publish",
    response=MethodologyVersionOut,
    auth=django_auth,
    summary="Publish a draft version (admins); it is immutable from then on",
)
def version_publish(request: HttpRequest, version_pk: int) -> Any:
    actor = actor_for(request.user)
    version = selectors.version_get(actor=actor, pk=version_pk)
    return services.version_publish(actor=actor, version=version)


@router.get("/indicators", response=list[IndexIndicatorOut], summary="The indicator registry")
def indicator_list(request: HttpRequest) -> Any:
    return [
        {
            "key": i.key,
            "label": str(i.label),
            "description": str(i.description),
            "unit": i.unit,
            "higher_is_better": i.higher_is_better,
            "normalisation": i.normalisation,
            "weight": i.weight,
            "source_app": i.source_app,
        }
        for i in registry.INDICATORS.values()
    ]


@router.get("/map", response=MapOut, summary="Map cells: provinces, or the cities of one province")
def map_data(request: HttpRequest, filters: Query[MapFilter]) -> Any:
    query = selectors.MapQuery(**filters.model_dump())
    return selectors.map_cells(actor=actor_for(request.user), run=_run(), query=query)


@router.get(
    "/trend", response=list[TrendPointOut], summary="Quarterly values of one region × industry"
)
def trend(
    request: HttpRequest, region: str = "100000", industry: str = "C", indicator: str = ""
) -> Any:
    return selectors.trend(run=_run(), region=region, industry=industry, indicator=indicator)


@router.get(
    "/warnings", response=list[WarningOut], auth=django_auth, summary="Warnings of your regions"
)
def warning_list(request: HttpRequest, status: str = "") -> Any:
    return selectors.warnings_for(actor=actor_for(request.user), status=status)[:500]


@router.get(
    "/warnings/{int:warning_pk}", response=WarningOut, auth=django_auth, summary="One warning"
)
def warning_detail(request: HttpRequest, warning_pk: int) -> Any:
    return selectors.warning_get(actor=actor_for(request.user), pk=warning_pk)


@router.post(
    "/warnings/{int:warning_pk}/acknowledge",
    response=WarningOut,
    auth=django_auth,
    summary="Acknowledge a warning with a note",
)
def warning_acknowledge(
    request: HttpRequest, warning_pk: int, payload: WarningAcknowledgeIn
) -> Any:
    actor = actor_for(request.user)
    warning = selectors.warning_get(actor=actor, pk=warning_pk)
    return services.warning_acknowledge(actor=actor, warning=warning, note=payload.note)


@router.get("/rules", response=list[WarningRuleOut], auth=django_auth, summary="Warning rules")
def rule_list(request: HttpRequest) -> Any:
    return selectors.rules_for(actor=actor_for(request.user))


@router.patch(
    "/rules/{int:rule_pk}",
    response=WarningRuleOut,
    auth=django_auth,
    summary="Change a rule's thresholds",
)
def rule_patch(request: HttpRequest, rule_pk: int, payload: WarningRulePatch) -> Any:
    actor = actor_for(request.user)
    rule = selectors.rule_get(actor=actor, pk=rule_pk)
    return services.rule_update(actor=actor, rule=rule, data=patch_data(payload, WarningRule))


@router.post(
    "/recompute",
    response={202: RecomputeJobOut},
    auth=django_auth,
    summary="Recompute the index (background job)",
)
def recompute(request: HttpRequest, params: Query[RecomputeIn]) -> Any:
    """``?quarters=2024Q3&quarters=2024Q4``: the quarters to re-extract first (default: the
    latest complete quarter)."""
    quarters = params.quarters
    job = services.index_recompute_start(actor=actor_for(request.user), quarters=quarters)
    return 202, job


@router.get(
    "/jobs/{int:job_pk}",
    response=RecomputeJobOut,
    auth=django_auth,
    summary="Progress of a recomputation",
)
def job_detail(request: HttpRequest, job_pk: int) -> Any:
    return job_get(actor=actor_for(request.user), pk=job_pk)
