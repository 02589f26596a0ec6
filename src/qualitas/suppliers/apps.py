from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "qualitas.suppliers"
    label = "suppliers"
    verbose_name = _("Supplier quality")

    def ready(self) -> None:
        # contributions through core.providers (evaluation evidence, credit factor)
        from qualitas.suppliers import notifications, providers  # noqa: F401
