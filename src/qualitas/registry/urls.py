from django.urls import path

from qualitas.registry import views

app_name = "registry"
urlpatterns = [
    path("enterprises/", views.search, name="search"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/export.<str:fmt>", views.export, name="export"),
    path("enterprises/<int:pk>/", views.profile, name="profile"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path(
        "enterprises/<int:pk>/products/new/",
        views.child_new,
        {"kind": "product"},
        name="product_new",
    ),
    path(
        "enterprises/<int:pk>/products/<int:product_pk>/",
        views.child,
        {"kind": "product"},
        name="product",
    ),
    path("enterprises/<int:pk>/sites/new/", views.child_new, {"kind": "site"}, name="site_new"),
    path("enterprises/<int:pk>/sites/<int:site_pk>/", views.child, {"kind": "site"}, name="site"),
    path(
        "enterprises/<int:pk>/contacts/new/",
        views.child_new,
        {"kind": "contact"},
        name="contact_new",
    ),
    path(
        "enterprises/<int:pk>/contacts/<int:contact_pk>/",
        views.child,
        {"kind": "contact"},
        name="contact",
    ),
    path("consents/", views.consents, name="consents"),
    path(
        "consents/<int:consent_pk>/withdraw/", views.consent_withdraw_view, name="consent_withdraw"
    ),
    path("institutions/", views.institutions, name="institutions"),
    path("institutions/<int:institution_pk>/", views.institution, name="institution"),
    path("registry/stats/", views.stats, name="stats"),
    path("registry/stats/<str:table>.<str:fmt>", views.stats_export, name="stats_export"),
    path("registry/import/", views.import_page, name="import"),
    path("registry/import/template.<str:fmt>", views.import_template, name="import_template"),
    path("registry/jobs/<int:registry_job_pk>/", views.job, name="job"),
]
