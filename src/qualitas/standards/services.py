"""Writes of standards self-declaration: the catalogue and declarations (audited).

Every rule lives here so that the page, the API, an import and the CLI refuse the same things
with the same message (:class:`StandardsError`, naming the field and, for indicators, the row).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    Actor,
    NotFound,
    may_declare_for,
    may_keep_grading_schemes,
    may_keep_standards_catalogue,
    may_publish_forerunners,
    may_record_grade,
)
from qualitas.core.audit import audit_append
from qualitas.core.errors import DomainError
from qualitas.registry.selectors import product_get
from qualitas.standards import codes, ranking, units
from qualitas.standards.choices import (
    DeclarationStatus,
    IndicatorPart,
    LimitKind,
    ResultSource,
    StandardKind,
    StandardStatus,
)
from qualitas.standards.models import (
    Declaration,
    DeclaredIndicator,
    ForerunnerEntry,
    ForerunnerList,
    GradeAssessment,
    GradingScheme,
    SchemeIndicator,
    Standard,
    StandardLimit,
)


class StandardsError(DomainError):
    """A declaration or catalogue request refused for a reason the user can fix."""


def _audit(actor: Actor, action: str, obj: Any, **changes: Any) -> None:
    audit_append(
        actor=actor.user,
        action=f"standards.{action}",
        model=f"standards.{type(obj).__name__.lower()}",
        object_pk=obj.pk,
        changes=changes,
    )


def parse_code(
    text: str, *, field: str = "standards", row: int | None = None
) -> codes.StandardCode:
    """A standard number in a known form, or :class:`StandardsError` naming it."""
    parsed = codes.parse(text, max_year=timezone.localdate().year + 1)
    if parsed is None:
        raise StandardsError(
            _(
                "“%(code)s” is not a standard number: write it as e.g. GB/T 1234-2020, QB/T 1234-2018, "
                "T/ABC 001-2022 or Q/ABC 001-2024 (a four-digit year)"
            ),
            field=field,
            row=row,
            code=text.strip(),
        )
    return parsed


def _in_force(std: Standard, *, field: str) -> None:
    if std.status == StandardStatus.CURRENT:
        return
    if std.replaced_by_id:
        raise StandardsError(
            _("%(code)s has been replaced by %(new)s: declare the standard in force"),
            field=field,
            code=std.code,
            new=std.replaced_by.code if std.replaced_by else "",
        )
    raise StandardsError(_("%(code)s is abolished"), field=field, code=std.code)


# --- declared indicators -------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorInput:
    """One indicator as the page, the API or an import gives it (values still text)."""

    name_zh: str
    unit: str
    limit_kind: str
    value: Any
    key: str = ""
    name_en: str = ""
    method: str = ""
    safety: bool = False
    standard: str = ""


def _decimal(value: Any, *, row: int) -> Decimal:
    try:
        d = Decimal(str(value).strip().replace("，", "").replace(",", ""))
    except (InvalidOperation, ValueError):
        raise StandardsError(
            _("row %(n)s: the declared value “%(value)s” is not a number"),
            field="indicators",
            row=row,
            n=row,
            value=value,
        ) from None
    if not d.is_finite():
        raise StandardsError(
            _("row %(n)s: the declared value “%(value)s” is not a number"),
            field="indicators",
            row=row,
            n=row,
            value=value,
        )
    return d


def check_indicators(
    rows: list[IndicatorInput], *, category: str, standards: list[Standard]
) -> list[DeclaredIndicator]:
    """Completeness and logic checks of declared indicators; unsaved rows in order.

    Each row needs a name, a valid unit, a direction (at most / at least) and a number; keys are
    unique; a row naming a standard names one of the declaration's. Against every mandatory
    limit the catalogue holds for the same product category and indicator: the units must be
    convertible, the direction the same, and the declared limit at least as strict (at most: not
    above; at least: not below) after conversion.
    """
    by_code = {s.code: s for s in standards}
    mandatory = {
        lim.key: lim
        for lim in StandardLimit.objects.filter(
            standard__mandatory=True,
            standard__status=StandardStatus.CURRENT,
            category=category,
        ).select_related("standard")
    }
    out: list[DeclaredIndicator] = []
    seen: set[str] = set()
    for n, r in enumerate(rows, start=1):
        name = (r.name_zh or "").strip()
        if not name:
            raise StandardsError(_("row %(n)s: name the indicator"), field="indicators", row=n, n=n)
        key = (
            slugify(r.key or r.name_en or "", allow_unicode=False)[:60]
            or slugify(name, allow_unicode=True)[:60]
        )
        if key in seen:
            raise StandardsError(
                _("row %(n)s: the indicator “%(key)s” is declared twice"),
                field="indicators",
                row=n,
                n=n,
                key=key,
            )
        seen.add(key)
        unit = units.canonical(r.unit)
        if unit is None:
            raise StandardsError(
                _(
                    "row %(n)s: “%(unit)s” is not a unit the platform knows (e.g. mm, g, L, mAh, Wh, %%, °C)"
                ),
                field="indicators",
                row=n,
                n=n,
                unit=r.unit,
            )
        if r.limit_kind not in LimitKind.values:
            raise StandardsError(
                _(
                    "row %(n)s: say whether the value is an upper limit (at most) or a lower limit (at least)"
                ),
                field="indicators",
                row=n,
                n=n,
            )
        value = _decimal(r.value, row=n)
        std = None
        if r.standard:
            code = codes.normalise(r.standard)
            std = by_code.get(code)
            if std is None:
                raise StandardsError(
                    _("row %(n)s: %(code)s is not among the standards of this declaration"),
                    field="indicators",
                    row=n,
                    n=n,
                    code=code,
                )
        lim = mandatory.get(key)
        if lim is not None:
            if not units.convertible(unit, lim.unit):
                raise StandardsError(
                    _(
                        "row %(n)s: %(unit)s cannot be converted to %(limit_unit)s, the unit of %(code)s"
                    ),
                    field="indicators",
                    row=n,
                    n=n,
                    unit=unit or "—",
                    limit_unit=lim.unit or "—",
                    code=lim.standard.code,
                )
            if r.limit_kind != lim.limit_kind:
                raise StandardsError(
                    _("row %(n)s: %(code)s sets %(name)s as %(kind)s; declare it the same way"),
                    field="indicators",
                    row=n,
                    n=n,
                    code=lim.standard.code,
                    name=lim.name,
                    kind=lim.get_limit_kind_display(),
                )
            in_limit_unit = units.convert(value, unit, lim.unit)
            looser = (
                in_limit_unit > lim.value
                if lim.limit_kind == LimitKind.MAX
                else in_limit_unit < lim.value
            )
            if looser:
                raise StandardsError(
                    _(
                        "row %(n)s: %(name)s %(sign)s %(value)s %(unit)s is less strict than the "
                        "mandatory %(code)s (%(sign)s %(limit)s %(limit_unit)s)"
                    ),
                    field="indicators",
                    row=n,
                    n=n,
                    name=name,
                    sign="≤" if lim.limit_kind == LimitKind.MAX else "≥",
                    value=_plain(value),
                    unit=unit,
                    code=lim.standard.code,
                    limit=_plain(lim.value),
                    limit_unit=lim.unit,
                )
        out.append(
            DeclaredIndicator(
                standard=std,
                key=key,
                name_zh=name,
                name_en=(r.name_en or "").strip(),
                unit=unit,
                limit_kind=r.limit_kind,
                value=value,
                method=(r.method or "").strip(),
                safety=bool(r.safety),
            )
        )
    return out


def _plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return text


# --- declarations --------------------------------------------------------------------------


def _resolve_standards(codes_text: list[str], *, enterprise_id: int) -> list[Standard]:
    found: list[Standard] = []
    for text in codes_text:
        if not text.strip():
            continue
        parsed = parse_code(text)
        if parsed.code in {s.code for s in found}:
            raise StandardsError(_("%(code)s is named twice"), field="standards", code=parsed.code)
        std = Standard.objects.select_related("replaced_by").filter(code=parsed.code).first()
        if std is None:
            std = Standard(
                code=parsed.code,
                kind=parsed.kind,
                mandatory=parsed.mandatory,
                declared_by_id=enterprise_id
                if parsed.kind in (StandardKind.ENTERPRISE, StandardKind.GROUP)
                else None,
            )
        else:
            _in_force(std, field="standards")
        found.append(std)
    if not found:
        raise StandardsError(
            _("Name at least one standard the product follows."), field="standards"
        )
    return found


@transaction.atomic
def declaration_create(
    *,
    actor: Actor,
    product_id: Any,
    standards: list[str],
    indicators: list[IndicatorInput] | None = None,
    note: str = "",
    publish: bool = False,
) -> Declaration:
    """A new version of the product's declaration (published at once when ``publish``).

    An enterprise or group standard must come with its core indicators. Publishing a version
    supersedes the product's earlier published one.
    """
    try:
        product = product_get(pk=product_id)
    except NotFound:
        raise StandardsError(_("Choose one of your products."), field="product") from None
    if not may_declare_for(actor, product.enterprise_id):
        raise StandardsError(_("Choose one of your products."), field="product")
    stds = _resolve_standards(standards, enterprise_id=product.enterprise_id)
    rows = check_indicators(indicators or [], category=product.category, standards=stds)
    own_kinds = (StandardKind.ENTERPRISE, StandardKind.GROUP)
    for s in stds:
        if s.kind in own_kinds and not rows:
            raise StandardsError(
                _("%(code)s is an enterprise or group standard: declare its core indicators"),
                field="indicators",
                code=s.code,
            )
    for s in stds:
        if s.pk is None:
            s.save()
    last = Declaration.objects.filter(product=product).aggregate(v=Max("version"))["v"] or 0
    decl = Declaration.objects.create(
        enterprise_id=product.enterprise_id,
        product=product,
        version=last + 1,
        category=product.category,
        note=note.strip(),
        created_by=actor.user,
    )
    decl.standards.set(stds)
    for ind in rows:
        ind.declaration = decl
    DeclaredIndicator.objects.bulk_create(rows)
    _audit(
        actor,
        "declaration.create",
        decl,
        product=product.pk,
        version=decl.version,
        standards=[s.code for s in stds],
        indicators=len(rows),
    )
    if publish:
        declaration_publish(actor=actor, declaration=decl)
    return decl


@transaction.atomic
def declaration_publish(*, actor: Actor, declaration: Declaration) -> Declaration:
    if not may_declare_for(actor, declaration.enterprise_id):
        raise StandardsError(_("Only the enterprise publishes its declarations."))
    if declaration.status != DeclarationStatus.DRAFT:
        raise StandardsError(_("Only a draft can be published."), field="status")
    Declaration.objects.filter(
        product_id=declaration.product_id, status=DeclarationStatus.PUBLISHED
    ).update(status=DeclarationStatus.SUPERSEDED)
    declaration.status = DeclarationStatus.PUBLISHED
    declaration.published_at = timezone.now()
    declaration.save(update_fields=["status", "published_at"])
    _audit(actor, "declaration.publish", declaration, version=declaration.version)
    return declaration


@transaction.atomic
def declaration_withdraw(*, actor: Actor, declaration: Declaration) -> Declaration:
    if not may_declare_for(actor, declaration.enterprise_id):
        raise StandardsError(_("Only the enterprise withdraws its declarations."))
    if declaration.status not in (DeclarationStatus.DRAFT, DeclarationStatus.PUBLISHED):
        raise StandardsError(_("This version is no longer in force."), field="status")
    declaration.status = DeclarationStatus.WITHDRAWN
    declaration.save(update_fields=["status"])
    _audit(actor, "declaration.withdraw", declaration, version=declaration.version)
    return declaration


# --- catalogue -----------------------------------------------------------------------------


@transaction.atomic
def standard_upsert(
    *,
    actor: Actor,
    code: str,
    title_zh: str = "",
    title_en: str = "",
    status: str = StandardStatus.CURRENT,
    replaced_by: str = "",
    issued_on: Any = None,
    effective_on: Any = None,
    ics: str = "",
    ccs: str = "",
    row: int | None = None,
) -> Standard:
    """Add or update a catalogue entry (admins and authority officers)."""
    if not may_keep_standards_catalogue(actor):
        raise StandardsError(_("Only officers keep the catalogue of standards."))
    parsed = parse_code(code, field="code", row=row)
    if status not in StandardStatus.values:
        raise StandardsError(
            _("unknown status “%(status)s”"), field="status", row=row, status=status
        )
    newer = None
    if replaced_by:
        newer_code = parse_code(replaced_by, field="replaced_by", row=row).code
        newer = Standard.objects.filter(code=newer_code).first()
        if newer is None:
            newer = Standard.objects.create(
                code=newer_code,
                kind=codes.parse(newer_code, max_year=9999).kind,  # type: ignore[union-attr]
                mandatory=codes.parse(newer_code, max_year=9999).mandatory,  # type: ignore[union-attr]
            )
        status = StandardStatus.REPLACED
    std, created = Standard.objects.update_or_create(
        code=parsed.code,
        defaults={
            "kind": parsed.kind,
            "mandatory": parsed.mandatory,
            "title_zh": title_zh.strip(),
            "title_en": title_en.strip(),
            "status": status,
            "replaced_by": newer,
            "issued_on": issued_on or None,
            "effective_on": effective_on or None,
            "ics": ics.strip(),
            "ccs": ccs.strip(),
        },
    )
    _audit(
        actor,
        "standard.create" if created else "standard.update",
        std,
        code=std.code,
        status=status,
    )
    return std


# --- forerunners ---------------------------------------------------------------------------


@dataclass
class ForerunnerPreview:
    category: str
    key: str
    year: int
    name_zh: str
    name_en: str
    unit: str
    limit_kind: str
    ranked: list[ranking.Ranked]
    enterprise_of: dict[int, int]
    left_out: int  # declared in another direction or an unconvertible unit


def forerunner_preview(
    *, category: str, key: str, year: int, share: Decimal = ranking.DEFAULT_SHARE
) -> ForerunnerPreview:
    """Rank the published declarations of ``category`` in force in ``year`` on indicator ``key``.

    The unit and direction are those most declarations use; values in other convertible units
    are converted, the rest are left out (and counted).
    """
    rows = list(
        DeclaredIndicator.objects.filter(
            key=key,
            declaration__category=category,
            declaration__status=DeclarationStatus.PUBLISHED,
            declaration__published_at__year__lte=year,
        ).values_list(
            "declaration_id",
            "declaration__enterprise_id",
            "value",
            "unit",
            "limit_kind",
            "name_zh",
            "name_en",
        )
    )
    if not rows:
        raise StandardsError(
            _("No published declaration of %(category)s declares “%(key)s”."),
            field="key",
            category=category,
            key=key,
        )
    counts: dict[tuple[str, str], int] = {}
    for r in rows:
        counts[(r[3], r[4])] = counts.get((r[3], r[4]), 0) + 1
    unit, kind = max(counts, key=lambda k: (counts[k], k))
    entries: list[tuple[int, Decimal]] = []
    enterprise_of: dict[int, int] = {}
    left = 0
    for decl, ent, value, u, k, _zh, _en in rows:
        if k != kind or not units.convertible(u, unit):
            left += 1
            continue
        entries.append((decl, value if u == unit else units.convert(value, u, unit)))
        enterprise_of[decl] = ent
    ranked = ranking.rank_forerunners(entries, lower_is_better=kind == LimitKind.MAX, share=share)
    first = rows[0]
    return ForerunnerPreview(
        category=category,
        key=key,
        year=year,
        name_zh=first[5],
        name_en=first[6],
        unit=unit,
        limit_kind=kind,
        ranked=ranked,
        enterprise_of=enterprise_of,
        left_out=left,
    )


@transaction.atomic
def forerunner_publish(
    *, actor: Actor, category: str, key: str, year: int, share: Decimal = ranking.DEFAULT_SHARE
) -> ForerunnerList:
    """Publish (or republish) the forerunner list of a category, indicator and year."""
    if not may_publish_forerunners(actor):
        raise StandardsError(_("Only officers publish forerunner lists."))
    if not Decimal(0) < share <= Decimal(1):
        raise StandardsError(_("The share of forerunners is between 0 and 1."), field="share")
    p = forerunner_preview(category=category, key=key, year=year, share=share)
    if not p.ranked:
        raise StandardsError(
            _(
                "A forerunner list needs at least %(min)s declarations; %(category)s has fewer on this indicator."
            ),
            field="key",
            min=ranking.MIN_ENTRIES,
            category=category,
        )
    ForerunnerList.objects.filter(category=category, key=key, year=year).delete()
    fl = ForerunnerList.objects.create(
        category=category,
        key=key,
        name_zh=p.name_zh,
        name_en=p.name_en,
        year=year,
        unit=p.unit,
        limit_kind=p.limit_kind,
        method_version=ranking.METHOD_VERSION,
        share=share,
        entries_count=len(p.ranked),
        published_at=timezone.now(),
        published_by=actor.user,
    )
    ForerunnerEntry.objects.bulk_create(
        [
            ForerunnerEntry(
                forerunner_list=fl,
                declaration_id=int(r.key),  # type: ignore[call-overload]
                enterprise_id=p.enterprise_of[int(r.key)],  # type: ignore[call-overload]
                rank=r.rank,
                value=r.value,
                forerunner=r.forerunner,
            )
            for r in p.ranked
        ],
        batch_size=2000,
    )
    _audit(
        actor,
        "forerunners.publish",
        fl,
        category=category,
        key=key,
        year=year,
        ranked=len(p.ranked),
        forerunners=sum(r.forerunner for r in p.ranked),
    )
    return fl


# --- grading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeIndicatorInput:
    key: str
    name_zh: str
    part: str
    comparison: str
    unit: str = ""
    name_en: str = ""
    limit: Any = None
    thresholds: dict[str, Any] | None = None


@transaction.atomic
def scheme_create(
    *,
    actor: Actor,
    code: str,
    category: str,
    title_zh: str,
    grades: list[str],
    indicators: list[SchemeIndicatorInput],
    title_en: str = "",
    basis: str = "",
    validity_months: int = 12,
) -> GradingScheme:
    """A new version of a grading scheme (grades best first; thresholds stricter for better grades)."""
    if not may_keep_grading_schemes(actor):
        raise StandardsError(_("Only officers define grading schemes."))
    grades = [g.strip() for g in grades if g.strip()]
    if not grades or len(set(grades)) != len(grades):
        raise StandardsError(_("Name the grades, best first, each once."), field="grades")
    if not category.strip():
        raise StandardsError(_("Name the product category."), field="category")
    if not any(i.part == IndicatorPart.GRADED for i in indicators):
        raise StandardsError(
            _("A scheme needs at least one grading indicator."), field="indicators"
        )
    rows: list[SchemeIndicator] = []
    seen: set[str] = set()
    for n, i in enumerate(indicators, start=1):
        key = slugify(i.key)[:60]
        if not key or key in seen:
            raise StandardsError(
                _("row %(n)s: give each indicator its own key"), field="indicators", row=n, n=n
            )
        seen.add(key)
        if i.comparison not in ranking.COMPARISONS or i.part not in IndicatorPart.values:
            raise StandardsError(
                _("row %(n)s: unknown comparison or part"), field="indicators", row=n, n=n
            )
        if units.canonical(i.unit) is None:
            raise StandardsError(
                _(
                    "row %(n)s: “%(unit)s” is not a unit the platform knows (e.g. mm, g, L, mAh, Wh, %%, °C)"
                ),
                field="indicators",
                row=n,
                n=n,
                unit=i.unit,
            )
        limit = None
        thresholds: dict[str, str] = {}
        if i.part == IndicatorPart.GATE:
            if i.limit in (None, ""):
                raise StandardsError(
                    _("row %(n)s: a requirement needs its limit"), field="indicators", row=n, n=n
                )
            limit = _decimal(i.limit, row=n)
        else:
            given = {
                g: _decimal(v, row=n)
                for g, v in (i.thresholds or {}).items()
                if v not in (None, "")
            }
            unknown = set(given) - set(grades)
            if unknown or not given:
                raise StandardsError(
                    _("row %(n)s: give thresholds for the scheme's grades only"),
                    field="indicators",
                    row=n,
                    n=n,
                )
            ordered = [given[g] for g in grades if g in given]
            higher = i.comparison in ("gt", "ge")
            if any(
                (a < b) if higher else (a > b) for a, b in zip(ordered, ordered[1:], strict=False)
            ):
                raise StandardsError(
                    _("row %(n)s: a better grade needs a stricter threshold"),
                    field="indicators",
                    row=n,
                    n=n,
                )
            thresholds = {g: str(v) for g, v in given.items()}
        rows.append(
            SchemeIndicator(
                key=key,
                name_zh=i.name_zh.strip(),
                name_en=i.name_en.strip(),
                unit=units.canonical(i.unit) or "",
                part=i.part,
                comparison=i.comparison,
                limit=limit,
                thresholds=thresholds,
            )
        )
    last = GradingScheme.objects.filter(code=code).aggregate(v=Max("version"))["v"] or 0
    scheme = GradingScheme.objects.create(
        code=slugify(code)[:60],
        version=last + 1,
        category=category.strip(),
        title_zh=title_zh.strip(),
        title_en=title_en.strip(),
        basis=basis.strip(),
        grades=grades,
        validity_months=validity_months,
    )
    for r in rows:
        r.scheme = scheme
    SchemeIndicator.objects.bulk_create(rows)
    _audit(actor, "scheme.create", scheme, code=scheme.code, version=scheme.version, grades=grades)
    return scheme


def scheme_rules(scheme: GradingScheme) -> tuple[list[ranking.Gate], list[ranking.Graded]]:
    gates, graded = [], []
    for i in scheme.indicators.all():
        if i.part == IndicatorPart.GATE:
            gates.append(ranking.Gate(key=i.key, comparison=i.comparison, limit=i.limit))  # type: ignore[arg-type]
        else:
            graded.append(
                ranking.Graded(
                    key=i.key,
                    comparison=i.comparison,
                    thresholds={g: Decimal(v) for g, v in i.thresholds.items()},
                )
            )
    return gates, graded


_ACCREDITATION = re.compile(r"^(CNAS\s?L\d{4,5}|\d{12})$")


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


@transaction.atomic
def grade_record(
    *,
    actor: Actor,
    scheme_id: Any,
    product_id: Any,
    source: str,
    laboratory: str,
    accreditation: str,
    report_no: str,
    tested_on: date,
    values: dict[str, Any],
) -> GradeAssessment:
    """Grade a product from one set of test results and publish the grade with its validity.

    The results come from a spot-check, a laboratory or an uploaded test report, with the
    laboratory's accreditation numbers (CNAS Lnnnn and/or the 12-digit CMA number); tested at
    most one year ago; every indicator of the scheme measured; the product of the scheme's
    category. A product that fails a requirement is recorded as not qualified, without grade.
    """
    scheme = GradingScheme.objects.filter(pk=scheme_id).first()
    if scheme is None:
        raise StandardsError(_("Choose a grading scheme."), field="scheme")
    try:
        product = product_get(pk=product_id)
    except NotFound:
        raise StandardsError(_("Choose a product."), field="product") from None
    region = getattr(product.enterprise, "region_id", None)
    if not may_record_grade(actor, product.enterprise_id, region):
        raise StandardsError(_("You may not record grades for this product."), field="product")
    if product.category != scheme.category:
        raise StandardsError(
            _("The scheme grades %(scheme)s; the product is in %(category)s."),
            field="product",
            scheme=scheme.category,
            category=product.category,
        )
    if source not in ResultSource.values:
        raise StandardsError(_("Say where the results come from."), field="source")
    if not laboratory.strip():
        raise StandardsError(_("Name the laboratory."), field="laboratory")
    numbers = [a.strip().upper() for a in re.split(r"[;,；，]", accreditation) if a.strip()]
    if not numbers or not all(_ACCREDITATION.match(a) for a in numbers):
        raise StandardsError(
            _(
                "Give the laboratory's accreditation numbers: CNAS L1234 and/or the 12-digit CMA number."
            ),
            field="accreditation",
        )
    if not report_no.strip():
        raise StandardsError(_("Give the test report number."), field="report_no")
    today = timezone.localdate()
    if tested_on > today:
        raise StandardsError(
            _("%(day)s is in the future"), field="tested_on", day=tested_on.isoformat()
        )
    if _add_months(tested_on, 12) < today:
        raise StandardsError(
            _("Results older than one year cannot fix a grade."), field="tested_on"
        )
    measured: dict[str, Decimal] = {}
    for n, ind in enumerate(scheme.indicators.all(), start=1):
        raw = values.get(ind.key)
        if raw in (None, ""):
            raise StandardsError(
                _("%(name)s has no measured value"), field=f"value_{ind.key}", name=ind.name
            )
        try:
            measured[ind.key] = _decimal(raw, row=n)
        except StandardsError:
            raise StandardsError(
                _("%(name)s: “%(value)s” is not a number"),
                field=f"value_{ind.key}",
                name=ind.name,
                value=raw,
            ) from None
    gates, graded = scheme_rules(scheme)
    outcome = ranking.grade(measured, grades=scheme.grades, gates=gates, graded=graded)
    a = GradeAssessment.objects.create(
        scheme=scheme,
        enterprise_id=product.enterprise_id,
        product=product,
        number=f"tmp-{timezone.now().timestamp()}",
        source=source,
        laboratory=laboratory.strip(),
        accreditation="; ".join(numbers),
        report_no=report_no.strip(),
        tested_on=tested_on,
        values={k: str(v) for k, v in measured.items()},
        qualified=outcome.qualified,
        grade=outcome.grade or "",
        detail={
            "per_indicator": outcome.per_indicator,
            "failed": outcome.failed_gates,
            "limiting": outcome.limiting,
        },
        valid_until=_add_months(tested_on, scheme.validity_months),
        created_by=actor.user,
    )
    a.number = f"QG{tested_on.year}{a.pk:07d}"
    a.save(update_fields=["number"])
    _audit(actor, "grade.record", a, number=a.number, grade=a.grade, qualified=a.qualified)
    return a


@transaction.atomic
def grade_withdraw(*, actor: Actor, assessment: GradeAssessment) -> GradeAssessment:
    region = getattr(assessment.enterprise, "region_id", None)
    if not may_record_grade(actor, assessment.enterprise_id, region):
        raise StandardsError(_("You may not withdraw this grade."))
    assessment.withdrawn = True
    assessment.save(update_fields=["withdrawn"])
    _audit(actor, "grade.withdraw", assessment, number=assessment.number)
    return assessment
