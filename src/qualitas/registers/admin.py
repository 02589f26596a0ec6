from django.contrib import admin

from qualitas.registers.models import (
    CaseFigure,
    CaseTopic,
    LabAssessment,
    Laboratory,
    LabTestItem,
    TypicalCase,
)


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


class CaseFigureInline(admin.TabularInline[CaseFigure, TypicalCase]):
    model = CaseFigure
    extra = 0


class CaseTopicInline(admin.TabularInline[CaseTopic, TypicalCase]):
    model = CaseTopic
    extra = 0


@admin.register(TypicalCase)
class TypicalCaseAdmin(admin.ModelAdmin[TypicalCase]):
    list_display = ("name_zh", "case_type", "industry", "region", "status")
    list_filter = ("status", "case_type")
    inlines = [CaseFigureInline, CaseTopicInline]
