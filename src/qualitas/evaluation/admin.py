from django.contrib import admin
from django.http import HttpRequest

from qualitas.evaluation.models import (
    Appeal,
    Assessment,
    Assignment,
    Campaign,
    ChainInvitation,
    COIDeclaration,
    Framework,
    GateRecord,
    Qualification,
    RegionalTarget,
    Requirement,
    Result,
)


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin[Framework]):
    list_display = ("code", "version", "name_zh", "status", "imported_at")
    list_filter = ("status",)


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin[Requirement]):
    list_display = ("code", "framework", "level", "text_zh")
    list_filter = ("framework", "level")
    search_fields = ("code", "text_zh", "text_en")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin[Assessment]):
    list_display = ("enterprise", "framework", "status", "level", "score", "submitted_at")
    list_filter = ("status", "level")
    raw_id_fields = ("enterprise",)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin[Campaign]):
    list_display = ("name", "region", "deadline", "status", "created_at")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ("campaign", "enterprise", "institution", "status", "deadline")
    list_filter = ("status",)
    raw_id_fields = ("enterprise",)


@admin.register(Qualification)
class QualificationAdmin(admin.ModelAdmin[Qualification]):
    list_display = ("user", "title", "certificate_no", "industries", "valid_from", "valid_until")


@admin.register(COIDeclaration)
class COIDeclarationAdmin(admin.ModelAdmin[COIDeclaration]):
    list_display = ("user", "enterprise", "kind", "started_on", "ended_on", "declared_at")
    raw_id_fields = ("enterprise",)


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin[Result]):
    """Read-only in the back office: results change only through the services (versions)."""

    list_display = (
        "enterprise",
        "version",
        "level",
        "score",
        "status",
        "valid_until",
        "certificate_code",
    )
    list_filter = ("status", "level")
    raw_id_fields = ("enterprise",)

    def has_change_permission(self, request: HttpRequest, obj: Result | None = None) -> bool:
        return False


admin.site.register(Appeal)
admin.site.register(GateRecord)
admin.site.register(ChainInvitation)
admin.site.register(RegionalTarget)
