from django.urls import path

from qualitas.standards import views

app_name = "standards"
urlpatterns = [
    path("standards/", views.lookup, name="lookup"),
    path("standards/catalogue/", views.catalogue, name="catalogue"),
    path("standards/declarations/<int:declaration_pk>/", views.declaration, name="declaration"),
    path("standards/mine/", views.my_declarations, name="my_declarations"),
    path("standards/mine/new/", views.declare, name="declare"),
    path("standards/methodology/", views.methodology, name="methodology"),
    path("standards/forerunners/", views.forerunners, name="forerunners"),
    path("standards/forerunners/compute/", views.forerunner_compute, name="forerunner_compute"),
    path("standards/forerunners/<int:list_pk>/", views.forerunner_list, name="forerunner_list"),
    path(
        "standards/forerunners/<int:list_pk>.<str:fmt>",
        views.forerunner_export,
        name="forerunner_export",
    ),
    path("grades/", views.grades, name="grades"),
    path("grades/new/", views.grade_new, name="grade_new"),
    path("grades/<int:grade_pk>/", views.grade, name="grade"),
    path("grades/schemes/<int:scheme_pk>/", views.scheme, name="scheme"),
]
