"""Writes of standards self-declaration: the catalogue and declarations (audited).

Every rule lives here so that the page, the API, an import and the CLI refuse the same things
with the same message (:class:`StandardsError`, naming the field and, for indicators, the row).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import Actor, NotFound, may_declare_for, may_keep_standards_catalogue
from qualitas.core.audit import audit_append
from qualitas.core.errors import DomainError
from qualitas.registry.selectors import product_get
from qualitas.standards import codes, units
from qualitas.standards.choices import DeclarationStatus, LimitKind, StandardKind, StandardStatus
from qualitas.standards.models import Declaration, DeclaredIndicator, Standard, StandardLimit


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
