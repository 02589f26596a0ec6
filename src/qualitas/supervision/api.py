"""REST endpoints of supervision spot-checks (mounted at /api/supervision/). Thin: validate,
call a service or selector, return."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.security import django_auth

from qualitas.core.access import actor_for
from qualitas.supervision import selectors, services
from qualitas.supervision.choices import Stage
from qualitas.supervision.models import Campaign, Sample
from qualitas.supervision.schemas import (
    DayIn,
    DrawIn,
    LabIn,
    ObjectionIn,
    ProductRuleOut,
    PublishedOut,
    PublishIn,
    RectificationIn,
    RefusalIn,
    ResultsIn,
    SampleOut,
    SamplingIn,
    SpotCheckCampaignIn,
    SpotCheckCampaignOut,
)

router = Router(tags=["supervision"])


def _campaign(c: Campaign) -> dict[str, Any]:
    out = {
        f: getattr(c, f) for f in SpotCheckCampaignOut.model_fields if f not in ("rules", "region")
    }
    out["region_id"] = c.region_id
    out["rules"] = [r.code for r in c.rules.all()]
    return out


@router.get("/rules", response=list[ProductRuleOut], summary="Implementation rules with test items")
def rules(request: HttpRequest) -> Any:
    return [
        {
            **{f: getattr(r, f) for f in ProductRuleOut.model_fields if f != "items"},
            "items": list(r.items.all()),
        }
        for r in selectors.rules_all()
    ]


@router.get("/results", response=list[SpotCheckCampaignOut], summary="Published campaigns")
def results(request: HttpRequest) -> Any:
    return [_campaign(c) for c in selectors.published_campaigns()]


def _row(s: Sample) -> dict[str, Any]:
    return {
        "sample": s.code,
        "product": s.rule.product,
        "enterprise": s.enterprise.name,
        "credit_code": s.enterprise.credit_code,
        "region": s.enterprise.region.name,
        "brand": s.brand,
        "model_spec": s.model_spec,
        "batch": s.batch,
        "production_date": s.production_date,
        "laboratory": s.laboratory.name if s.laboratory else "",
        "verdict": s.final_verdict or s.status,
        "failing_items": getattr(s, "failing", []),
    }


@router.get(
    "/results/{int:campaign_pk}",
    response=PublishedOut,
    summary="A published campaign: summary, qualified, unqualified and refusal lists",
)
def result(request: HttpRequest, campaign_pk: int) -> Any:
    c = selectors.published_get(pk=campaign_pk)
    lists = selectors.published_lists(c)
    return {
        "campaign": _campaign(c),
        "summary": selectors.campaign_summary(c, lists),
        "qualified": [_row(s) for s in lists.qualified],
        "unqualified": [_row(s) for s in lists.unqualified],
        "refused": [_row(s) for s in lists.refused],
    }


@router.get(
    "/campaigns",
    response=list[SpotCheckCampaignOut],
    auth=django_auth,
    summary="Campaigns you may see",
)
def campaigns(request: HttpRequest) -> Any:
    return [_campaign(c) for c in selectors.campaigns_for(actor=actor_for(request.user))]


@router.get(
    "/campaigns/{int:campaign_pk}",
    response=SpotCheckCampaignOut,
    auth=django_auth,
    summary="One campaign",
)
def campaign(request: HttpRequest, campaign_pk: int) -> Any:
    return _campaign(selectors.campaign_get(actor=actor_for(request.user), pk=campaign_pk))


@router.post(
    "/campaigns",
    response={201: SpotCheckCampaignOut},
    auth=django_auth,
    summary="New draft campaign",
)
def campaign_create(request: HttpRequest, payload: SpotCheckCampaignIn) -> Any:
    c = services.campaign_create(actor=actor_for(request.user), **payload.dict())
    return 201, _campaign(c)


def _own_campaign(request: HttpRequest, pk: int) -> tuple[Any, Campaign]:
    actor = actor_for(request.user)
    return actor, selectors.campaign_get(actor=actor, pk=pk)


@router.post(
    "/campaigns/{int:campaign_pk}/draw",
    response=SpotCheckCampaignOut,
    auth=django_auth,
    summary="Draw the enterprises (seed recorded and published)",
)
def campaign_draw(request: HttpRequest, campaign_pk: int, payload: DrawIn) -> Any:
    actor, c = _own_campaign(request, campaign_pk)
    return _campaign(services.campaign_draw(actor=actor, campaign=c, seed=payload.seed))


@router.post(
    "/campaigns/{int:campaign_pk}/submit",
    response=SpotCheckCampaignOut,
    auth=django_auth,
    summary="Submit the results for publication",
)
def campaign_submit(request: HttpRequest, campaign_pk: int) -> Any:
    actor, c = _own_campaign(request, campaign_pk)
    return _campaign(services.campaign_submit(actor=actor, campaign=c))


@router.post(
    "/campaigns/{int:campaign_pk}/publish",
    response=SpotCheckCampaignOut,
    auth=django_auth,
    summary="Publish the results (another officer than the submitter)",
)
def campaign_publish(request: HttpRequest, campaign_pk: int, payload: PublishIn) -> Any:
    actor, c = _own_campaign(request, campaign_pk)
    return _campaign(
        services.campaign_publish(actor=actor, campaign=c, notice_no=payload.notice_no)
    )


@router.get("/samples", response=list[SampleOut], auth=django_auth, summary="Samples you may see")
def samples(request: HttpRequest) -> Any:
    return list(selectors.samples_for(actor=actor_for(request.user)))


@router.get("/samples/{int:sample_pk}", response=SampleOut, auth=django_auth, summary="One sample")
def sample(request: HttpRequest, sample_pk: int) -> Any:
    return selectors.sample_get(actor=actor_for(request.user), pk=sample_pk)


def _sample(request: HttpRequest, pk: int) -> tuple[Any, Sample]:
    actor = actor_for(request.user)
    return actor, selectors.sample_get(actor=actor, pk=pk)


@router.post(
    "/samples/{int:sample_pk}/record",
    response=SampleOut,
    auth=django_auth,
    summary="The sampling record (sample and backup)",
)
def sample_record(request: HttpRequest, sample_pk: int, payload: SamplingIn) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.sample_record(actor=actor, sample=s, **payload.dict())


@router.post(
    "/samples/{int:sample_pk}/confirm",
    response=SampleOut,
    auth=django_auth,
    summary="The enterprise confirms the sampling record",
)
def sample_confirm(request: HttpRequest, sample_pk: int) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.sample_confirm(actor=actor, sample=s)


@router.post(
    "/samples/{int:sample_pk}/laboratory",
    response=SampleOut,
    auth=django_auth,
    summary="Send the sample to a laboratory",
)
def sample_lab(request: HttpRequest, sample_pk: int, payload: LabIn) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.sample_assign_lab(actor=actor, sample=s, laboratory=payload.laboratory)


@router.post(
    "/samples/{int:sample_pk}/results/{stage}",
    response=SampleOut,
    auth=django_auth,
    summary="Results of one stage: initial, reinspection or recheck",
)
def sample_results(request: HttpRequest, sample_pk: int, stage: str, payload: ResultsIn) -> Any:
    actor, s = _sample(request, sample_pk)
    values = {k: (v.value, v.unit) for k, v in payload.values.items()}
    return services.results_enter(
        actor=actor,
        sample=s,
        values=values,
        tested_on=payload.tested_on,
        stage=stage if stage in Stage.values else "?",
    )


@router.post(
    "/samples/{int:sample_pk}/notify",
    response=SampleOut,
    auth=django_auth,
    summary="Notify the enterprise of the result",
)
def sample_notify(request: HttpRequest, sample_pk: int, payload: DayIn) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.sample_notify(actor=actor, sample=s, on=payload.on)


@router.post(
    "/samples/{int:sample_pk}/objection",
    response=SampleOut,
    auth=django_auth,
    summary="The enterprise objects within the period",
)
def sample_objection(request: HttpRequest, sample_pk: int, payload: ObjectionIn) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.objection_file(
        actor=actor, sample=s, filed_on=payload.filed_on, reason=payload.reason
    )


@router.post(
    "/samples/{int:sample_pk}/reinspection-laboratory",
    response=SampleOut,
    auth=django_auth,
    summary="Another laboratory for the backup sample",
)
def sample_reinspection_lab(request: HttpRequest, sample_pk: int, payload: LabIn) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.reinspection_assign(actor=actor, sample=s, laboratory=payload.laboratory)


@router.post(
    "/samples/{int:sample_pk}/final",
    response=SampleOut,
    auth=django_auth,
    summary="No objection within the period: the verdict is final",
)
def sample_final(request: HttpRequest, sample_pk: int, payload: DayIn) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.sample_finalise(actor=actor, sample=s, on=payload.on)


@router.post(
    "/samples/{int:sample_pk}/rectification",
    response=SampleOut,
    auth=django_auth,
    summary="Order rectification with a deadline",
)
def sample_rectification(request: HttpRequest, sample_pk: int, payload: RectificationIn) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.rectification_order(actor=actor, sample=s, deadline=payload.deadline)


@router.post(
    "/samples/{int:sample_pk}/refusal",
    response=SampleOut,
    auth=django_auth,
    summary="Record a refusal to be inspected",
)
def sample_refusal(request: HttpRequest, sample_pk: int, payload: RefusalIn) -> Any:
    actor, s = _sample(request, sample_pk)
    return services.sample_refuse(
        actor=actor, sample=s, refused_on=payload.refused_on, note=payload.note
    )
