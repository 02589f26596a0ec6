from django.contrib import admin

from qualitas.brands.models import Brand, BrandList, EvaluationMethod


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin[Brand]):
    list_display = ("name_zh", "kind", "category", "owner", "status")
    list_filter = ("kind", "status")
    search_fields = ("name_zh", "name_en")
    readonly_fields = ("created_at", "published_at")


@admin.register(EvaluationMethod)
class EvaluationMethodAdmin(admin.ModelAdmin[EvaluationMethod]):
    list_display = ("code", "version", "title_zh")


@admin.register(BrandList)
class BrandListAdmin(admin.ModelAdmin[BrandList]):
    list_display = ("code", "year", "tier", "status")
