from django.urls import path

from qualitas.standards import views

app_name = "standards"
urlpatterns = [
    path("standards/", views.lookup, name="lookup"),
    path("standards/catalogue/", views.catalogue, name="catalogue"),
    path("standards/declarations/<int:declaration_pk>/", views.declaration, name="declaration"),
    path("standards/mine/", views.my_declarations, name="my_declarations"),
    path("standards/mine/new/", views.declare, name="declare"),
]
