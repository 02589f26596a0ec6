from django.urls import path

from qualitas.registers.views import labs

app_name = "registers"
urlpatterns = [
    path("registers/laboratories/", labs.public_list, name="laboratories"),
    path("registers/laboratories/<int:lab_pk>/", labs.detail, name="laboratory"),
    path("registers/desk/laboratories/", labs.desk, name="lab_desk"),
    path("registers/desk/laboratories/new/", labs.edit, name="lab_new"),
    path("registers/desk/laboratories/<int:lab_pk>/edit/", labs.edit, name="lab_edit"),
]
