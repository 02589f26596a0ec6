from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndexConfig(AppConfig):
    name = "qualitas.index"
    label = "index"
    verbose_name = _("Quality index and map")
