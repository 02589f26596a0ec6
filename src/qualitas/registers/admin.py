from django.contrib import admin

from qualitas.registers.models import LabAssessment, Laboratory, LabTestItem


class LabTestItemInline(admin.TabularInline[LabTestItem, Laboratory]):
    model = LabTestItem
    extra = 0


class LabAssessmentInline(admin.TabularInline[LabAssessment, Laboratory]):
    model = LabAssessment
    extra = 0


@admin.register(Laboratory)
class LaboratoryAdmin(admin.ModelAdmin[Laboratory]):
    list_display = ("code", "name_zh", "region", "status", "cma_no", "cnas_no")
    list_filter = ("status",)
    inlines = [LabTestItemInline, LabAssessmentInline]
