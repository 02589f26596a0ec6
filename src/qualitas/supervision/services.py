"""Writes of supervision spot-checks: rules, campaigns and their draw, samples through testing,
notice, objection and re-inspection, rectification and re-check, refusal, publication.

Every service checks access (``core.access``), validates its input with a :class:`SpotCheckError`
naming the field, runs in one transaction (nothing half-written) and appends the change to the
audit chain.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.analytics.errors import AnalyticsError
from qualitas.analytics.selection import METHOD, frame_digest, stratified_draw
from qualitas.core.access import (
    Actor,
    Forbidden,
    NotFound,
    enterprise_region_q,
    inspector_pool_q,
    may_act_for_sample,
    may_manage_campaign,
    may_publish_campaign,
    may_run_spot_checks,
    region_within,
)
from qualitas.core.audit import audit_append
from qualitas.core.errors import DomainError
from qualitas.registry.choices import EnterpriseStatus, InstitutionKind, SizeClass
from qualitas.registry.models import Enterprise, Institution, Region
from qualitas.supervision.choices import (
    CampaignLevel,
    CampaignStatus,
    SampleStatus,
    Stage,
    StratifyBy,
    Verdict,
    WeightBy,
)
from qualitas.supervision.models import Campaign, ItemResult, ProductRule, Sample, TestItem
from qualitas.supervision.verdicts import item_verdict, sample_verdict

RULES_CSV = Path(__file__).resolve().parent / "data" / "rules.csv"

# Risk weights by size class: the published 2018 national failure-discovery rates (SAMR
# announcement 2019 No. 19: small firms 12.0 %, medium 7.0 %, large 2.9 %; micro as small).
SIZE_RISK: dict[str, float] = {
    SizeClass.LARGE: 2.9,
    SizeClass.MEDIUM: 7.0,
    SizeClass.SMALL: 12.0,
    SizeClass.MICRO: 12.0,
}


class SpotCheckError(DomainError):
    """A spot-check request refused for a reason the user can fix."""


def _audit(actor: Actor, action: str, obj: Any, **changes: Any) -> None:
    audit_append(
        actor=actor.user,
        action=f"supervision.{action}",
        model=f"supervision.{type(obj).__name__.lower()}",
        object_pk=obj.pk,
        changes={k: (v.isoformat() if isinstance(v, date) else v) for k, v in changes.items()},
    )


def _today() -> date:
    return timezone.localdate()


def _not_future(day: date | None, *, field: str) -> None:
    if day is not None and day > _today():
        raise SpotCheckError(_("%(day)s is in the future"), field=field, day=day.isoformat())


# --- rules ----------------------------------------------------------------------------------


def rules_load_defaults(
    path: Path = RULES_CSV, *, rule_model: Any = ProductRule, item_model: Any = TestItem
) -> int:
    """Load the shipped implementation rules (``data/rules.csv``); idempotent. Returns the
    number of test items written. (The migration passes its historical models.)"""
    ProductRule, TestItem = rule_model, item_model  # noqa: N806
    n = 0
    with path.open(encoding="utf-8") as fh, transaction.atomic():
        for order, row in enumerate(csv.DictReader(fh)):
            rule, _created = ProductRule.objects.update_or_create(
                code=row["rule"],
                defaults={
                    "product_zh": row["product_zh"],
                    "product_en": row["product_en"],
                    "document": row["document"],
                    "verdict_rule": row["verdict_rule"],
                    "major_allowed": int(row["major_allowed"]),
                    "minor_allowed": int(row["minor_allowed"]),
                    "sample_size": int(row["sample_size"]),
                    "backup_size": int(row["backup_size"]),
                },
            )
            TestItem.objects.update_or_create(
                rule=rule,
                code=row["item"],
                defaults={
                    "name_zh": row["name_zh"],
                    "name_en": row["name_en"],
                    "standard": row["standard"],
                    "method": row["method"],
                    "requirement": row["requirement"],
                    "item_class": row["class"],
                    "limit_kind": row["limit_kind"],
                    "low": Decimal(row["low"]) if row["low"] else None,
                    "high": Decimal(row["high"]) if row["high"] else None,
                    "unit": row["unit"],
                    "order": order,
                },
            )
            n += 1
    return n


# --- campaigns and the draw -----------------------------------------------------------------


def _require_manager(actor: Actor, campaign: Campaign) -> None:
    if not may_manage_campaign(actor, campaign.region_id):
        raise NotFound


@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    code: str,
    title_zh: str,
    title_en: str = "",
    level: str,
    region: str | None,
    year: int,
    rules: Sequence[str],
    sample_count: int,
    frame_regions: Sequence[str] = (),
    frame_industries: Sequence[str] = (),
    stratify_by: Sequence[str] = (),
    weight_by: str = "",
    exclude_months: int = 12,
    inspectors_per_sample: int = 2,
) -> Campaign:
    """A draft campaign. The organising region must be the actor's (a national one, no region,
    is the admins'); the frame's regions lie inside it; at least one product rule."""
    if not may_run_spot_checks(actor):
        raise Forbidden
    code = (code or "").strip()
    if not code:
        raise SpotCheckError(_("a campaign number is needed"), field="code")
    if Campaign.objects.filter(code=code).exists():
        raise SpotCheckError(_("campaign number %(code)s is taken"), field="code", code=code)
    if not (title_zh or "").strip():
        raise SpotCheckError(_("a title is needed"), field="title_zh")
    if level not in CampaignLevel.values:
        raise SpotCheckError(_("unknown level %(value)s"), field="level", value=level)
    if level == CampaignLevel.NATIONAL:
        region = None
    elif not region or not Region.objects.filter(code=region).exists():
        raise SpotCheckError(_("unknown region %(value)s"), field="region", value=region or "")
    if not may_manage_campaign(actor, region):
        raise SpotCheckError(_("you may not organise a campaign for this region"), field="region")
    if not 2000 <= int(year) <= _today().year + 1:
        raise SpotCheckError(_("year %(value)s is out of range"), field="year", value=year)
    found = list(ProductRule.objects.filter(code__in=list(rules)))
    if not found or len(found) != len(set(rules)):
        raise SpotCheckError(_("choose one or more known product rules"), field="rules")
    if int(sample_count) < 1:
        raise SpotCheckError(_("draw at least one enterprise"), field="sample_count")
    known_regions = set(
        Region.objects.filter(code__in=list(frame_regions)).values_list("code", flat=True)
    )
    for r in frame_regions:
        if r not in known_regions:
            raise SpotCheckError(_("unknown region %(value)s"), field="frame_regions", value=r)
        if region and not region_within(r, region):
            raise SpotCheckError(
                _("region %(value)s lies outside the organising region"),
                field="frame_regions",
                value=r,
            )
    for s in stratify_by:
        if s not in StratifyBy.values:
            raise SpotCheckError(_("unknown stratum %(value)s"), field="stratify_by", value=s)
    if weight_by not in WeightBy.values:
        raise SpotCheckError(_("unknown weighting %(value)s"), field="weight_by", value=weight_by)
    campaign = Campaign.objects.create(
        code=code,
        title_zh=title_zh.strip(),
        title_en=(title_en or "").strip(),
        level=level,
        region_id=region,
        year=int(year),
        sample_count=int(sample_count),
        frame_regions=list(frame_regions),
        frame_industries=[i.strip().upper() for i in frame_industries if i.strip()],
        stratify_by=list(stratify_by),
        weight_by=weight_by,
        exclude_months=int(exclude_months),
        inspectors_per_sample=int(inspectors_per_sample),
        created_by=actor.user,
    )
    campaign.rules.set(found)
    _audit(actor, "campaign.create", campaign, code=code, level=level, region=region)
    return campaign


def _stratum(e: dict[str, Any], by: Sequence[str]) -> str:
    parts = []
    for s in by:
        if s == StratifyBy.REGION:
            parts.append(e["province_id"])
        elif s == StratifyBy.INDUSTRY:
            parts.append(e["industry_id"][:3])
        elif s == StratifyBy.SIZE:
            parts.append(e["size_class"])
    return "/".join(parts) or "all"


def campaign_frame(campaign: Campaign, *, as_of: date | None = None) -> list[dict[str, Any]]:
    """The sampling frame: active enterprises in the campaign's regions and industries, less
    those sampled in another campaign within ``exclude_months`` before ``as_of``; each with its
    key (credit code), stratum and weight."""
    as_of = as_of or _today()
    qs = Enterprise.objects.filter(status=EnterpriseStatus.ACTIVE)
    if campaign.frame_regions:
        q = Q(pk__in=[])
        for r in campaign.frame_regions:
            q |= enterprise_region_q(r)
        qs = qs.filter(q)
    elif campaign.region_id:
        qs = qs.filter(enterprise_region_q(campaign.region_id))
    if campaign.frame_industries:
        q = Q(pk__in=[])
        for i in campaign.frame_industries:
            q |= Q(industry__code__startswith=i)
        qs = qs.filter(q)
    if campaign.exclude_months:
        since = as_of - timedelta(days=round(campaign.exclude_months * 30.4375))
        recent = (
            Sample.objects.exclude(campaign=campaign)
            .filter(
                Q(sampled_on__gte=since)
                | Q(sampled_on__isnull=True, campaign__drawn_at__date__gte=since)
            )
            .values("enterprise_id")
        )
        qs = qs.exclude(pk__in=recent)
    rows: list[dict[str, Any]] = [
        dict(r) for r in qs.values("pk", "credit_code", "province_id", "industry_id", "size_class")
    ]
    for e in rows:
        e["stratum"] = _stratum(e, campaign.stratify_by)
        e["weight"] = SIZE_RISK.get(e["size_class"], 1.0) if campaign.weight_by else 1.0
    rows.sort(key=lambda e: e["credit_code"])
    return rows


def _inspector_pool(campaign: Campaign) -> list[Any]:
    """Officers who may inspect for the campaign: authority users whose regions contain its
    region (a national campaign: every officer), ordered by user name."""
    users = (
        get_user_model()
        .objects.filter(inspector_pool_q())
        .prefetch_related("profile__regions")
        .order_by("username")
    )
    if not campaign.region_id:
        return list(users)
    return [
        u
        for u in users
        if any(region_within(campaign.region_id, r.code) for r in u.profile.regions.all())
    ]


def _rule_for(
    e: dict[str, Any], rules: list[ProductRule], categories: dict[int, str]
) -> ProductRule:
    text = categories.get(e["pk"], "")
    for rule in rules:
        if rule.product_zh[:2] in text or (
            rule.product_en and rule.product_en.lower() in text.lower()
        ):
            return rule
    return rules[int(e["pk"]) % len(rules)]


@transaction.atomic
def campaign_draw(*, actor: Actor, campaign: Campaign, seed: int | None = None) -> Campaign:
    """Draw the enterprises (stratified, reproducible) and each sample's inspectors; record the
    seed, the frame and its digest and the method. A campaign is drawn once."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_manager(actor, campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise SpotCheckError(_("this campaign has already been drawn"), field="status")
    if seed is None:
        seed = secrets.randbelow(2**53)
    if not 0 <= int(seed) < 2**63:
        raise SpotCheckError(_("the seed must be a non-negative whole number"), field="seed")
    frame = campaign_frame(campaign)
    if not frame:
        raise SpotCheckError(
            _("no enterprise is left in the frame: widen its regions or industries"),
            field="frame_regions",
        )
    keys = [e["credit_code"] for e in frame]
    strata = [e["stratum"] for e in frame]
    weights = [e["weight"] for e in frame]
    try:
        draw = stratified_draw(keys, strata, campaign.sample_count, seed=int(seed), weights=weights)
    except AnalyticsError as exc:  # pragma: no cover - the frame is built valid
        raise SpotCheckError(str(exc), field="seed") from exc
    rules = list(campaign.rules.order_by("code"))
    chosen = [frame[i] for i in draw.chosen]
    from qualitas.registry.models import Product

    categories: dict[int, str] = {}
    for ent_id, cat in Product.objects.filter(
        enterprise_id__in=[e["pk"] for e in chosen]
    ).values_list("enterprise_id", "category"):
        categories[ent_id] = categories.get(ent_id, "") + " " + cat
    samples = [
        Sample(
            campaign=campaign,
            enterprise_id=e["pk"],
            rule=_rule_for(e, rules, categories),
            code=f"{campaign.code}-{i + 1:04d}",
            draw_order=i + 1,
            stratum=e["stratum"],
        )
        for i, e in enumerate(chosen)
    ]
    Sample.objects.bulk_create(samples)
    pool = _inspector_pool(campaign)
    if pool and campaign.inspectors_per_sample:
        rng = np.random.default_rng([int(seed), 1])  # the inspectors' own stream of the seed
        k = min(campaign.inspectors_per_sample, len(pool))
        through = Sample.inspectors.through
        links = []
        for sample in Sample.objects.filter(campaign=campaign).order_by("draw_order"):
            for j in sorted(rng.choice(len(pool), size=k, replace=False).tolist()):
                links.append(through(sample_id=sample.pk, user_id=pool[j].pk))
        through.objects.bulk_create(links)
    campaign.seed = int(seed)
    campaign.frame = "\n".join(
        f"{k},{s},{w:g}" for k, s, w in zip(keys, strata, weights, strict=True)
    )
    campaign.frame_size = len(frame)
    campaign.frame_digest = frame_digest(keys, strata, weights)
    campaign.method = METHOD
    campaign.allocation = draw.allocation
    campaign.drawn_at = timezone.now()
    campaign.status = CampaignStatus.DRAWN
    campaign.save()
    _audit(
        actor,
        "campaign.draw",
        campaign,
        seed=campaign.seed,
        frame_size=campaign.frame_size,
        frame_digest=campaign.frame_digest,
        drawn=len(samples),
    )
    return campaign


def redraw_from_frame(frame_text: str, *, n: int, seed: int) -> list[str]:
    """Re-draw a published list from its frame (``key,stratum,weight`` lines) and seed: the
    chosen keys in draw order. The CLI and anyone with the published frame can run it."""
    keys, strata, weights = [], [], []
    for line in frame_text.splitlines():
        if not line.strip():
            continue
        k, s, w = line.rsplit(",", 2)
        keys.append(k)
        strata.append(s)
        weights.append(float(w))
    draw = stratified_draw(keys, strata, n, seed=seed, weights=weights)
    return [keys[i] for i in draw.chosen]


# --- samples --------------------------------------------------------------------------------


def _sample_for_update(actor: Actor, sample: Sample) -> Sample:
    s = Sample.objects.select_for_update().select_related("campaign", "rule").get(pk=sample.pk)
    return s


def _manager_sample(actor: Actor, sample: Sample) -> Sample:
    s = _sample_for_update(actor, sample)
    _require_manager(actor, s.campaign)
    if s.campaign.status == CampaignStatus.PUBLISHED and s.status not in (
        SampleStatus.FINAL,
        SampleStatus.RECTIFICATION,
    ):
        raise SpotCheckError(_("the campaign is published"), field="status")
    return s


def _laboratory(pk: Any, *, field: str) -> Institution:
    lab = Institution.objects.filter(pk=pk, kind=InstitutionKind.LABORATORY).first() if pk else None
    if lab is None:
        raise SpotCheckError(_("choose a laboratory"), field=field)
    return lab


def _expect(s: Sample, *states: str) -> None:
    if s.status not in states:
        raise SpotCheckError(
            _("not possible while the sample is %(status)s"),
            field="status",
            status=s.get_status_display(),
        )


@transaction.atomic
def sample_record(
    *,
    actor: Actor,
    sample: Sample,
    sampled_on: date | None,
    place: str,
    batch: str,
    production_date: date | None,
    quantity: int | None,
    backup_quantity: int | None,
    brand: str = "",
    model_spec: str = "",
    laboratory: Any = None,
) -> Sample:
    """The sampling record: sample and backup sample taken from a batch on a day at a place.
    The dates are not in the future and the batch was made before it was sampled; the
    quantities are at least the rule's."""
    s = _manager_sample(actor, sample)
    _expect(s, SampleStatus.SELECTED, SampleStatus.SAMPLED)
    if sampled_on is None:
        raise SpotCheckError(_("a sampling date is needed"), field="sampled_on")
    _not_future(sampled_on, field="sampled_on")
    _not_future(production_date, field="production_date")
    if production_date and production_date > sampled_on:
        raise SpotCheckError(
            _("the production date is after the sampling date"), field="production_date"
        )
    if not (place or "").strip():
        raise SpotCheckError(_("the sampling place is needed"), field="place")
    if not (batch or "").strip() and production_date is None:
        raise SpotCheckError(_("a batch or a production date is needed"), field="batch")
    if quantity is None or quantity < s.rule.sample_size:
        raise SpotCheckError(
            _("the rule asks for at least %(n)s units"), field="quantity", n=s.rule.sample_size
        )
    if backup_quantity is None or backup_quantity < s.rule.backup_size:
        raise SpotCheckError(
            _("the rule asks for at least %(n)s backup units"),
            field="backup_quantity",
            n=s.rule.backup_size,
        )
    s.sampled_on, s.place, s.batch = sampled_on, place.strip(), (batch or "").strip()
    s.production_date, s.quantity, s.backup_quantity = production_date, quantity, backup_quantity
    s.brand, s.model_spec = (brand or "").strip(), (model_spec or "").strip()
    if laboratory:
        s.laboratory = _laboratory(laboratory, field="laboratory")
    s.status = SampleStatus.TESTING if s.laboratory_id else SampleStatus.SAMPLED
    s.save()
    _audit(
        actor,
        "sample.record",
        s,
        sampled_on=sampled_on,
        batch=s.batch,
        quantity=quantity,
        backup_quantity=backup_quantity,
        laboratory=s.laboratory_id,
    )
    return s


@transaction.atomic
def sample_confirm(*, actor: Actor, sample: Sample) -> Sample:
    """The sampled enterprise confirms the sampling record online."""
    s = _sample_for_update(actor, sample)
    if not may_act_for_sample(actor, s.enterprise_id):
        raise NotFound
    if s.sampled_on is None:
        raise SpotCheckError(_("there is no sampling record to confirm yet"), field="status")
    if s.enterprise_confirmed_at is None:
        s.enterprise_confirmed_at = timezone.now()
        s.save(update_fields=["enterprise_confirmed_at"])
        _audit(actor, "sample.confirm", s)
    return s


@transaction.atomic
def sample_assign_lab(*, actor: Actor, sample: Sample, laboratory: Any) -> Sample:
    """Send the sample to a laboratory (an institution of the laboratory kind)."""
    s = _manager_sample(actor, sample)
    _expect(s, SampleStatus.SAMPLED, SampleStatus.TESTING)
    s.laboratory = _laboratory(laboratory, field="laboratory")
    s.status = SampleStatus.TESTING
    s.save(update_fields=["laboratory", "status"])
    _audit(actor, "sample.laboratory", s, laboratory=s.laboratory_id)
    return s


def judge(sample: Sample, values: Mapping[str, Any]) -> tuple[str, list[ItemResult]]:
    """The verdict and item results of ``values`` (``{item code: value or (value, unit)}``)
    under the sample's rule; every item of the rule needs a value and no other item is
    accepted. Nothing is saved."""
    items = {i.code: i for i in sample.rule.items.all()}
    unknown = sorted(set(values) - set(items))
    if unknown:
        raise SpotCheckError(
            _("%(item)s is not a test item of this rule"), field=unknown[0], item=unknown[0]
        )
    results = []
    for code, item in items.items():
        given = values.get(code)
        value, unit = given if isinstance(given, tuple) else (given, "")
        if value is None or str(value).strip() == "":
            raise SpotCheckError(_("a value is needed for %(item)s"), field=code, item=item.name)
        number, verdict = item_verdict(
            limit_kind=item.limit_kind,
            low=item.low,
            high=item.high,
            unit=item.unit,
            value=str(value),
            value_unit=unit or "",
            field=code,
        )
        results.append(
            ItemResult(item=item, value=str(value).strip(), number=number, verdict=verdict)
        )
    verdict = sample_verdict(
        rule=sample.rule.verdict_rule,
        major_allowed=sample.rule.major_allowed,
        minor_allowed=sample.rule.minor_allowed,
        items=[(r.item.item_class, r.verdict) for r in results],
    )
    return verdict, results


@transaction.atomic
def results_enter(
    *,
    actor: Actor,
    sample: Sample,
    values: Mapping[str, Any],
    tested_on: date | None,
    stage: str = Stage.INITIAL,
) -> Sample:
    """Enter one stage's results: the laboratory's inspection, the re-inspection of the backup
    sample after an objection (final verdict), or the re-check after rectification."""
    s = _manager_sample(actor, sample)
    if tested_on is None:
        raise SpotCheckError(_("the test date is needed"), field="tested_on")
    _not_future(tested_on, field="tested_on")
    if stage == Stage.INITIAL:
        _expect(s, SampleStatus.TESTING)
        if s.sampled_on and tested_on < s.sampled_on:
            raise SpotCheckError(_("tested before it was sampled"), field="tested_on")
    elif stage == Stage.REINSPECTION:
        _expect(s, SampleStatus.OBJECTION)
        if s.reinspection_lab_id is None:
            raise SpotCheckError(
                _("assign the re-inspection laboratory first"), field="reinspection_lab"
            )
    elif stage == Stage.RECHECK:
        _expect(s, SampleStatus.RECTIFICATION)
    else:
        raise SpotCheckError(_("unknown stage %(value)s"), field="stage", value=stage)
    verdict, results = judge(s, values)
    ItemResult.objects.filter(sample=s, stage=stage).delete()
    for r in results:
        r.sample, r.stage = s, stage
    ItemResult.objects.bulk_create(results)
    if stage == Stage.INITIAL:
        s.verdict, s.tested_on, s.status = verdict, tested_on, SampleStatus.TESTED
    elif stage == Stage.REINSPECTION:
        s.reinspection_verdict = s.final_verdict = verdict
        s.status = SampleStatus.FINAL
    else:
        s.recheck_verdict, s.rechecked_on, s.status = verdict, tested_on, SampleStatus.RECHECKED
    s.save()
    _audit(
        actor,
        f"results.{stage}",
        s,
        verdict=verdict,
        tested_on=tested_on,
        items={r.item.code: [r.value, r.verdict] for r in results},
    )
    return s


def results_read_xlsx(data: bytes) -> dict[str, tuple[str, str]]:
    """A laboratory's result sheet: a header row with ``item``, ``value`` and optionally
    ``unit`` (or 检验项目编号, 检验结果, 单位), then one row per item."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the same refusal
        raise SpotCheckError(_("the file is not an XLSX workbook"), field="file") from None
    rows = list(wb.active.iter_rows(values_only=True)) if wb.active is not None else []
    if not rows:
        raise SpotCheckError(_("the sheet is empty"), field="file")
    names = {
        "item": "item",
        "检验项目编号": "item",
        "value": "value",
        "检验结果": "value",
        "unit": "unit",
        "单位": "unit",
    }
    header = [
        names.get(str(c or "").strip().lower(), names.get(str(c or "").strip(), ""))
        for c in rows[0]
    ]
    if "item" not in header or "value" not in header:
        raise SpotCheckError(
            _("the first row must name the columns item and value"), row=1, field="file"
        )
    out: dict[str, tuple[str, str]] = {}
    for n, row in enumerate(rows[1:], start=2):
        rec = {
            h: ("" if v is None else str(v)).strip() for h, v in zip(header, row, strict=False) if h
        }
        if not any(rec.values()):
            continue
        if not rec.get("item"):
            raise SpotCheckError(_("a result without its item"), row=n, field="item")
        if rec["item"] in out:
            raise SpotCheckError(
                _("item %(item)s appears twice"), row=n, field="item", item=rec["item"]
            )
        out[rec["item"]] = (rec.get("value", ""), rec.get("unit", ""))
    return out


@transaction.atomic
def sample_notify(*, actor: Actor, sample: Sample, on: date | None = None) -> Sample:
    """Notify the enterprise of the result. A qualified result is final; an unqualified one
    may be objected to within the campaign's objection period (15 days)."""
    s = _manager_sample(actor, sample)
    _expect(s, SampleStatus.TESTED)
    on = on or _today()
    _not_future(on, field="notified_on")
    if s.tested_on and on < s.tested_on:
        raise SpotCheckError(_("notified before the test"), field="notified_on")
    s.notified_on = on
    if s.verdict == Verdict.PASS:
        s.final_verdict, s.status = Verdict.PASS, SampleStatus.FINAL
    else:
        s.status = SampleStatus.NOTIFIED
    s.save()
    _audit(actor, "sample.notify", s, notified_on=on, verdict=s.verdict)
    return s


def objection_deadline(sample: Sample) -> date | None:
    """The last day an objection is accepted: the notice day plus the objection period."""
    if sample.notified_on is None:
        return None
    return sample.notified_on + timedelta(days=sample.campaign.objection_days)


@transaction.atomic
def objection_file(*, actor: Actor, sample: Sample, filed_on: date | None, reason: str) -> Sample:
    """The enterprise objects to an unqualified result within the period and asks for the
    backup sample to be re-inspected."""
    s = _sample_for_update(actor, sample)
    if not may_act_for_sample(actor, s.enterprise_id):
        raise NotFound
    _expect(s, SampleStatus.NOTIFIED)
    filed_on = filed_on or _today()
    _not_future(filed_on, field="filed_on")
    deadline = objection_deadline(s)
    if s.notified_on and filed_on < s.notified_on:
        raise SpotCheckError(_("an objection cannot precede the notice"), field="filed_on")
    if deadline and filed_on > deadline:
        raise SpotCheckError(
            _("the objection period ended on %(day)s"), field="filed_on", day=deadline.isoformat()
        )
    if not (reason or "").strip():
        raise SpotCheckError(_("give the reason for the objection"), field="reason")
    s.objection_filed_on, s.objection_reason = filed_on, reason.strip()
    s.status = SampleStatus.OBJECTION
    s.save()
    _audit(actor, "sample.objection", s, filed_on=filed_on)
    return s


@transaction.atomic
def reinspection_assign(*, actor: Actor, sample: Sample, laboratory: Any) -> Sample:
    """The backup sample goes to another laboratory than the first."""
    s = _manager_sample(actor, sample)
    _expect(s, SampleStatus.OBJECTION)
    lab = _laboratory(laboratory, field="reinspection_lab")
    if lab.pk == s.laboratory_id:
        raise SpotCheckError(
            _("the backup sample must go to another laboratory"), field="reinspection_lab"
        )
    s.reinspection_lab = lab
    s.save(update_fields=["reinspection_lab"])
    _audit(actor, "sample.reinspect_lab", s, laboratory=lab.pk)
    return s


@transaction.atomic
def sample_finalise(*, actor: Actor, sample: Sample, on: date | None = None) -> Sample:
    """An unqualified result without objection becomes final once the period has passed."""
    s = _manager_sample(actor, sample)
    _expect(s, SampleStatus.NOTIFIED)
    on = on or _today()
    deadline = objection_deadline(s)
    if deadline and on <= deadline:
        raise SpotCheckError(
            _("the objection period runs until %(day)s"), field="status", day=deadline.isoformat()
        )
    s.final_verdict, s.status = s.verdict, SampleStatus.FINAL
    s.save()
    _audit(actor, "sample.final", s, verdict=s.final_verdict)
    return s


@transaction.atomic
def rectification_order(*, actor: Actor, sample: Sample, deadline: date | None) -> Sample:
    """Order a finally unqualified enterprise to rectify by a deadline; a re-check follows."""
    s = _manager_sample(actor, sample)
    _expect(s, SampleStatus.FINAL)
    if s.final_verdict != Verdict.FAIL:
        raise SpotCheckError(_("only an unqualified result is rectified"), field="status")
    if deadline is None or deadline <= _today():
        raise SpotCheckError(_("the deadline must be after today"), field="rectification_deadline")
    s.rectification_deadline, s.status = deadline, SampleStatus.RECTIFICATION
    s.save()
    _audit(actor, "sample.rectification", s, deadline=deadline)
    return s


@transaction.atomic
def sample_refuse(*, actor: Actor, sample: Sample, refused_on: date | None, note: str) -> Sample:
    """The enterprise refused to be sampled: recorded and published."""
    s = _manager_sample(actor, sample)
    _expect(s, SampleStatus.SELECTED)
    if refused_on is None:
        raise SpotCheckError(_("the date of the refusal is needed"), field="refused_on")
    _not_future(refused_on, field="refused_on")
    if not (note or "").strip():
        raise SpotCheckError(_("describe the refusal"), field="refusal_note")
    s.refused_on, s.refusal_note, s.status = refused_on, note.strip(), SampleStatus.REFUSED
    s.save()
    _audit(actor, "sample.refused", s, refused_on=refused_on)
    return s


# --- publication ----------------------------------------------------------------------------

DONE = (
    SampleStatus.FINAL,
    SampleStatus.RECTIFICATION,
    SampleStatus.RECHECKED,
    SampleStatus.REFUSED,
)


@transaction.atomic
def campaign_submit(*, actor: Actor, campaign: Campaign) -> Campaign:
    """Submit the results for publication: every sample has a final verdict or a refusal."""
    c = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_manager(actor, c)
    if c.status != CampaignStatus.DRAWN:
        raise SpotCheckError(_("only a drawn campaign is submitted"), field="status")
    open_n = c.samples.exclude(status__in=DONE).count()
    if open_n:
        raise SpotCheckError(_("%(n)s samples have no final result yet"), field="status", n=open_n)
    c.status, c.submitted_by = CampaignStatus.SUBMITTED, actor.user
    c.save(update_fields=["status", "submitted_by"])
    _audit(actor, "campaign.submit", c)
    return c


@transaction.atomic
def campaign_publish(*, actor: Actor, campaign: Campaign, notice_no: str = "") -> Campaign:
    """Publish the qualified and unqualified lists: a second officer, not the one who submitted."""
    c = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_manager(actor, c)
    if c.status != CampaignStatus.SUBMITTED:
        raise SpotCheckError(_("only a submitted campaign is published"), field="status")
    if not may_publish_campaign(actor, c.region_id, c.submitted_by_id):
        raise SpotCheckError(
            _("another officer than the one who submitted must publish"), field="status"
        )
    c.status, c.published_by, c.published_at = CampaignStatus.PUBLISHED, actor.user, timezone.now()
    c.notice_no = (notice_no or "").strip() or c.notice_no
    c.save()
    _audit(actor, "campaign.publish", c, notice_no=c.notice_no)
    return c
