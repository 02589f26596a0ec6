"""URL configuration: pages per app, the API under /api/, the admin site, i18n; the error pages."""

from django.contrib import admin
from django.urls import include, path

from qualitas.config.api import api
from qualitas.core import account

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # the language switch remembers a logged-in user's choice (e-mails in it); before Django's own
    path("i18n/setlang/", account.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("qualitas.core.urls")),
    path("", include("qualitas.registry.urls")),
    path("", include("qualitas.evaluation.urls")),
    path("", include("qualitas.diagnosis.urls")),
    path("", include("qualitas.index.urls")),
    path("", include("qualitas.traceability.urls")),
    path("", include("qualitas.supervision.urls")),
    path("", include("qualitas.complaints.urls")),
    path("", include("qualitas.credit.urls")),
    path("", include("qualitas.suppliers.urls")),
    path("", include("qualitas.standards.urls")),
    path("", include("qualitas.brands.urls")),
    path("", include("qualitas.registers.urls")),
    path("", include("qualitas.portal.urls")),
]

# Styled error pages in the page's language, with the site header and a way back (core.views).
handler403 = "qualitas.core.views.forbidden"
handler404 = "qualitas.core.views.not_found"
handler500 = "qualitas.core.views.server_error"
