from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "qualitas.complaints"
    label = "complaints"
    verbose_name = _("Consumer complaints")

    def ready(self) -> None:
        # contributions through core.providers (indicator, credit factor, to-do)
        from qualitas.complaints import providers, todo  # noqa: F401
