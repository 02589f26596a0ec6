from django.urls import path

from qualitas.credit import views

app_name = "credit"
urlpatterns = [
    path("credit/penalties/", views.penalties, name="penalties"),
    path("credit/penalties/<int:record_pk>/", views.penalty, name="penalty"),
    path("credit/lists/", views.lists, name="lists"),
    path("credit/methodology/", views.methodology, name="methodology"),
    path("credit/methodology/new/", views.methodology_new, name="methodology_new"),
    path("credit/methodology/<str:code>/edit/", views.methodology_edit, name="methodology_edit"),
    path("credit/ratings/<int:enterprise_pk>/", views.rating, name="rating"),
    path("credit/appeals/<int:appeal_pk>/", views.appeal, name="appeal"),
    path("credit/desk/", views.desk, name="desk"),
    path("credit/desk/records/new/", views.record_new, name="record_new"),
    path("credit/desk/records/<int:record_pk>/", views.record, name="record"),
    path("credit/desk/lists/new/", views.listing_new, name="listing_new"),
    path(
        "credit/desk/lists/<int:listing_pk>/publish/", views.listing_publish, name="listing_publish"
    ),
    path("credit/repairs/<int:repair_pk>/", views.repair, name="repair"),
    path("credit/loans/", views.loans, name="loans"),
    path("credit/exports/<str:table>.<str:fmt>", views.export, name="export"),
]
