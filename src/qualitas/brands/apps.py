from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandsConfig(AppConfig):
    name = "qualitas.brands"
    label = "brands"
    verbose_name = _("Brands")

    def ready(self) -> None:
        # contributions through core.providers (profile, credit, search)
        from qualitas.brands import providers  # noqa: F401
