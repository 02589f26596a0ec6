from django.contrib import admin

from qualitas.core.models import AuditCheckpoint, AuditEntry, Consent, Job, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    list_display = ("user", "role", "enterprise", "institution")
    list_filter = ("role",)
    raw_id_fields = ("enterprise", "institution")
    filter_horizontal = ("regions",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """The audit log is read-only everywhere, the admin included."""

    list_display = ("seq", "at", "actor", "action", "model", "object_pk")
    list_filter = ("action", "model")
    search_fields = ("object_pk", "actor")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(AuditCheckpoint)
admin.site.register(Consent)
admin.site.register(Job)
