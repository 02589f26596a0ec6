from django.urls import path

from qualitas.suppliers import views

app_name = "suppliers"
urlpatterns = [
    path("suppliers/", views.home, name="home"),
    path("suppliers/scorecards/", views.scorecards, name="scorecards"),
    path("suppliers/scorecards.<str:fmt>", views.scorecards_export, name="scorecards_export"),
    path("suppliers/<int:supplier_pk>/", views.supplier, name="supplier"),
    path("suppliers/lots/<int:lot_pk>/", views.lot, name="lot"),
    path("suppliers/audits/<int:audit_pk>/", views.audit_page, name="audit"),
    path("suppliers/audits/<int:audit_pk>/report.pdf", views.audit_pdf, name="audit_pdf"),
    path("suppliers/actions/<int:action_pk>/", views.action, name="action"),
]
