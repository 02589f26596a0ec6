from django.contrib import admin

from qualitas.supervision.models import Campaign, ProductRule, Sample, TestItem


class TestItemInline(admin.TabularInline[TestItem, ProductRule]):
    model = TestItem
    extra = 0


@admin.register(ProductRule)
class ProductRuleAdmin(admin.ModelAdmin[ProductRule]):
    list_display = ("code", "product_zh", "document", "verdict_rule")
    inlines = [TestItemInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = ("code", "title_zh", "level", "region", "year", "status", "seed")
    list_filter = ("status", "level", "year")
    readonly_fields = ("seed", "frame_size", "frame_digest", "method", "allocation", "drawn_at")


@admin.register(Sample)
class SampleAdmin(admin.ModelAdmin[Sample]):
    list_display = ("code", "enterprise", "rule", "status", "verdict", "final_verdict")
    list_filter = ("status", "final_verdict")
    raw_id_fields = ("enterprise", "campaign")
