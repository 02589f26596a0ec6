from django.contrib import admin

from qualitas.registry.models import (
    Contact,
    Enterprise,
    Industry,
    Institution,
    Product,
    Region,
    Site,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ("code", "name_zh", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin[Industry]):
    list_display = ("code", "name_zh", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "name_en")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin[Institution]):
    list_display = ("name_zh", "kind", "region")
    list_filter = ("kind",)
    search_fields = ("name_zh", "name_en")


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
