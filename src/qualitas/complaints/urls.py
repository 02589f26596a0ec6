from django.urls import path

from qualitas.complaints import views

app_name = "complaints"
urlpatterns = [
    path("complaints/", views.intake, name="intake"),
    path("complaints/statistics/", views.statistics, name="statistics"),
    path("complaints/methodology/", views.methodology, name="methodology"),
    path("complaints/warnings/<int:warning_pk>/", views.public_warning, name="public_warning"),
    path("complaints/track/<str:token>/", views.track, name="track"),
    path("complaints/desk/", views.desk, name="desk"),
    path("complaints/desk/<int:complaint_pk>/", views.complaint, name="complaint"),
    path("complaints/desk/warnings/", views.warnings, name="warnings"),
    path("complaints/desk/warnings/<int:warning_pk>/", views.warning, name="warning"),
    path("complaints/mine/", views.mine, name="mine"),
]
