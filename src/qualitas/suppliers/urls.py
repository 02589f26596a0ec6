from django.urls import path

from qualitas.suppliers import views

app_name = "suppliers"
urlpatterns = [
    path("suppliers/", views.home, name="home"),
    path("suppliers/<int:supplier_pk>/", views.supplier, name="supplier"),
    path("suppliers/lots/<int:lot_pk>/", views.lot, name="lot"),
]
