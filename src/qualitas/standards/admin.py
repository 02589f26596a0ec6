from django.contrib import admin

from qualitas.standards.models import Declaration, DeclaredIndicator, Standard, StandardLimit


class StandardLimitInline(admin.TabularInline[StandardLimit, Standard]):
    model = StandardLimit
    extra = 0


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin[Standard]):
    list_display = ("code", "title_zh", "kind", "mandatory", "status")
    list_filter = ("kind", "status", "mandatory")
    search_fields = ("code", "title_zh", "title_en")
    inlines = [StandardLimitInline]


class DeclaredIndicatorInline(admin.TabularInline[DeclaredIndicator, Declaration]):
    model = DeclaredIndicator
    extra = 0


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin[Declaration]):
    list_display = ("product", "enterprise", "version", "status", "published_at")
    list_filter = ("status",)
    inlines = [DeclaredIndicatorInline]
    raw_id_fields = ("enterprise", "product")
