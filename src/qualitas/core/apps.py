from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qualitas.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        # the core's own items on the home page's to-do list (core.providers)
        from qualitas.core import todo  # noqa: F401
