from django.contrib import admin

from qualitas.complaints.models import Complaint, ProblemWarning


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin[Complaint]):
    # the sealed contact and the token's hash stay out of the admin site
    exclude = ("contact_sealed", "token_hash")
    list_display = ("code", "category", "problem", "region", "status", "received_on", "deadline")
    list_filter = ("status", "category", "problem")
    raw_id_fields = ("enterprise", "region")


@admin.register(ProblemWarning)
class ProblemWarningAdmin(admin.ModelAdmin[ProblemWarning]):
    list_display = ("category", "region", "problem", "window_end", "size", "status")
    list_filter = ("status", "category", "problem")
    raw_id_fields = ("region",)
    filter_horizontal = ()
    exclude = ("evidence",)
