from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndexConfig(AppConfig):
    name = "qualitas.index"
    label = "index"
    verbose_name = _("Quality index and map")

    def ready(self) -> None:
        # contributions through core.providers (profile, evidence, indicators, credit, search, to-do)
        from qualitas.index import providers, todo  # noqa: F401
