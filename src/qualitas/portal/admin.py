from django.contrib import admin

from qualitas.portal.models import SearchIndexBuild


@admin.register(SearchIndexBuild)
class SearchIndexBuildAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("started_at", "finished_at", "seconds")
    readonly_fields = ("started_at", "finished_at", "counts", "seconds")
