from django.urls import path

from qualitas.brands import views

app_name = "brands"
urlpatterns = [
    path("brands/", views.index, name="index"),
    path("brands/new/", views.brand_new, name="brand_new"),
    path("brands/mine/", views.mine, name="mine"),
    path("brands/methodology/", views.methodology, name="methodology"),
    path("brands/lists/", views.lists, name="lists"),
    path("brands/lists/<int:list_pk>/", views.brand_list, name="list"),
    path("brands/<int:brand_pk>/", views.brand, name="brand"),
    path("brands/<int:brand_pk>/evaluate/", views.evaluate, name="evaluate"),
]
