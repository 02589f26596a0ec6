from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "qualitas.credit"
    label = "credit"
    verbose_name = _("Integrity and quality credit")

    def ready(self) -> None:
        # contributions through core.providers (profile, credit factors, search)
        from qualitas.credit import notifications, providers  # noqa: F401
