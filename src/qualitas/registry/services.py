"""Writes to the registry. The only place that changes registry rows; every change is audited."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from qualitas.core.access import (
    JURISDICTION_FIELDS,
    Actor,
    Forbidden,
    can_edit_enterprise,
    may_change_jurisdiction,
    may_delete_enterprise,
    may_place_enterprise_in,
    may_register_enterprise,
)
from qualitas.core.audit import AuditRecord, audit_append, audit_append_many
from qualitas.core.errors import DomainError
from qualitas.registry.models import Contact, Enterprise, Product, Site
from qualitas.registry.search import token_string

_Child = TypeVar("_Child", Product, Site, Contact)

NOT_YOURS = _("You may not change this enterprise.")


class RegistryError(DomainError):
    """A registry write refused for a reason the user can fix; ``field`` names the input."""


ENTERPRISE_FIELDS = (
    "credit_code",
    "name_zh",
    "name_en",
    "region_id",
    "industry_id",
    "size_class",
    "status",
    "founded",
    "address",
    "website",
)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def enterprise_snapshot(enterprise: Enterprise) -> dict[str, Any]:
    """The audited fields of an enterprise as plain JSON values."""
    return {f: _jsonable(getattr(enterprise, f)) for f in ENTERPRISE_FIELDS}


def enterprise_prepare(enterprise: Enterprise) -> Enterprise:
    """Derive the denormalised fields (province, search tokens) before saving; invalidates cached searches."""
    from qualitas.registry.selectors import search_invalidate

    transaction.on_commit(search_invalidate)
    enterprise.province_id = enterprise.region_id[:2] + "0000"
    enterprise.search_tokens = token_string(
        enterprise.name_zh, enterprise.name_en or "", enterprise.credit_code
    )
    return enterprise


def enterprise_create(*, actor: Actor, data: dict[str, Any]) -> Enterprise:
    """Create an enterprise from validated data (see ``registry.validation``); audited."""
    enterprise = Enterprise(**data)
    if not may_register_enterprise(actor) or not may_place_enterprise_in(
        actor, enterprise.region_id
    ):
        raise Forbidden(_("You may not create enterprises in this region."))
    if Enterprise.objects.filter(credit_code=enterprise.credit_code).exists():
        raise RegistryError(
            _("An enterprise with credit code %(code)s already exists."),
            field="credit_code",
            code=enterprise.credit_code,
        )
    with transaction.atomic():
        enterprise_prepare(enterprise).save()
        audit_append(
            actor=actor.user,
            action="create",
            model="registry.enterprise",
            object_pk=enterprise.pk,
            changes=enterprise_snapshot(enterprise),
        )
    return enterprise


def enterprise_update(*, actor: Actor, enterprise: Enterprise, data: dict[str, Any]) -> Enterprise:
    """Change fields of an enterprise; the audit entry records old and new values of each changed field."""
    if not can_edit_enterprise(actor, enterprise):
        raise Forbidden(NOT_YOURS)
    if not may_change_jurisdiction(actor, enterprise):
        for name in JURISDICTION_FIELDS:
            if name in data and data[name] != getattr(enterprise, name):
                raise RegistryError(
                    _(
                        "Only the enterprise's authority may change this; "
                        "ask it to change it for you."
                    ),
                    field=name.removesuffix("_id"),
                )
    if (
        "credit_code" in data
        and data["credit_code"] != enterprise.credit_code
        and Enterprise.objects.filter(credit_code=data["credit_code"]).exists()
    ):
        raise RegistryError(
            _("An enterprise with this credit code already exists."), field="credit_code"
        )
    before = enterprise_snapshot(enterprise)
    for key, value in data.items():
        setattr(enterprise, key, value)
    if not may_place_enterprise_in(actor, enterprise.region_id):
        raise Forbidden(_("You may not move an enterprise out of your regions."))
    after = enterprise_snapshot(enterprise)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not changes:
        return enterprise
    with transaction.atomic():
        enterprise_prepare(enterprise).save()
        audit_append(
            actor=actor.user,
            action="update",
            model="registry.enterprise",
            object_pk=enterprise.pk,
            changes=changes,
        )
    return enterprise


def enterprise_delete(*, actor: Actor, enterprise: Enterprise) -> None:
    """Delete an enterprise (admins only), audited with its last state."""
    if not may_delete_enterprise(actor):
        raise Forbidden(_("Only administrators may delete enterprises."))
    with transaction.atomic():
        snapshot = enterprise_snapshot(enterprise)
        pk = enterprise.pk
        try:
            enterprise.delete()
        except ProtectedError:
            raise RegistryError(
                _(
                    "This enterprise still has users or records; set its status to "
                    "deregistered instead."
                ),
                field="status",
            ) from None
        audit_append(
            actor=actor.user,
            action="delete",
            model="registry.enterprise",
            object_pk=pk,
            changes=snapshot,
        )


def enterprises_bulk_create(
    *, actor: Any, enterprises: list[Enterprise], batch_size: int = 2000
) -> int:
    """Insert many validated enterprises in one transaction with one audit entry per row."""
    with transaction.atomic():
        for e in enterprises:
            enterprise_prepare(e)
        Enterprise.objects.bulk_create(enterprises, batch_size=batch_size)
        codes = [e.credit_code for e in enterprises]
        ids = (
            dict(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", "pk"))
            if len(codes) <= 50000
            else None
        )
        if ids is None:
            ids = {}
            for i in range(0, len(codes), 50000):
                ids.update(
                    Enterprise.objects.filter(credit_code__in=codes[i : i + 50000]).values_list(
                        "credit_code", "pk"
                    )
                )
        audit_append_many(
            actor=actor,
            records=[
                AuditRecord(
                    action="create",
                    model="registry.enterprise",
                    object_pk=str(ids[e.credit_code]),
                    changes=enterprise_snapshot(e),
                )
                for e in enterprises
            ],
        )
    return len(enterprises)


def _child_write(
    actor: Actor, enterprise: Enterprise, model: str, action: str, obj: Any, changes: dict[str, Any]
) -> None:
    if not can_edit_enterprise(actor, enterprise):
        raise Forbidden(NOT_YOURS)
    audit_append(actor=actor.user, action=action, model=model, object_pk=obj.pk, changes=changes)


def product_create(*, actor: Actor, enterprise: Enterprise, data: dict[str, Any]) -> Product:
    """Add a product (category, model, standards followed) to an enterprise; audited."""
    with transaction.atomic():
        product = Product.objects.create(enterprise=enterprise, **data)
        _child_write(
            actor,
            enterprise,
            "registry.product",
            "create",
            product,
            {"enterprise": enterprise.pk, **data},
        )
    return product


def site_create(*, actor: Actor, enterprise: Enterprise, data: dict[str, Any]) -> Site:
    """Add a production site to an enterprise; audited."""
    with transaction.atomic():
        site = Site.objects.create(enterprise=enterprise, **data)
        _child_write(
            actor,
            enterprise,
            "registry.site",
            "create",
            site,
            {"enterprise": enterprise.pk, **data},
        )
    return site


def contact_create(*, actor: Actor, enterprise: Enterprise, data: dict[str, Any]) -> Contact:
    """Add a contact person to an enterprise; audited."""
    with transaction.atomic():
        contact = Contact.objects.create(enterprise=enterprise, **data)
        _child_write(
            actor,
            enterprise,
            "registry.contact",
            "create",
            contact,
            {"enterprise": enterprise.pk, **data},
        )
    return contact


# --- products, sites, contacts: change and remove (audited on the child record, with its enterprise) ---


def _child_changes(obj: Any, data: dict[str, Any]) -> dict[str, list[Any]]:
    """Apply ``data`` to ``obj``; return ``{field: [old, new]}`` of the fields that changed."""
    changes: dict[str, list[Any]] = {}
    for key, value in data.items():
        old = getattr(obj, key)
        if old != value:
            changes[key] = [_jsonable(old), _jsonable(value)]
            setattr(obj, key, value)
    return changes


def _child_update(actor: Actor, obj: _Child, model: str, data: dict[str, Any]) -> _Child:
    enterprise = obj.enterprise
    if not can_edit_enterprise(actor, enterprise):
        raise Forbidden(NOT_YOURS)
    changes = _child_changes(obj, data)
    if not changes:
        return obj
    with transaction.atomic():
        obj.save(update_fields=list(changes))
        audit_append(
            actor=actor.user,
            action="update",
            model=model,
            object_pk=obj.pk,
            changes={"enterprise": enterprise.pk, **changes},
        )
    return obj


def _child_delete(actor: Actor, obj: Any, model: str, fields: tuple[str, ...]) -> None:
    enterprise = obj.enterprise
    if not can_edit_enterprise(actor, enterprise):
        raise Forbidden(NOT_YOURS)
    snapshot = {"enterprise": enterprise.pk, **{f: _jsonable(getattr(obj, f)) for f in fields}}
    pk = obj.pk
    with transaction.atomic():
        obj.delete()
        audit_append(actor=actor.user, action="delete", model=model, object_pk=pk, changes=snapshot)


PRODUCT_FIELDS = ("name_zh", "name_en", "category", "model", "standards")
SITE_FIELDS = ("name", "region_id", "address")
CONTACT_FIELDS = ("name", "title", "phone", "email")


def product_update(*, actor: Actor, product: Product, data: dict[str, Any]) -> Product:
    """Change a product; the audit entry records old and new values of each changed field."""
    return _child_update(actor, product, "registry.product", data)


def product_delete(*, actor: Actor, product: Product) -> None:
    """Remove a product, audited with its last state."""
    _child_delete(actor, product, "registry.product", PRODUCT_FIELDS)


def site_update(*, actor: Actor, site: Site, data: dict[str, Any]) -> Site:
    """Change a production site (name, region, address); audited old → new."""
    return _child_update(actor, site, "registry.site", data)


def site_delete(*, actor: Actor, site: Site) -> None:
    """Remove a production site, audited with its last state."""
    _child_delete(actor, site, "registry.site", SITE_FIELDS)


def contact_update(*, actor: Actor, contact: Contact, data: dict[str, Any]) -> Contact:
    """Change a contact person; audited old → new."""
    return _child_update(actor, contact, "registry.contact", data)


def contact_delete(*, actor: Actor, contact: Contact) -> None:
    """Remove a contact person, audited with its last state."""
    _child_delete(actor, contact, "registry.contact", CONTACT_FIELDS)
