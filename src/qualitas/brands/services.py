"""The only writes of brands: the brand database, evaluations and brand lists. Each write is
checked against ``core.access`` and appended to the audit chain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qualitas.brands import scoring
from qualitas.brands.choices import (
    NICE_CLASSES,
    BrandKind,
    BrandStatus,
    EntryStatus,
    EvalPart,
    ListStatus,
)
from qualitas.brands.models import (
    Brand,
    BrandEvaluation,
    BrandList,
    BrandOfficer,
    EvaluationMethod,
    ListEntry,
    MethodIndicator,
    Trademark,
)
from qualitas.core.access import (
    Actor,
    Forbidden,
    may_edit_brand,
    may_evaluate_brands,
    may_keep_brand_methods,
    may_nominate_brand,
    may_publish_brand_lists,
    may_register_brand,
    may_review_nomination,
    region_within,
)
from qualitas.core.audit import audit_append
from qualitas.core.errors import DomainError
from qualitas.registry.models import Contact, Enterprise, Product, Region


class BrandsError(DomainError):
    """A brand, evaluation or list request refused for a reason the user can fix."""


def _audit(actor: Actor, action: str, obj: Any, **changes: Any) -> None:
    audit_append(
        actor=actor.user,
        action=f"brands.{action}",
        model=f"brands.{type(obj).__name__.lower()}",
        object_pk=obj.pk,
        changes=changes,
    )


# --- the brand database --------------------------------------------------------------------


@dataclass(frozen=True)
class TrademarkInput:
    number: str
    nice_class: int
    registered_on: date | None = None
    valid_until: date | None = None


def _trademark(t: TrademarkInput, row: int) -> TrademarkInput:
    number = t.number.strip()
    if not number:
        raise BrandsError(_("Give the trademark's registration number."), field="number", row=row)
    if t.nice_class not in NICE_CLASSES:
        raise BrandsError(
            _("Nice class %(value)s does not exist: classes are 1 to 45."),
            field="nice_class",
            row=row,
            value=t.nice_class,
        )
    if t.registered_on and t.valid_until and t.valid_until < t.registered_on:
        raise BrandsError(
            _("A trademark cannot expire before it was registered."), field="valid_until", row=row
        )
    return TrademarkInput(number, t.nice_class, t.registered_on, t.valid_until)


@transaction.atomic
def brand_create(
    *,
    actor: Actor,
    kind: str,
    name_zh: str,
    name_en: str = "",
    category: str,
    owner_id: int | None = None,
    region_code: str | None = None,
    member_ids: Sequence[int] = (),
    product_ids: Sequence[int] = (),
    trademarks: Sequence[TrademarkInput] = (),
    description: str = "",
    publish: bool = False,
) -> Brand:
    """Register a brand. An enterprise or product brand has an owner; a cluster brand has a
    region and lists its member enterprises (in that region)."""
    if kind not in BrandKind.values:
        raise BrandsError(_("Choose the kind of brand."), field="kind")
    if not name_zh.strip():
        raise BrandsError(_("Give the brand's name in Chinese."), field="name_zh")
    if not category.strip():
        raise BrandsError(_("Give the brand's product category."), field="category")
    owner = Enterprise.objects.filter(pk=owner_id).first() if owner_id else None
    region = None
    if kind == BrandKind.CLUSTER:
        region = Region.objects.filter(code=region_code).first() if region_code else None
        if region is None:
            raise BrandsError(_("A cluster brand needs its region."), field="region")
        members = list(Enterprise.objects.filter(pk__in=list(member_ids)))
        if not members:
            raise BrandsError(_("A cluster brand lists its member enterprises."), field="members")
        outside = [e for e in members if not region_within(e.region_id, region.code)]
        if outside:
            raise BrandsError(
                _("%(name)s is not in the cluster's region."), field="members", name=outside[0].name
            )
    else:
        if owner is None:
            raise BrandsError(_("An enterprise or product brand needs its owner."), field="owner")
        members = [owner]
    place = region.code if region else (owner.region_id if owner else None)
    if not may_register_brand(actor, kind=kind, owner_id=owner_id, region_code=place):
        raise Forbidden
    products = list(Product.objects.filter(pk__in=list(product_ids)))
    if kind == BrandKind.PRODUCT:
        if not products:
            raise BrandsError(_("A product brand names its products."), field="products")
        if any(p.enterprise_id != owner_id for p in products):
            raise BrandsError(
                _("A product brand names its owner's products only."), field="products"
            )
    marks = [_trademark(t, row) for row, t in enumerate(trademarks, start=1)]
    brand = Brand.objects.create(
        kind=kind,
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        category=category.strip(),
        owner=owner,
        region=region,
        description=description,
        created_by=actor.user,
    )
    brand.enterprises.set(members)
    brand.products.set(products)
    for row, t in enumerate(marks, start=1):
        _add_trademark(brand, t, row)
    _audit(actor, "brand_create", brand, kind=kind, name=brand.name_zh, trademarks=len(marks))
    if publish:
        brand_publish(actor=actor, brand=brand)
    return brand


def _add_trademark(brand: Brand, t: TrademarkInput, row: int) -> Trademark:
    try:
        with transaction.atomic():
            return Trademark.objects.create(
                brand=brand,
                number=t.number,
                nice_class=t.nice_class,
                registered_on=t.registered_on,
                valid_until=t.valid_until,
            )
    except IntegrityError:
        raise BrandsError(
            _("Trademark %(number)s in class %(cls)s is already registered to a brand."),
            field="number",
            row=row,
            number=t.number,
            cls=t.nice_class,
        ) from None


def _may_edit(actor: Actor, brand: Brand) -> None:
    if not may_edit_brand(actor, owner_id=brand.owner_id, region_code=brand.region_code):
        raise Forbidden


@transaction.atomic
def trademark_add(*, actor: Actor, brand: Brand, trademark: TrademarkInput) -> Trademark:
    _may_edit(actor, brand)
    t = _add_trademark(brand, _trademark(trademark, 1), 1)
    _audit(actor, "trademark_add", brand, number=t.number, nice_class=t.nice_class)
    return t


@transaction.atomic
def officer_add(*, actor: Actor, brand: Brand, contact_id: int, duty: str = "") -> BrandOfficer:
    """Name one of the owner's (or a member's) contacts as a brand officer."""
    _may_edit(actor, brand)
    members = set(brand.enterprises.values_list("pk", flat=True)) | {brand.owner_id}
    contact = Contact.objects.filter(pk=contact_id, enterprise_id__in=members).first()
    if contact is None:
        raise BrandsError(
            _("A brand officer is a contact of the brand's owner or members."), field="contact"
        )
    officer, _created = BrandOfficer.objects.update_or_create(
        brand=brand, contact=contact, defaults={"duty": duty}
    )
    _audit(actor, "officer_add", brand, contact=contact.pk, duty=duty)
    return officer


@transaction.atomic
def brand_publish(*, actor: Actor, brand: Brand) -> Brand:
    _may_edit(actor, brand)
    if brand.status != BrandStatus.PUBLISHED:
        brand.status = BrandStatus.PUBLISHED
        brand.published_at = timezone.now()
        brand.save(update_fields=["status", "published_at"])
        _audit(actor, "brand_publish", brand)
    return brand


# --- evaluation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInput:
    part: str
    key: str
    name_zh: str
    weight: str | Decimal
    name_en: str = ""


def _decimal(value: Any, field: str, row: int | None = None) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise BrandsError(_("Not a number: %(value)s"), field=field, row=row, value=value) from None
    if not d.is_finite() or d < 0:
        raise BrandsError(_("Not a number: %(value)s"), field=field, row=row, value=value)
    return d


@transaction.atomic
def method_create(
    *,
    actor: Actor,
    code: str,
    title_zh: str,
    title_en: str = "",
    input_weight: str | Decimal,
    outcome_weight: str | Decimal,
    indicators: Sequence[IndicatorInput],
    notes: str = "",
) -> EvaluationMethod:
    """A new version of a brand evaluation method (the next number for its code)."""
    if not may_keep_brand_methods(actor):
        raise Forbidden
    wi = _decimal(input_weight, "input_weight")
    wo = _decimal(outcome_weight, "outcome_weight")
    if wi + wo != 1:
        raise BrandsError(
            _("The weights of the inputs and the outcomes add up to 1."), field="input_weight"
        )
    parts = {i.part for i in indicators}
    if parts != {EvalPart.INPUT.value, EvalPart.OUTCOME.value}:
        raise BrandsError(
            _("A method has indicators on both sides: inputs and outcomes."), field="indicators"
        )
    keys = [i.key for i in indicators]
    if len(set(keys)) != len(keys):
        raise BrandsError(_("Indicator keys are unique within a method."), field="indicators")
    last = EvaluationMethod.objects.filter(code=code).order_by("-version").first()
    method = EvaluationMethod.objects.create(
        code=code,
        version=(last.version + 1) if last else 1,
        title_zh=title_zh,
        title_en=title_en,
        input_weight=wi,
        outcome_weight=wo,
        notes=notes,
    )
    for n, i in enumerate(indicators, start=1):
        w = _decimal(i.weight, "weight", row=n)
        if w == 0:
            raise BrandsError(_("An indicator's weight is above 0."), field="weight", row=n)
        MethodIndicator.objects.create(
            method=method,
            part=i.part,
            key=i.key,
            name_zh=i.name_zh,
            name_en=i.name_en,
            weight=w,
            order=n,
        )
    _audit(actor, "method_create", method, code=code, version=method.version, indicators=keys)
    return method


def method_items(method: EvaluationMethod) -> list[scoring.Item]:
    return [scoring.Item(i.part, i.key, i.weight) for i in method.indicators.all()]


@transaction.atomic
def evaluation_record(
    *,
    actor: Actor,
    brand: Brand,
    method: EvaluationMethod,
    scores: Mapping[str, Any],
    evaluated_on: date | None = None,
    note: str = "",
) -> BrandEvaluation:
    """Score a published brand under a method version: every indicator 0–100."""
    if not may_evaluate_brands(actor):
        raise Forbidden
    if brand.status != BrandStatus.PUBLISHED:
        raise BrandsError(_("Only a published brand is evaluated."), field="brand")
    items = method_items(method)
    try:
        parsed = scoring.parse_scores(items, scores)
    except scoring.ScoreProblem as p:
        field = f"scores.{p.key}"
        if p.problem == "missing":
            raise BrandsError(_("Give a score for %(key)s."), field=field, key=p.key) from None
        raise BrandsError(
            _("A score is a number from 0 to 100 (%(key)s)."), field=field, key=p.key
        ) from None
    result = scoring.score(
        items, parsed, input_weight=method.input_weight, outcome_weight=method.outcome_weight
    )
    ev = BrandEvaluation.objects.create(
        brand=brand,
        method=method,
        evaluated_on=evaluated_on or timezone.localdate(),
        scores={k: str(v) for k, v in parsed.items()},
        input_score=result.input,
        outcome_score=result.outcome,
        total=result.total,
        note=note,
        created_by=actor.user,
    )
    _audit(
        actor,
        "evaluation_record",
        ev,
        brand=brand.pk,
        method=str(method),
        total=str(result.total),
    )
    return ev


# --- brand lists ---------------------------------------------------------------------------


@transaction.atomic
def list_create(
    *, actor: Actor, code: str, title_zh: str, title_en: str = "", year: int, tier: str = ""
) -> BrandList:
    if not may_publish_brand_lists(actor):
        raise Forbidden
    if BrandList.objects.filter(code=code).exists():
        raise BrandsError(_("A brand list with this code exists."), field="code")
    bl = BrandList.objects.create(
        code=code, title_zh=title_zh, title_en=title_en, year=year, tier=tier
    )
    _audit(actor, "list_create", bl, code=code, year=year, tier=tier)
    return bl


@transaction.atomic
def nominate(*, actor: Actor, brand_list: BrandList, brand: Brand, reason: str = "") -> ListEntry:
    """Nominate a published brand to an open list."""
    if not may_nominate_brand(actor, owner_id=brand.owner_id):
        raise Forbidden
    if brand_list.status != ListStatus.OPEN:
        raise BrandsError(_("This list is published: it takes no more nominations."), field="list")
    if brand.status != BrandStatus.PUBLISHED:
        raise BrandsError(_("Only a published brand is nominated."), field="brand")
    if ListEntry.objects.filter(brand_list=brand_list, brand=brand).exists():
        raise BrandsError(_("This brand is already nominated to this list."), field="brand")
    entry = ListEntry.objects.create(
        brand_list=brand_list, brand=brand, reason=reason, nominated_by=actor.user
    )
    _audit(actor, "nominate", entry, list=brand_list.code, brand=brand.pk)
    return entry


REVIEW_MOVES = {
    "start": ({EntryStatus.NOMINATED}, EntryStatus.IN_REVIEW),
    "accept": ({EntryStatus.IN_REVIEW}, EntryStatus.ACCEPTED),
    "reject": ({EntryStatus.IN_REVIEW}, EntryStatus.REJECTED),
}


@transaction.atomic
def review(*, actor: Actor, entry: ListEntry, action: str, note: str = "") -> ListEntry:
    """Move a nomination: start the review, then accept or reject it (a rejection gives a
    reason). Not by the one who nominated it; not once the list is published."""
    if not may_review_nomination(actor, nominated_by_id=entry.nominated_by_id):
        raise Forbidden
    if action not in REVIEW_MOVES:
        raise BrandsError(_("Unknown review step."), field="action")
    if entry.brand_list.status != ListStatus.OPEN:
        raise BrandsError(_("This list is published: its entries are final."), field="list")
    sources, target = REVIEW_MOVES[action]
    if entry.status not in sources:
        raise BrandsError(
            _("A nomination that is %(status)s cannot go to this step."),
            field="action",
            status=entry.get_status_display(),
        )
    if target == EntryStatus.REJECTED and not note.strip():
        raise BrandsError(_("Give the reason for the rejection."), field="note")
    entry.status = target
    entry.reviewed_by = actor.user
    entry.reviewed_at = timezone.now()
    entry.review_note = note
    entry.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    _audit(actor, f"review_{action}", entry, status=target.value, note=note)
    return entry


@transaction.atomic
def list_publish(*, actor: Actor, brand_list: BrandList) -> BrandList:
    """Publish a list: every nomination decided, at least one accepted; the accepted brands are
    then public members of the list."""
    if not may_publish_brand_lists(actor):
        raise Forbidden
    if brand_list.status == ListStatus.PUBLISHED:
        raise BrandsError(_("This list is already published."), field="list")
    pending = brand_list.entries.filter(
        status__in=[EntryStatus.NOMINATED, EntryStatus.IN_REVIEW]
    ).count()
    if pending:
        raise BrandsError(_("%(n)s nominations are not decided yet."), field="entries", n=pending)
    if not brand_list.entries.filter(status=EntryStatus.ACCEPTED).exists():
        raise BrandsError(_("A list is published with at least one brand."), field="entries")
    brand_list.status = ListStatus.PUBLISHED
    brand_list.published_at = timezone.now()
    brand_list.published_by = actor.user
    brand_list.save(update_fields=["status", "published_at", "published_by"])
    accepted = list(
        brand_list.entries.filter(status=EntryStatus.ACCEPTED).values_list("brand_id", flat=True)
    )
    _audit(actor, "list_publish", brand_list, brands=accepted)
    return brand_list
