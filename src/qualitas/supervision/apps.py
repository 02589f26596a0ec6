from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "qualitas.supervision"
    label = "supervision"
    verbose_name = _("Supervision spot-checks")

    def ready(self) -> None:
        # contributions through core.providers (profile, evidence, indicators, credit, search, to-do)
        from qualitas.supervision import providers, todo  # noqa: F401
