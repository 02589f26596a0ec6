"""Back-office views of credit records (read-mostly: changes go through the services)."""

from django.contrib import admin

from qualitas.credit.models import CreditRecord, ListEntry, Methodology, Rating, RepairRequest


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin[CreditRecord]):
    list_display = ("decision_no", "version", "enterprise", "penalty_type", "status", "decided_on")
    list_filter = ("status", "kind", "penalty_type")
    search_fields = ("decision_no",)
    raw_id_fields = ("enterprise", "previous")


@admin.register(ListEntry)
class ListEntryAdmin(admin.ModelAdmin[ListEntry]):
    list_display = ("enterprise", "kind", "status", "entered_on", "term_until", "exited_on")
    list_filter = ("kind", "status")
    raw_id_fields = ("enterprise", "record")


@admin.register(RepairRequest)
class RepairRequestAdmin(admin.ModelAdmin[RepairRequest]):
    list_display = ("enterprise", "target", "status", "submitted_on", "due_on", "decided_on")
    raw_id_fields = ("enterprise", "record", "listing")


admin.site.register(Methodology)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin[Rating]):
    list_display = ("enterprise", "klass", "score", "as_of", "current")
    raw_id_fields = ("enterprise",)
