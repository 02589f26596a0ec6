from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceabilityConfig(AppConfig):
    name = "qualitas.traceability"
    label = "traceability"
    verbose_name = _("Traceability and recalls")

    def ready(self) -> None:
        # contributions through core.providers (profile, evidence, indicators, credit, search, to-do)
        from qualitas.traceability import providers, todo  # noqa: F401
