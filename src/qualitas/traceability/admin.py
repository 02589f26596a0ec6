from django.contrib import admin

from qualitas.traceability.models import CompanyPrefix


@admin.register(CompanyPrefix)
class CompanyPrefixAdmin(admin.ModelAdmin[CompanyPrefix]):
    list_display = ("prefix", "enterprise", "note")
    search_fields = ("prefix",)
    raw_id_fields = ("enterprise",)
