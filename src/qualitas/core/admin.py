from typing import Any

from django.contrib import admin
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from qualitas.core.audit import audit_append
from qualitas.core.models import (
    ApiToken,
    AuditCheckpoint,
    AuditEntry,
    Consent,
    Job,
    Notification,
    Profile,
)

# The admin site under the platform's name, in the reader's language (not "Django 管理").
admin.site.site_header = _("Qualitas administration")
admin.site.site_title = _("Qualitas administration")
admin.site.index_title = _("Platform data")

# Names third-party apps give their models and fields through gettext_lazy, listed here so the
# platform's catalogue translates them (no Chinese ships with django-tasks-db or django-axes).
THIRD_PARTY_NAMES = (
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
)


def _profile_state(profile: Profile) -> dict[str, Any]:
    return {
        "role": profile.role,
        "enterprise": profile.enterprise_id,
        "institution": profile.institution_id,
        "regions": sorted(profile.regions.values_list("code", flat=True)) if profile.pk else [],
    }


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin[Profile]):
    """Who may see what follows from a profile: every change made here is audited."""

    list_display = ("user", "role", "enterprise", "institution")
    list_filter = ("role",)
    raw_id_fields = ("enterprise", "institution")
    filter_horizontal = ("regions",)

    def save_related(
        self, request: HttpRequest, form: ModelForm[Profile], formsets: Any, change: bool
    ) -> None:
        # regions are saved with the related objects, so the audit entry is written after them
        before = getattr(form.instance, "_audit_before", {})
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            after = _profile_state(form.instance)
            changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
            if changes:
                audit_append(
                    actor=request.user,
                    action="update" if change else "create",
                    model="core.profile",
                    object_pk=form.instance.pk,
                    changes=changes,
                )

    def save_model(
        self, request: HttpRequest, obj: Profile, form: ModelForm[Profile], change: bool
    ) -> None:
        before = _profile_state(Profile.objects.get(pk=obj.pk)) if change and obj.pk else {}
        setattr(obj, "_audit_before", before)  # noqa: B010 - read back in save_related
        super().save_model(request, obj, form, change)


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """API tokens: the secret is never stored; an administrator can see and revoke them here."""

    list_display = (
        "name",
        "prefix",
        "user",
        "enterprise",
        "created_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("revoked_at",)
    raw_id_fields = ("user", "enterprise", "created_by")
    readonly_fields = ("hash", "prefix", "last_used_at", "created_at")
    search_fields = ("name", "prefix", "user__username")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """Notifications are written by the apps; an administrator can read and delete them."""

    list_display = ("user", "kind", "created_at", "read_at", "key")
    list_filter = ("kind",)
    raw_id_fields = ("user",)
    search_fields = ("user__username", "key")
