from django.contrib import admin
from django.http import HttpRequest

from qualitas.index.models import IndexRun, MethodologyVersion, Warning, WarningRule


@admin.register(MethodologyVersion)
class MethodologyVersionAdmin(admin.ModelAdmin[MethodologyVersion]):
    list_display = ("code", "title", "status", "base_period", "published_at")
    list_filter = ("status",)

    def get_readonly_fields(
        self, request: HttpRequest, obj: MethodologyVersion | None = None
    ) -> list[str]:
        if obj is not None and obj.status != "draft":
            return [f.name for f in obj._meta.fields]
        return ["status", "published_at", "published_by"]


@admin.register(IndexRun)
class IndexRunAdmin(admin.ModelAdmin[IndexRun]):
    list_display = ("pk", "version", "status", "started_at", "observations", "digest")
    readonly_fields = (
        "version",
        "status",
        "job",
        "finished_at",
        "observations",
        "digest",
        "references",
        "periods",
        "message",
    )


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin[WarningRule]):
    list_display = (
        "name",
        "kind",
        "indicator",
        "amount",
        "threshold",
        "k",
        "region_prefix",
        "industry",
        "active",
    )


@admin.register(Warning)
class WarningAdmin(admin.ModelAdmin[Warning]):
    list_display = ("rule", "region", "industry", "period", "status", "created_at")
    list_filter = ("status",)
    readonly_fields = (
        "rule",
        "run",
        "region",
        "industry",
        "period",
        "indicator",
        "numbers",
        "enterprise_ids",
    )
