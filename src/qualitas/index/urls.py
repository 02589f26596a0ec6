from django.urls import path

from qualitas.index import views

app_name = "index"
urlpatterns = [
    path("index/", views.dashboard, name="dashboard"),
    path("index/map/", views.map_page, name="map"),
    path("index/geo/provinces.geojson", views.geo_provinces, name="geo_provinces"),
    path("index/geo/nine-dash-line.geojson", views.geo_nine_dash, name="geo_nine_dash"),
    path("index/geo/<str:province>.geojson", views.geo_cities, name="geo_cities"),
    path("index/export/<str:table>.<str:fmt>", views.export, name="export"),
    path("index/methodology/", views.methodology, name="methodology"),
    path("index/methodology/new/", views.version_new, name="version_new"),
    path("index/methodology/<int:version_pk>/", views.version, name="version"),
    path("index/warnings/", views.warnings, name="warnings"),
    path("index/warnings/<int:warning_pk>/", views.warning, name="warning"),
    path("index/rules/", views.rules, name="rules"),
    path("index/rules/<int:rule_pk>/", views.rule, name="rule"),
    path("index/recompute/", views.recompute, name="recompute"),
    path("index/jobs/<int:job_pk>/", views.job, name="job"),
]
