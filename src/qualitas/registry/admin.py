from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest

from qualitas.core.audit import audit_append
from qualitas.registry.models import (
    Contact,
    Enterprise,
    Industry,
    Institution,
    Product,
    Region,
    Site,
)


class CodeListAdmin(admin.ModelAdmin[Any]):
    """Code lists are facts loaded from ``qualitas/data`` on migrate: read-only here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(CodeListAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Industry)
class IndustryAdmin(CodeListAdmin):
    list_display = ("code", "name_zh", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "name_en")


INSTITUTION_FIELDS = ("kind", "name_zh", "name_en", "credit_code", "region_id")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin[Institution]):
    """Institutions are registry records: every change made here lands in the audit log."""

    list_display = ("name_zh", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("name_zh", "name_en")

    def save_model(
        self, request: HttpRequest, obj: Institution, form: ModelForm[Institution], change: bool
    ) -> None:
        before = {}
        if change and obj.pk:
            old = Institution.objects.get(pk=obj.pk)
            before = {f: getattr(old, f) for f in INSTITUTION_FIELDS}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = {f: getattr(obj, f) for f in INSTITUTION_FIELDS}
            changes = (
                {
                    f: [before.get(f), after[f]]
                    for f in INSTITUTION_FIELDS
                    if before.get(f) != after[f]
                }
                if change
                else after
            )
            audit_append(
                actor=request.user,
                action="update" if change else "create",
                model="registry.institution",
                object_pk=obj.pk,
                changes=changes,
            )

    def has_delete_permission(self, request: HttpRequest, obj: Institution | None = None) -> bool:
        return False  # institutions have members and history: deleting one in bulk would skip the audit


class ProductInline(admin.TabularInline[Product, Enterprise]):
    model = Product
    extra = 0


class SiteInline(admin.TabularInline[Site, Enterprise]):
    model = Site
    extra = 0


class ContactInline(admin.TabularInline[Contact, Enterprise]):
    model = Contact
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    """Read-mostly in the admin: writes go through the audited services (pages and API)."""

    list_display = ("credit_code", "name_zh", "region", "industry", "size_class", "status")
    list_filter = ("size_class", "status")
    search_fields = ("credit_code", "name_zh")
    raw_id_fields = ("region", "province", "industry")
    inlines = [ProductInline, SiteInline, ContactInline]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
