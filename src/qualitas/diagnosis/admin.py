from django.contrib import admin

from qualitas.diagnosis.models import (
    Alert,
    AssignableCause,
    CapabilitySummary,
    Characteristic,
    CorrectiveAction,
    DataSet,
    IngestBatch,
    Study,
)


@admin.register(Characteristic)
class CharacteristicAdmin(admin.ModelAdmin[Characteristic]):
    list_display = ("name", "unit", "enterprise", "chart_type", "monitored", "last_cpk")
    list_filter = ("monitored", "chart_type")
    search_fields = ("name",)
    raw_id_fields = ("enterprise", "site", "product", "frozen_from")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin[Alert]):
    list_display = ("characteristic", "rule", "status", "opened_at", "occurrences")
    list_filter = ("status", "rule")
    raw_id_fields = ("characteristic",)


@admin.register(AssignableCause, CorrectiveAction)
class ManagedItemAdmin(admin.ModelAdmin[AssignableCause | CorrectiveAction]):
    list_display = ("code", "name_zh", "name_en", "enterprise", "active")
    raw_id_fields = ("enterprise",)


@admin.register(Study)
class StudyAdmin(admin.ModelAdmin[Study]):
    list_display = ("title", "kind", "enterprise", "created_at")
    raw_id_fields = ("enterprise", "characteristic", "dataset")
    exclude = ("results",)


admin.site.register(DataSet)
admin.site.register(IngestBatch)
admin.site.register(CapabilitySummary)
