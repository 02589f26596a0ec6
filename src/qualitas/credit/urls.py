from django.urls import path

from qualitas.credit import views

app_name = "credit"
urlpatterns = [
    path("credit/penalties/", views.penalties, name="penalties"),
    path("credit/penalties/<int:record_pk>/", views.penalty, name="penalty"),
    path("credit/desk/", views.desk, name="desk"),
    path("credit/desk/records/new/", views.record_new, name="record_new"),
    path("credit/desk/records/<int:record_pk>/", views.record, name="record"),
]
