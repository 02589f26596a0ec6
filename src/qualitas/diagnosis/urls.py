from django.urls import path

from qualitas.diagnosis import views

app_name = "diagnosis"
urlpatterns = [
    path("diagnosis/", views.dashboard, name="dashboard"),
    path("diagnosis/characteristics/new/", views.characteristic_new, name="characteristic_new"),
    path("diagnosis/characteristics/<int:char_pk>/", views.characteristic, name="characteristic"),
    path("diagnosis/alerts/<int:alert_pk>/", views.alert, name="alert"),
    path("diagnosis/datasets/new/", views.dataset_new, name="dataset_new"),
    path("diagnosis/datasets/<int:dataset_pk>/", views.dataset, name="dataset"),
    path("diagnosis/jobs/<int:job_pk>/", views.job, name="job"),
    path("diagnosis/studies/new/", views.study_new, name="study_new"),
    path("diagnosis/studies/<int:study_pk>/", views.study, name="study"),
    path("diagnosis/studies/<int:study_pk>/report/", views.study_report, name="study_report"),
    path("diagnosis/studies/<int:study_pk>/report.pdf", views.study_pdf, name="study_pdf"),
    path("diagnosis/authority/", views.authority, name="authority"),
    path(
        "diagnosis/authority/<str:table>.<str:fmt>",
        views.authority_export,
        name="authority_export",
    ),
    path("diagnosis/tokens/", views.tokens, name="tokens"),
]
