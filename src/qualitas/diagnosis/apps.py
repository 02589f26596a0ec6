from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "qualitas.diagnosis"
    label = "diagnosis"
    verbose_name = _("Problem diagnosis")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # contributions through core.providers (profile, evidence, indicators, credit, search, to-do)
        from qualitas.diagnosis import providers, todo  # noqa: F401
