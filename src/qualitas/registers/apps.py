from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "qualitas.registers"
    label = "registers"
    verbose_name = _("Authority registers")

    def ready(self) -> None:
        # contributions through core.providers (profile, search, indicators, deadlines)
        from qualitas.registers import notifications, providers  # noqa: F401
