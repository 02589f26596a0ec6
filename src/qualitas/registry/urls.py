from django.urls import path

from qualitas.registry import views

app_name = "registry"
urlpatterns = [
    path("enterprises/", views.search, name="search"),
    path("enterprises/export.<str:fmt>", views.export, name="export"),
    path("enterprises/<int:pk>/", views.profile, name="profile"),
    path("registry/stats/", views.stats, name="stats"),
    path("registry/import/", views.import_page, name="import"),
    path("registry/jobs/<int:registry_job_pk>/", views.job, name="job"),
]
